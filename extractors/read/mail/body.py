"""A message body in any of its forms (plain text, HTML, RTF) in, plain text out.

HTML is turned into text with the standard library's HTMLParser: scripts, styles and the head are
dropped, block elements and ``<br>`` break lines, entities are decoded. RTF goes through striprtf;
an RTF body that wraps HTML (Outlook's ``\\fromhtml``) is unwrapped to its HTML first.

``merge_alternatives`` is the rule for a message sent as both text and HTML: the text version is kept,
and the lines of the HTML version whose words the text version does not hold are added after it, so a
message whose versions differ loses nothing and one whose versions agree is not doubled.
"""

from __future__ import annotations

import codecs
import html
import re
from html.parser import HTMLParser

_BLOCKS = {
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "caption",
    "dd",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "tr",
    "ul",
}
_CELLS = {"td", "th"}
_DROPPED = {"script", "style", "head", "title", "noscript", "template", "xml"}


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self._dropped: list[str] = []  # open elements whose text is not shown
        self._pre = 0

    def handle_starttag(self, tag, attrs):
        if tag == "body" and "head" in self._dropped:  # a <head> never closed
            self._dropped = [t for t in self._dropped if t not in ("head", "title")]
        if tag in _DROPPED:
            self._dropped.append(tag)
        elif tag in _BLOCKS:
            self.out.append("\n")
            self._pre += tag == "pre"
        elif tag in _CELLS:
            self.out.append("\t")
        elif tag == "img" and not self._dropped:
            alt = dict(attrs).get("alt")
            if alt and alt.strip():
                self.out.append(f" {alt.strip()} ")

    def handle_startendtag(self, tag, attrs):
        if tag not in _DROPPED:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in _DROPPED:
            if tag in self._dropped:
                del self._dropped[len(self._dropped) - 1 - self._dropped[::-1].index(tag) :]
        elif tag in _BLOCKS:
            self.out.append("\n")
            self._pre = max(0, self._pre - (tag == "pre"))

    def handle_data(self, data):
        if self._dropped:
            return
        self.out.append(data if self._pre else re.sub(r"\s+", " ", data))


def html_to_text(markup: str) -> str:
    """The visible text of an HTML body, one block per line."""
    parser = _TextParser()
    try:
        parser.feed(markup)
        parser.close()
    except (AssertionError, ValueError):  # markup HTMLParser gives up on: keep what it read, then strip tags
        parser.out.append(html.unescape(re.sub(r"<[^>]*>", " ", markup[parser.getpos()[1] :])))
    text = "".join(parser.out).replace("\xa0", " ")
    lines = [" ".join(line.split()) if "\t" not in line else line.strip() for line in text.split("\n")]
    return _squeeze(lines)


def _squeeze(lines: list[str]) -> str:
    """Lines with at most one blank line in a row, none at the ends."""
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def rtf_to_text(rtf: str) -> str:
    """The text of an RTF body (an RTF that wraps HTML gives that HTML's text)."""
    from striprtf.striprtf import rtf_to_text as strip

    encoding = rtf_encoding(rtf)
    if "\\fromhtml" in rtf[:2000]:
        wrapped = _html_in_rtf(rtf, encoding)
        if wrapped.strip():
            return html_to_text(wrapped)
    try:
        text = strip(rtf, encoding=encoding, errors="replace")
    except Exception:  # striprtf is a regex walker; a damaged RTF can trip it in many ways
        text = re.sub(r"\\[a-z]+-?\d* ?|[{}]", "", rtf)
    return _squeeze([line.rstrip() for line in text.replace("\r", "").split("\n")])


def rtf_encoding(rtf: str) -> str:
    """The code page an RTF declares for its ``\\'xx`` escapes (``\\ansicpg950``), else Windows-1252."""
    found = re.search(r"\\ansicpg(\d+)", rtf[:4000])
    if found:
        try:
            return codecs.lookup(f"cp{found.group(1)}").name
        except LookupError:
            pass
    return "cp1252"


def _html_in_rtf(rtf: str, encoding: str) -> str:
    """The HTML an Outlook ``\\fromhtml`` RTF carries: its ``{\\*\\htmltag ...}`` groups and the text
    outside ``\\htmlrtf`` runs, escapes decoded."""
    from striprtf.striprtf import rtf_to_text as strip

    # drop the RTF-only runs, keep the HTML tags as text, then let striprtf decode the rest
    body = re.sub(r"\\htmlrtf[^0].*?\\htmlrtf0 ?", "", rtf, flags=re.S)
    body = re.sub(r"\{\\\*\\htmltag\d* ?((?:[^{}\\]|\\[{}\\]|\\'[0-9a-f]{2}|\\par ?|\\tab ?)*)\}", _tag_text, body)
    try:
        return strip(body, encoding=encoding, errors="replace")
    except Exception:  # see rtf_to_text
        return ""


def _tag_text(match: re.Match) -> str:
    tag = match.group(1)
    tag = tag.replace("\\par", "").replace("\\tab", "\t")
    return tag.replace("{", "\\{").replace("}", "\\}")


_WORDS = re.compile(r"\w+")


def _words(text: str) -> str:
    return " ".join(_WORDS.findall(text.casefold()))


def merge_alternatives(plain: str, others: list[str]) -> str:
    """The body of a message sent as text and as other versions (HTML): the text, then every line of
    the others whose words do not appear in that order in the text (``"body 2"`` only in the HTML)."""
    plain = plain.strip("\n")
    if not plain.strip():
        return "\n\n".join(o.strip("\n") for o in others if o.strip())
    known = _words(plain)
    added: list[str] = []
    for other in others:
        novel = [line for line in other.split("\n") if _words(line) and f" {_words(line)} " not in f" {known} "]
        if novel:
            added.append(_squeeze(novel))
            known += " " + _words("\n".join(novel))
    return "\n\n".join([plain, *added])


def best_body(plain: str | None, html_text: str | None, rtf_text: str | None) -> str:
    """The body of a message stored with up to three renderings (Outlook .msg and .pst): the plain
    one, with what the HTML (else the RTF) one adds; the first rendering present otherwise."""
    versions = [v for v in (plain, html_text or rtf_text) if v and v.strip()]
    if not versions:
        return ""
    return merge_alternatives(versions[0].replace("\r\n", "\n"), versions[1:])
