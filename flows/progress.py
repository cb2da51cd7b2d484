"""Progress on stderr: documents and pages done, rate and time left.

On a terminal one line is redrawn in place; elsewhere (logs, CI) a line is printed every few seconds.
"""

from __future__ import annotations

import sys
import threading
import time
from typing import TextIO

from extractors.records import DocumentResult


def _clock(seconds: float) -> str:
    seconds = int(max(0, seconds))
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class Progress:
    def __init__(self, *, stream: TextIO | None = None, enabled: bool = True, interval: float = 5.0):
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.interval = interval
        self.total = 0
        self.done = 0
        self.pages = 0
        self.ocr_pages = 0
        self.failed = 0
        self.started = time.monotonic()
        self._last = 0.0
        self._lock = threading.Lock()
        self._drawn = False

    def start(self, total: int, *, label: str = "documents") -> None:
        self.total = total
        self.started = time.monotonic()
        if self.enabled and total:
            self._write(f"leaksift: processing {total} {label}", final=True)

    def more(self, count: int) -> None:
        """``count`` more documents to read: the parts (attachments, members, messages) of containers."""
        with self._lock:
            self.total += count

    def update(self, result: DocumentResult) -> None:
        with self._lock:
            self.done += 1
            self.pages += len(result.pages)
            self.ocr_pages += sum(1 for p in result.pages if p.method == "ocr")
            self.failed += result.document.status == "failed"
            now = time.monotonic()
            if self.enabled and (self.tty or now - self._last >= self.interval or self.done == self.total):
                self._last = now
                self._write(self._line(now), final=not self.tty)

    def _line(self, now: float) -> str:
        elapsed = now - self.started
        rate = self.done / elapsed if elapsed > 0 else 0.0
        left = (self.total - self.done) / rate if rate > 0 else 0.0
        pct = 100 * self.done / self.total if self.total else 100
        failed = f", {self.failed} failed" if self.failed else ""
        return (
            f"  [{self.done}/{self.total} docs {pct:3.0f}%] {self.pages} pages ({self.ocr_pages} OCR){failed}"
            f"  {rate:.2f} docs/s  elapsed {_clock(elapsed)}  left {_clock(left)}"
        )

    def finish(self) -> None:
        if self.enabled and self.tty and self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False

    def _write(self, line: str, *, final: bool) -> None:
        if final:
            if self._drawn:
                self.stream.write("\n")
            self.stream.write(line + "\n")
            self._drawn = False
        else:
            self.stream.write("\r\033[K" + line)
            self._drawn = True
        self.stream.flush()


_current: Progress | None = None


def set_current(progress: Progress | None) -> None:
    global _current
    _current = progress


def current() -> Progress:
    return _current or Progress(enabled=False)
