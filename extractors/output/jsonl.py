"""JSON Lines, the format of every record file: dicts in, one line of UTF-8 JSON each out, and back.

The one reader and the one writer of JSON Lines in leaksift.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

# Characters JSON allows raw in strings but that some line splitters treat as line ends
# (Python's str.splitlines, JavaScript before ES2019): escaped so one record is always one line.
_LINE_BREAKS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"}
_LINE_BREAKS_RE = re.compile("[\u2028\u2029\x85]")


def jsonl_line(row: dict[str, Any]) -> str:
    """One record as one line of JSON (UTF-8 text, control and line-break characters escaped)."""
    text = json.dumps(row, ensure_ascii=False, sort_keys=False)
    return _LINE_BREAKS_RE.sub(lambda m: _LINE_BREAKS[m.group()], text) + "\n"


def jsonl_lines(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    for row in rows:
        yield jsonl_line(row)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]
