"""Word frequencies for PP-OCR's words: split words joined, unsure letters corrected (extractors/read/ocr/lexicon.py)."""

from extractors.read.ocr import lexicon
from extractors.read.ocr.ppocr import Line, line_words
from extractors.settings import OcrOptions


def _probs(word: str, unsure: dict[int, float] | None = None) -> list[float]:
    probs = [1.0] * len(word)
    for i, p in (unsure or {}).items():
        probs[i] = p
    return probs


def test_language_from_tesseract_codes():
    assert lexicon.language("eng") == "en"
    assert lexicon.language("chi_sim+eng") == "en"
    assert lexicon.language("chi_sim") is None
    assert lexicon.language("deu") is None


def test_an_unsure_letter_of_an_unknown_word_is_corrected():
    assert lexicon.correct("HARDWAKE", _probs("HARDWAKE", {6: 0.6}), "en") == "HARDWARE"
    assert lexicon.correct("Filh", _probs("Filh", {3: 0.45}), "en") == "Film"


def test_sure_letters_and_known_words_stay_as_read():
    # the same misreading, but the recogniser was sure of every letter
    assert lexicon.correct("HARDWAKE", _probs("HARDWAKE"), "en") == "HARDWAKE"
    # a word the list knows, however rare, is not turned into a commoner one (Malay "arah", not "arab")
    assert lexicon.correct("ARAH", _probs("ARAH", {3: 0.3}), "en") == "ARAH"
    # nothing common within one unsure letter: a name stays
    assert lexicon.correct("Qzxwv", _probs("Qzxwv", {2: 0.2}), "en") == "Qzxwv"
    # digits and short words are left alone
    assert lexicon.correct("A1B2", _probs("A1B2", {0: 0.1}), "en") == "A1B2"
    assert lexicon.correct("qx", _probs("qx", {0: 0.1}), "en") == "qx"


def test_the_less_sure_letter_is_the_one_changed():
    # TRANSAATION: C for either A gives a word (TRANSACTION, TRANSLATION is L for the first A);
    # the recogniser was less sure of the second A, so TRANSACTION wins
    word = "TRANSAATION"
    assert lexicon.correct(word, _probs(word, {5: 0.76, 6: 0.55}), "en") == "TRANSACTION"
    assert lexicon.correct(word, _probs(word, {5: 0.3, 6: 0.85}), "en") == "TRANSLATION"


def _join(pieces: list[str], spaces: list[bool] | None = None) -> list[str]:
    spaces = spaces or [False] * len(pieces)
    starts = lexicon.join_pieces(pieces, [_probs(p) for p in pieces], spaces, "en")
    ends = starts[1:] + [len(pieces)]
    return ["".join(pieces[a:b]) for a, b in zip(starts, ends)]


def test_pieces_of_a_split_word_are_joined():
    assert _join(["GO", "ODS"]) == ["GOODS"]
    assert _join(["SUBTO", "TAL"]) == ["SUBTOTAL"]
    assert _join(["Tim", "e:"]) == ["Time:"]
    assert _join(["(Amo", "unt"]) == ["(Amount"]


def test_two_words_stay_two():
    assert _join(["in", "to"]) == ["in", "to"]
    assert _join(["hand", "book"]) == ["hand", "book"]
    assert _join(["SHAH", "ALAN"]) == ["SHAH", "ALAN"]
    # punctuation and numbers are never joined to a word
    assert _join(["Total", ":"]) == ["Total", ":"]
    assert _join(["RM", "21"]) == ["RM", "21"]
    assert _join(["Total:", "due"]) == ["Total:", "due"]


def test_the_likeliest_segmentation_wins_over_greedy_joins():
    # greedy joining would take STATE+T = STATES and leave O
    assert _join(["STATE", "T", "O", "BE"]) == ["STATE", "TO", "BE"]


def test_a_space_the_recogniser_read_needs_more_evidence_than_a_gap():
    assert _join(["oft", "en"], [False, True]) == ["often"]
    assert lexicon.SPACE_BREAK > lexicon.GAP_BREAK


def _line(text: str, probs: list[float] | None = None, gaps=()) -> Line:
    xs = [10.0 * (i + 0.5) for i in range(len(text))]
    return Line(
        chars=list(text),
        xs=xs,
        probs=probs or [1.0] * len(text),
        left=0.0,
        right=10.0 * len(text),
        top=0.0,
        bottom=20.0,
        score=0.95,
        gaps=list(gaps),
    )


def test_line_words_use_the_lexicon_only_when_given_a_language():
    # "GOODS BXCHANGE" read with an ink gap inside GOODS and an unsure B
    text = "GOODS BXCHANGE"
    probs = [1.0] * len(text)
    probs[6] = 0.7
    line = _line(text, probs, gaps=[20.0])
    assert [w.text for w in line_words(line)] == ["GO", "ODS", "BXCHANGE"]
    assert [w.text for w in line_words(line, lang="en")] == ["GOODS", "EXCHANGE"]
    joined = line_words(line, lang="en")[0]
    assert joined.left == 0 and joined.width == 50  # the joined word's box covers both pieces


def test_the_lexicon_is_part_of_the_ocr_cache_key():
    assert OcrOptions().key() != OcrOptions(lexicon=False).key()
