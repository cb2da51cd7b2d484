"""7-Zip archives: a .7z file in, every regular member streamed to the sink as a part; the archive itself
has no pages.

py7zr decompresses by pushing each member's bytes into a writer; the sink pulls chunks. A worker
thread runs the extraction and hands the chunks over through a small queue, so a member is never held
whole in memory and a member the sink refuses (a limit) is dropped as it is decompressed, or the
extraction is stopped once the sink is full.

Encryption: a 7z whose listing is encrypted (``-mhe``) opens only with a candidate password; one whose
content alone is encrypted names its members, and a candidate password is tried on the first megabyte
(a wrong AES key yields data LZMA refuses). When none opens it, each member is a failed row and the
archive raises ``EncryptedFileError``.
"""

from __future__ import annotations

import queue
import threading
from pathlib import Path

from extractors.errors import CorruptFileError, EncryptedFileError
from extractors.read.archives.members import count_rest, encrypted_reason, link_reason, one_line, special_reason
from extractors.read.crypto import candidate_passwords
from extractors.read.parts import CHUNK, Extracted, PartSink, unsafe_reason
from extractors.settings import Settings

ENCRYPTED = (
    "the 7z archive is encrypted with a password; put the password in a file named by LEAKSIFT_PASSWORDS and run again"
)
_END = object()


class _Stop(Exception):
    """Raised into py7zr's extraction to end it (the sink is full, or a password probe read enough)."""


def read_7z(path: Path, sink: PartSink, settings: Settings) -> Extracted:
    """Every regular member of the 7z as a part."""
    passwords = candidate_passwords(settings)
    archive, password = _open(path, passwords)
    with archive:
        wanted: list[str] = []
        for f in archive.files:
            if f.is_directory:
                continue
            if f.is_symlink or f.is_junction:
                sink.skip(f.filename, link_reason("symbolic link", None))
            elif f.is_socket:
                sink.skip(f.filename, special_reason("socket"))
            elif unsafe_reason(f.filename):
                sink.add(f.filename, b"")  # the sink refuses it and makes the row
            else:
                wanted.append(f.filename)
        locked = archive.needs_password() and password is None
    if locked:
        password = next((p for p in passwords if _opens(path, p, wanted)), None)
        if password is None:
            for name in wanted:
                sink.skip(name, encrypted_reason(settings), status="failed")
            raise EncryptedFileError(ENCRYPTED)
    if wanted:
        _Extraction(path, password, wanted, sink).run()
    return Extracted(pages=[])


def _open(path: Path, passwords: list[str]):
    """The archive opened, with the password its listing needed (None when it needed none)."""
    import py7zr

    for password in [None, *passwords]:
        try:
            return py7zr.SevenZipFile(path, password=password), password
        except py7zr.PasswordRequired:
            continue
        except Exception as exc:  # a wrong password garbles the listing; damage looks the same
            if password is None:
                raise CorruptFileError(
                    f"not a readable 7z archive ({one_line(exc)}); the file may be truncated or damaged"
                ) from exc
    raise EncryptedFileError(ENCRYPTED)


def _opens(path: Path, password: str, wanted: list[str]) -> bool:
    """Whether the password decrypts the content: its first megabyte decompresses."""
    import py7zr
    from py7zr.io import WriterFactory

    seen = [0]

    class Probe(_Writer):
        def write(self, s) -> int:
            seen[0] += len(s)
            if seen[0] >= CHUNK:
                raise _Stop
            return len(s)

    class Factory(WriterFactory):
        def create(self, filename: str):
            return Probe()

    try:
        with open(path, "rb") as fh, py7zr.SevenZipFile(fh, password=password) as archive:
            archive.extract(targets=wanted, factory=Factory())
    except _Stop:
        return True
    except Exception:  # the wrong key: LZMA refuses the data, or a checksum fails
        return False
    return True


class _Writer:
    """The file-like object py7zr writes a member into (``py7zr.io.Py7zIO``'s methods)."""

    discard = False

    def write(self, s) -> int:
        return len(s)

    def read(self, size=None) -> bytes:
        return b""

    def seek(self, offset: int, whence: int = 0) -> int:
        return 0

    def flush(self) -> None:
        pass

    def size(self) -> int:
        return 0

    def close(self) -> None:
        pass


class _Extraction:
    """py7zr extracting in a worker thread, its chunks handed to the sink member by member."""

    def __init__(self, path: Path, password: str | None, wanted: list[str], sink: PartSink):
        self.path, self.password, self.wanted, self.sink = path, password, wanted, sink
        self.items: queue.Queue = queue.Queue(maxsize=2)
        self.stop = threading.Event()
        self.ended = False  # the worker's last item ("done" or "error") was taken

    def run(self) -> None:
        worker = threading.Thread(target=self._extract, daemon=True)
        worker.start()
        done: list[str] = []
        try:
            while (item := self.items.get())[0] == "member":
                _, name, writer = item
                if self.sink.full:
                    break
                done.append(name)
                chunks = _MemberChunks(self)
                self.sink.add(name, chunks)
                if self.sink.full:
                    break
                writer.discard = True  # what the sink did not take is dropped as it is decompressed
                chunks.drain()
            else:
                self.ended = True
                if item[0] == "error" and not isinstance(item[1], _Stop):
                    where = done[-1] if done else "(the archive)"
                    self.sink.skip(where, f"damaged in the archive ({one_line(item[1])})", status="failed")
        except _Broken as broken:
            self.sink.skip(done[-1], f"damaged in the archive ({one_line(broken.cause)})", status="failed")
        finally:
            self.stop.set()
            self._drain()
            worker.join()
        if self.sink.full:
            read = set(done)
            count_rest(self.sink, (n for n in self.wanted if n not in read))

    def _drain(self) -> None:
        while not self.ended:
            item = self.items.get()
            self.ended = isinstance(item, tuple) and item[0] in ("done", "error")

    def _extract(self) -> None:
        import py7zr
        from py7zr.io import WriterFactory

        extraction = self

        class Feed(_Writer):
            def write(self, s) -> int:
                if extraction.stop.is_set():
                    raise _Stop
                if not self.discard:
                    extraction.items.put(bytes(s))
                return len(s)

            def close(self) -> None:
                extraction.items.put(_END)

        class Factory(WriterFactory):
            def create(self, filename: str):
                feed = Feed()
                extraction.items.put(("member", filename, feed))
                return feed

        try:
            with open(self.path, "rb") as fh, py7zr.SevenZipFile(fh, password=self.password) as archive:
                archive.extract(targets=self.wanted, factory=Factory())
        except BaseException as exc:  # handed to the reading thread, which decides
            self.items.put(("error", exc))
            return
        self.items.put(("done", None))


class _MemberChunks:
    """One member's chunks as they arrive (an iterator, not a generator: the sink dropping it half
    read must not close it, so the rest can still be drained)."""

    def __init__(self, extraction: _Extraction):
        self.extraction = extraction
        self.finished = False

    def __iter__(self):
        return self

    def __next__(self) -> bytes:
        if self.finished:
            raise StopIteration
        item = self.extraction.items.get()
        if item is _END:
            self.finished = True
            raise StopIteration
        if isinstance(item, tuple):  # the extraction failed inside this member
            self.finished = self.extraction.ended = True
            raise _Broken(item[1])
        return item

    def drain(self) -> None:
        for _ in self:
            pass


class _Broken(Exception):
    def __init__(self, cause: BaseException):
        super().__init__(str(cause))
        self.cause = cause
