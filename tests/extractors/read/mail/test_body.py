"""Bodies: HTML to text, RTF to text, and the rule that merges a message's text and HTML versions."""

from __future__ import annotations

from extractors.read.mail.body import best_body, html_to_text, merge_alternatives, rtf_to_text


def test_html_to_text_drops_head_scripts_and_styles_and_breaks_blocks():
    markup = (
        "<html><head><title>T</title><style>.a{}</style></head><body><div>One<br>Two</div>"
        "<script>alert(1)</script><table><tr><td>a</td><td>b</td></tr></table><p>x &amp; y</p></body></html>"
    )
    assert html_to_text(markup) == "One\nTwo\n\na\tb\n\nx & y"


def test_html_head_never_closed_still_gives_the_body():
    assert html_to_text("<html><head><meta charset=utf-8><body><p>Visible text</p>") == "Visible text"


def test_merge_keeps_the_text_once_and_adds_only_new_html_lines():
    plain = "Hello Jane,\n\n> quoted *bold* line\nbody 1"
    html = "Hello Jane,\nquoted bold line\nbody 2"
    assert merge_alternatives(plain, [html]) == "Hello Jane,\n\n> quoted *bold* line\nbody 1\n\nbody 2"
    assert merge_alternatives(plain, ["Hello Jane, quoted bold line body 1"]) == plain
    assert merge_alternatives("", ["only html"]) == "only html"


def test_merge_does_not_take_a_prefix_for_a_match():
    assert merge_alternatives("See note 12", ["See note 1"]) == "See note 12\n\nSee note 1"


def test_rtf_to_text_honours_the_code_page():
    rtf = r"{\rtf1\ansi\ansicpg1251 {\fonttbl{\f0 Arial;}}\f0 \'c4\'ee\'ea\'eb\'e0\'e4\par}"
    assert rtf_to_text(rtf) == "Доклад"


def test_rtf_wrapping_html_gives_the_html_text():
    rtf = (
        r"{\rtf1\ansi\ansicpg1252\fromhtml1 {\*\htmltag19 <html>}{\*\htmltag34 <body>}"
        r"{\*\htmltag64 <p>}\htmlrtf {\htmlrtf0 Meeting at the port{\*\htmltag72 </p>}\htmlrtf }\htmlrtf0 "
        r"{\*\htmltag35 </body>}{\*\htmltag27 </html>}}"
    )
    assert rtf_to_text(rtf) == "Meeting at the port"


def test_best_body_prefers_plain_then_html_then_rtf():
    assert best_body("plain\r\ntext", "plain text", "rtf") == "plain\ntext"
    assert best_body(None, "html text", "rtf text") == "html text"
    assert best_body("", None, "rtf text") == "rtf text"
    assert best_body(None, None, None) == ""
