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


def test_a_page_is_judged_by_as_few_word_lists_as_it_takes(monkeypatch):
    """An English page is decided by the English list alone (each other list costs a worker about
    0.15 s and tens of MB to load); the next lists are asked only while too few words are found, and
    garbage is checked against every list before it is called garbage."""
    import extractors.read.text_layer as text_layer

    article = (CORPUS / "article_council_vote.txt").read_text("utf-8")
    asked: list[str] = []
    real = text_layer._in_language.__wrapped__

    def spy(word: str, lang: str) -> bool:
        asked.append(lang)
        return real(word, lang)

    monkeypatch.setattr(text_layer, "_in_language", spy)
    assert garbage_reason(article) is None
    assert set(asked) == {"en"}
    asked.clear()
    assert garbage_reason(_shifted(article, 5)) is not None
    assert set(asked) == set(text_layer.LANGUAGES)

    # 20 made-up words: one in the English list, two in the French one; 10 % (2 words) make real text
    lists = {"en": {"wordone"}, "fr": {"wordtwo", "wordthree"}}
    words = ["wordone", "wordtwo", "wordthree"] + [f"xq{chr(97 + i)}zz" for i in range(17)]

    def fake(word: str, lang: str) -> bool:
        asked.append(lang)
        return word in lists.get(lang, set())

    monkeypatch.setattr(text_layer, "_in_language", fake)
    asked.clear()
    assert garbage_reason(" ".join(words)) is None
    assert sorted(set(asked)) == ["en", "fr"]
    lists["fr"] = set()
    asked.clear()
    assert garbage_reason(" ".join(words)) == "garbage text layer (only 5% of its words are words)"
    assert set(asked) == set(text_layer.LANGUAGES)
