"""The report's markup helpers: escaping, safe file names, data files no value can break out of, a
mention's sentence, the page frame with its Content-Security-Policy.

In: record values (hostile text). Out: HTML text, JavaScript data text, file names.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Iterable
from typing import Any

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'none'; "
    "font-src 'none'; object-src 'none'; frame-src 'none'; base-uri 'none'; form-action 'none'"
)
#: characters either side of a mention when its sentence has no end nearby
CONTEXT = 160

_SENTENCE_END = re.compile(r"[.!?。！？]\s|\n\s*\n")
_LINE_END = re.compile(r"\n")
_SAFE_ID = re.compile(r"[A-Za-z0-9_-]{1,128}")


def e(value: Any) -> str:
    """Text as HTML text or attribute value: every markup character escaped."""
    return html.escape("" if value is None else str(value), quote=True)


def file_id(record_id: Any) -> str:
    """A record id as a file name: the contract's ids are hex; anything else is made safe (never a path)."""
    text = str(record_id)
    return text if _SAFE_ID.fullmatch(text) else "x" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def js_data(value: Any) -> str:
    """A value as a JavaScript expression no string inside can break out of (JSON, ASCII only, with
    ``<``, ``>`` and ``&`` as escapes)."""
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def sentence(text: str, start: int, end: int, *, line: bool = False) -> tuple[str, str, str]:
    """The sentence around ``text[start:end]`` as (before, the mention, after), at most ``CONTEXT``
    characters either side; for a table cell (``line``) the cell's line."""
    ender = _LINE_END if line else _SENTENCE_END
    lo = max(0, start - CONTEXT)
    before = text[lo:start]
    ends = list(ender.finditer(before))
    if ends:
        before = before[ends[-1].end() :]
    elif lo > 0:
        before = "…" + before.lstrip()
    after = text[end : end + CONTEXT]
    m = ender.search(after)
    if m:
        after = after[: m.start() + (ender is _SENTENCE_END)]
    elif end + CONTEXT < len(text):
        after = after.rstrip() + "…"
    return " ".join(before.split(" ")), text[start:end], after


def page_html(title: str, body: str, *, depth: int, scripts: Iterable[str] = (), page_class: str = "") -> str:
    """A whole page: CSP, the site's style sheet, the navigation, ``body`` (already escaped HTML)."""
    up = "../" * depth
    tags = "".join(f'<script src="{e(up + s)}"></script>' for s in scripts)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="referrer" content="no-referrer">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{e(title)} · leaksift report</title>"
        f'<link rel="stylesheet" href="{up}static/style.css"></head>'
        f'<body class="{e(page_class)}"><nav><a href="{up}index.html">Entities</a> '
        f'<a href="{up}documents.html">Documents</a> <a href="{up}network.html">Network</a> '
        f'<a href="{up}timeline.html">Timeline</a></nav><main>{body}</main>{tags}</body></html>\n'
    )


def type_badge(entity_type: str) -> str:
    return f'<span class="badge t-{e(entity_type)}">{e(entity_type)}</span>'
