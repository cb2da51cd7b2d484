"""Judging a PDF page's text layer: real text (however short, in any script) or garbage."""

from __future__ import annotations

from pathlib import Path

from extractors.read.text_layer import garbage_reason

CORPUS = Path(__file__).resolve().parents[3] / "corpus"


def _shifted(text: str, by: int) -> str:
    """``text`` as a font with a shifted glyph encoding reads: every printable ASCII character moved."""
    return "".join(chr((ord(c) - 33 + by) % 94 + 33) if "!" <= c <= "~" else c for c in text)


def test_real_text_of_any_length_or_script_is_real():
    article = (CORPUS / "article_council_vote.txt").read_text("utf-8")
    for text in (
        "Hello, World!",
        "p. 3",
        article,
        "北京市人民政府外事办公室 关于邀请外国官员的名单 姓名 职务 单位 国家 电话 邮箱" * 3,
        "Министерство иностранных дел Российской Федерации сообщило о встрече " * 3,
        "Le conseil municipal a approuvé le partenariat portuaire après un long débat " * 2,
        "BAIN,JMATTHEW DISTRICTDIRECTOR 37,499.96 SMITH,ALVAROR LEGISLATIVECORRESPONDENT 21,000.00 " * 3,
    ):
        assert garbage_reason(text) is None, text[:40]


def test_unmapped_glyphs_are_garbage():
    assert garbage_reason("(cid:12)(cid:7)(cid:45) (cid:3)(cid:9)").startswith("garbage text layer (unmapped")
    assert garbage_reason("Report \ufffd\ufffd\ufffd \ufffd\ufffd \ufffd\ufffd\ufffd").startswith("garbage")
    assert garbage_reason("\ue001\ue002\ue003 \ue004\ue005") is not None  # private-use glyphs
    # a stray replacement character in real text is not enough
    assert garbage_reason("The harbour council met on Thursday \ufffd and approved the deal.") is None


def test_text_in_a_shifted_glyph_encoding_is_garbage():
    article = (CORPUS / "article_council_vote.txt").read_text("utf-8")
    for by in (1, 3, 13):
        reason = garbage_reason(_shifted(article, by))
        assert reason is not None and "of its words are words" in reason, by
    # too few words to judge: left as text
    assert garbage_reason(_shifted("Hello, World! Meeting at noon.", 3)) is None
