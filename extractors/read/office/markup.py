"""XHTML/HTML markup to blocks: a chapter's markup in, its paragraphs and tables in order out, for a
``PageBuilder``. Parsed with the standard library's forgiving HTML parser (no entities to expand, no
DTD to fetch); scripts, styles, the head and elements hidden with ``display:none`` are left out.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from extractors.read.parts import PageBuilder

BLOCK_TAGS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "blockquote",
    "pre", "section", "article", "header", "footer", "aside", "nav", "figure", "figcaption", "hr",
    "address", "body", "caption",
}  # fmt: skip
SKIP_TAGS = {"script", "style", "head", "title", "noscript", "template"}
VOID_TAGS = {"br", "img", "hr", "meta", "link", "input", "col", "area", "base", "wbr", "source", "embed"}
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


class _Blocks(HTMLParser):
    def __init__(self, builder: PageBuilder) -> None:
        super().__init__(convert_charrefs=True)
        self.builder = builder
        self.text: list[str] = []
        self.skip: list[str] = []  # open elements whose content is not read
        self.tables: list[list[list[str]]] = []  # open tables (nested ones flattened into cells)
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if self.skip:
            if tag not in VOID_TAGS:
                self.skip.append(tag)
            return
        style = dict(attrs).get("style") or ""
        if tag in SKIP_TAGS or (_HIDDEN.search(style) and tag not in VOID_TAGS) or "hidden" in dict(attrs):
            if tag not in VOID_TAGS:
                self.skip.append(tag)
            return
        if tag == "br":
            self._write("\n")
        elif tag == "table" and self.cell is None:
            self._flush()
            self.tables.append([])
        elif tag == "tr" and self.tables and self.cell is None:
            self.tables[-1].append([])
        elif tag in ("td", "th") and self.tables and self.cell is None:
            if not self.tables[-1]:
                self.tables[-1].append([])
            self.cell = []
        elif tag in BLOCK_TAGS:
            self._flush()

    def handle_endtag(self, tag):
        if self.skip:
            if self.skip[-1] == tag or tag in self.skip:
                while self.skip and self.skip.pop() != tag:
                    pass
            return
        if tag in ("td", "th") and self.cell is not None and self.tables:
            self.tables[-1][-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "table" and self.tables and self.cell is None:
            self.builder.table(self.tables.pop())
        elif tag in BLOCK_TAGS:
            self._flush()

    def handle_data(self, data):
        if not self.skip:
            self._write(data)

    def _write(self, text: str) -> None:
        if self.cell is not None:
            self.cell.append(text)
        elif not self.tables:
            self.text.append(text)

    def _flush(self) -> None:
        text = "\n".join(" ".join(line.split()) for line in "".join(self.text).split("\n")).strip()
        self.builder.paragraph(text)
        self.text = []

    def close(self):
        super().close()
        while self.tables:
            self.builder.table(self.tables.pop())
        self._flush()


def write_markup(markup: str, builder: PageBuilder) -> None:
    """The paragraphs and tables of ``markup`` added to ``builder`` in reading order."""
    parser = _Blocks(builder)
    parser.feed(markup)
    parser.close()
