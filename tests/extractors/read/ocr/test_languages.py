"""``--lang auto``: the tesseract languages a page is read with, picked from a first read (issue 15)."""

import glob
import json
import shutil
import sqlite3
import subprocess
from dataclasses import replace

import pytest
from PIL import Image, ImageDraw, ImageFont

from extractors import tesseract_packs
from extractors.read.dispatch import read_document
from extractors.read.language import with_languages
from extractors.read.ocr import languages
from extractors.read.ocr.cache import OcrCache
from extractors.read.ocr.engine import ocr_image
from extractors.read.ocr.languages import (
    for_iso,
    for_script,
    for_script_each,
    latin_words,
    pick_language,
    settings_key,
    unsure_share,
    with_latin,
)
from extractors.read.ocr.results import OcrResult, assemble
from extractors.settings import OcrOptions, Settings

INSTALLED = frozenset({"eng", "fra", "deu", "rus", "chi_sim"})


def _read(*words: tuple[str, float]) -> OcrResult:
    """A first read of one line of ``(word, confidence)``."""
    return assemble([(text, conf, (0, 0, 10, 10), 1, (1, 1), 1) for text, conf in words])


FRENCH = "Le conseil municipal de Lyon a voté hier une nouvelle subvention pour les écoles de la ville"
ENGLISH = "The city council of Northbridge voted yesterday on a new budget for the schools of the town"


def _never():
    raise AssertionError("script detection asked for a page the detector could tell")


def test_a_french_first_read_picks_fra():
    pick = pick_language(_read(*[(w, 92) for w in FRENCH.split()]), read_with="eng", script=_never, installed=INSTALLED)
    assert (pick.lang, pick.reason) == ("fra", "detector: fr")


def test_an_english_first_read_keeps_eng():
    pick = pick_language(
        _read(*[(w, 95) for w in ENGLISH.split()]), read_with="eng", script=_never, installed=INSTALLED
    )
    assert pick.lang == "eng"


def test_a_language_without_its_pack_keeps_the_first_read():
    pick = pick_language(
        _read(*[(w, 92) for w in FRENCH.split()]), read_with="eng", script=_never, installed=frozenset({"eng"})
    )
    assert pick.lang == "eng"


def test_an_unsure_read_in_no_language_asks_for_the_script():
    garbage = _read(*[(w, 20) for w in "JER TBA REBUT DIT AF ENA iTS A XY SEED AAI AD SKARBA HHASA".split()])
    assert pick_language(garbage, read_with="eng", script=lambda: "Han", installed=INSTALLED).lang == "chi_sim"
    assert pick_language(garbage, read_with="eng", script=lambda: "Cyrillic", installed=INSTALLED).lang == "rus"
    assert pick_language(garbage, read_with="eng", script=lambda: "Latin", installed=INSTALLED).lang == "eng"
    # a line or two: OSD cannot tell the script, so the other scripts' packs are tried
    unknown = pick_language(garbage, read_with="eng", script=lambda: None, installed=INSTALLED)
    assert (unknown.lang, unknown.trials) == ("eng", ("chi_sim", "rus"))
    specks = _read(("i", 10), ("-", 5), ("'", 8))
    assert pick_language(specks, read_with="eng", script=lambda: None, installed=INSTALLED).trials == ()
    # without chi_sim installed a Han page stays with what there is
    assert pick_language(garbage, read_with="eng", script=lambda: "Han", installed=frozenset({"eng"})).lang == "eng"


CJK_INSTALLED = INSTALLED | {"chi_tra", "jpn", "kor"}
GARBAGE = [(w, 20) for w in "JER TBA REBUT DIT AF ENA iTS A XY SEED AAI AD SKARBA HHASA".split()]


def test_a_han_page_is_read_with_each_han_pack():
    """Simplified, Traditional and Japanese packs read the same characters in their own forms: each
    reads the page and the surest read is kept; the other scripts' packs are the fallback."""
    pick = pick_language(_read(*GARBAGE), read_with="eng", script=lambda: "Han", installed=CJK_INSTALLED)
    assert (pick.lang, pick.reason, pick.trials) == ("chi_sim", "script: Han", ("chi_tra",))
    assert set(pick.fallback) == {"rus", "kor", "jpn"}
    # with only the Traditional pack installed, it reads the page alone
    only = pick_language(
        _read(*GARBAGE), read_with="eng", script=lambda: "Han", installed=frozenset({"eng", "chi_tra"})
    )
    assert (only.lang, only.trials) == ("chi_tra", ())


def test_osd_names_for_kana_and_hangul_pick_jpn_and_kor():
    for name, pack in (("Japanese", "jpn"), ("Korean", "kor"), ("Hangul", "kor")):
        pick = pick_language(_read(*GARBAGE), read_with="eng", script=lambda name=name: name, installed=CJK_INSTALLED)
        assert (pick.lang, pick.trials) == (pack, ())
        assert pack not in pick.fallback and "chi_tra" in pick.fallback


def test_an_unknown_script_tries_every_han_pack():
    pick = pick_language(_read(*GARBAGE), read_with="eng", script=lambda: None, installed=CJK_INSTALLED)
    assert (pick.lang, pick.reason) == ("eng", "trial")
    assert set(pick.trials) == {"chi_sim", "chi_tra", "jpn", "kor", "rus"}


def test_latin_names_beside_chinese_add_eng():
    """A Chinese list of foreign officials: the English first read has names and addresses read surely."""
    names = [("Naheed", 91), ("Nenshi", 93), ("m.thompson@calgary.example.ca", 88), ("Anne", 95), ("O'Brien", 85)]
    first = _read(*GARBAGE, *names)
    assert latin_words(first) == 5
    pick = pick_language(first, read_with="eng", script=lambda: "Han", installed=CJK_INSTALLED)
    assert (pick.lang, pick.trials) == ("chi_sim+eng", ("chi_tra+eng",))
    assert "rus" in pick.fallback  # only packs of CJK characters take +eng


def test_latin_words_need_sure_words_of_three_latin_letters():
    assert latin_words(_read(("Anne", 79), ("Li", 95), ("2019", 95), ("北京市", 95), ("ASS", 80))) == 1
    few = _read(("Lic.", 90), ("ASS", 85))
    assert with_latin("chi_sim", few, CJK_INSTALLED) == "chi_sim"
    many = _read(("Mark", 90), ("Anne", 90), ("David", 90))
    assert with_latin("chi_sim", many, CJK_INSTALLED) == "chi_sim+eng"
    assert with_latin("rus", many, CJK_INSTALLED) == "rus"
    assert with_latin("chi_sim", many, frozenset({"chi_sim"})) == "chi_sim"


def test_trial_confidence_weighs_the_cjk_characters():
    """Latin names read as surely by either Chinese pack do not decide which reads the Chinese better."""
    names = ("Naheed", "Nenshi", "Mark", "Thompson")
    simplified = _read(("加拿大卡尔加里市", 93), *[(n, 90) for n in names])
    traditional = _read(("加拿大卡爾加里市", 88), *[(n, 99) for n in names])
    assert traditional.confidence > simplified.confidence
    assert languages.trial_confidence(simplified) == 93 > languages.trial_confidence(traditional) == 88
    latin = _read(("ЖЖЖ", 20), ("abc", 40))
    assert languages.trial_confidence(latin) == latin.confidence


def test_for_script_each():
    assert for_script_each("Han", CJK_INSTALLED) == ("chi_sim", "chi_tra")
    assert for_script_each("Han", frozenset({"eng", "jpn"})) == ("jpn",)
    assert for_script_each("Cyrillic", CJK_INSTALLED | {"ukr"}) == ("rus",)
    assert for_script_each("Latin", CJK_INSTALLED) == ()


def _tsv(words):
    """tesseract's TSV rows for one line of ``(word, confidence)``."""
    n = len(words)
    return {
        "text": [w for w, _ in words],
        "conf": [c for _, c in words],
        "block_num": [1] * n,
        "par_num": [1] * n,
        "line_num": [1] * n,
        "left": [10 + 60 * i for i in range(n)],
        "top": [10] * n,
        "width": [50] * n,
        "height": [40] * n,
    }


def _engine_with_reads(monkeypatch, reads, script):
    """``ocr_image`` with tesseract's reads per pack and OSD's script given (no tesseract run)."""
    from extractors.read.ocr import engine

    calls = []

    def image_to_data(image, lang, psm, timeout):
        calls.append(lang)
        return _tsv(reads[lang])

    monkeypatch.setattr(engine, "image_to_data", image_to_data)
    monkeypatch.setattr(engine, "tesseract_available", lambda: True)
    monkeypatch.setattr(engine, "page_osd", lambda image, timeout: {"script": script})
    monkeypatch.setattr(engine, "first_language", lambda: "eng")
    monkeypatch.setattr(languages, "installed_languages", lambda: CJK_INSTALLED)
    return calls


def test_auto_keeps_the_surest_han_read(monkeypatch):
    """A Traditional page: chi_sim reads it (as Simplified) less surely than chi_tra; jpn is not
    asked (a Japanese page has kana, which OSD names)."""
    calls = _engine_with_reads(
        monkeypatch,
        {
            "eng": GARBAGE,
            "chi_sim": [("台北市政府", 85), ("举行", 86)],
            "chi_tra": [("臺北市政府", 93), ("舉行", 92)],
            "jpn": [("雷北市政府", 75), ("晶行", 74)],
        },
        "Han",
    )
    image = Image.new("L", (400, 100), 255)
    result = ocr_image(image, lang="auto", options=OcrOptions(engine="tesseract", rescale=False))
    assert (result.lang, result.text) == ("chi_tra", "臺北市政府舉行")
    assert calls == ["eng", "chi_sim", "chi_tra"]  # still sure: no fallback


def test_auto_falls_back_when_osd_names_the_wrong_script(monkeypatch):
    """OSD named a Traditional Chinese page ``Korean``: kor's read is still unsure, so the other
    scripts' packs read it."""
    calls = _engine_with_reads(
        monkeypatch,
        {
            "eng": GARBAGE,
            "kor": [("릎", 27), ("사수", 26)],
            "chi_sim": [("台北市政府", 85)],
            "chi_tra": [("臺北市政府", 93)],
            "jpn": [("雷北市政府", 75)],
            "rus": [("ЖЖЖ", 20)],
        },
        "Korean",
    )
    image = Image.new("L", (400, 100), 255)
    result = ocr_image(image, lang="auto", options=OcrOptions(engine="tesseract", rescale=False))
    assert result.lang == "chi_tra"
    assert calls[:2] == ["eng", "kor"] and set(calls[2:]) == {"chi_sim", "chi_tra", "jpn", "rus"}


def test_a_sure_read_in_no_language_does_not_ask_for_the_script():
    receipt = _read(("TOTAL", 90), ("RM", 88), ("21.90", 93), ("SDN", 85), ("BHD", 40), ("CASH", 91))
    assert unsure_share(receipt) < languages.UNSURE_SHARE
    assert pick_language(receipt, read_with="eng", script=_never, installed=INSTALLED).lang == "eng"


def test_unsure_share_counts_characters():
    assert unsure_share(_read(("abcd", 10), ("ef", 90))) == pytest.approx(4 / 6)
    assert unsure_share(OcrResult(text="", confidence=None)) == 1.0


def test_iso_codes_and_scripts_map_to_installed_packs():
    assert [for_iso(c, INSTALLED) for c in ("zh", "fr", "de", "ru", "en")] == ["chi_sim", "fra", "deu", "rus", "eng"]
    assert for_iso("es", INSTALLED) is None and for_iso(None, INSTALLED) is None
    assert for_script("Han", frozenset({"chi_tra"})) == "chi_tra"
    assert for_script("Latin", INSTALLED) is None


def test_installed_languages_come_from_tesseract(monkeypatch):
    out = 'List of available languages in "/usr/share/tesseract-ocr/5/tessdata/" (3):\nchi_sim\neng\nosd\n'
    calls = []

    def run(*args, **kwargs):
        calls.append(args)
        return subprocess.CompletedProcess(args, 0, stdout=out, stderr="")

    monkeypatch.setattr(tesseract_packs.subprocess, "run", run)
    languages.installed_languages.cache_clear()
    try:
        assert languages.installed_languages() == {"chi_sim", "eng"}
        assert languages.installed_languages() == {"chi_sim", "eng"}
        assert len(calls) == 1  # asked once per process
        assert settings_key("auto") == "auto[chi_sim+eng]"
        assert settings_key("eng+chi_sim") == "eng+chi_sim"
    finally:
        languages.installed_languages.cache_clear()


def test_auto_fingerprints_change_with_the_installed_packs(monkeypatch):
    monkeypatch.setattr(tesseract_packs, "installed_languages", lambda: frozenset({"eng"}))
    before = Settings(ocr_lang="auto").extract_fingerprint("image/png", ocr_used=True)
    monkeypatch.setattr(tesseract_packs, "installed_languages", lambda: frozenset({"eng", "chi_sim"}))
    assert Settings(ocr_lang="auto").extract_fingerprint("image/png", ocr_used=True) != before
    # a fixed language keeps the fingerprint it always had, whatever is installed
    fixed = Settings(ocr_lang="eng").extract_fingerprint("image/png", ocr_used=True)
    monkeypatch.setattr(tesseract_packs, "installed_languages", lambda: frozenset({"eng"}))
    assert Settings(ocr_lang="eng").extract_fingerprint("image/png", ocr_used=True) == fixed


def test_no_space_is_put_between_chinese_words_of_a_line():
    result = _read(("北京", 90), ("市", 90), ("人民政府", 90), ("John", 90), ("Smith", 90), ("会议", 90), ("，", 90))
    assert result.text == "北京市人民政府 John Smith 会议，"
    assert all(result.text[w.start : w.start + len(w.text)] == w.text for w in result.words)


# --- reading real scans (tesseract) -------------------------------------------------------------


def _installed(*packs):
    if shutil.which("tesseract") is None:
        return False
    out = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True).stdout.split()
    return all(p in out for p in packs)


def _cjk_font():
    found = [
        f
        for pattern in ("/usr/share/fonts/**/*wqy*", "/usr/share/fonts/**/*CJK*")
        for f in glob.glob(pattern, recursive=True)
        if f.lower().endswith((".ttf", ".ttc", ".otf"))
    ]
    if not found:
        pytest.skip("no CJK font to draw the test page (Debian: fonts-wqy-microhei)")
    return found[0]


ZH = [
    "北京市人民政府办公厅关于印发",
    "城市规划管理办法的通知",
    "各区人民政府，市政府各委、办、局：",
    "经市政府同意，现将办法印发给你们。",
]
FR = [
    "Le conseil municipal de Lyon a voté hier",
    "une nouvelle subvention pour les écoles.",
    "Le maire a déclaré que les travaux",
    "commenceront au printemps prochain.",
]
EN = [
    "The city council of Northbridge voted",
    "yesterday on a new budget for schools.",
    "The mayor said that the works will",
    "begin next spring, according to the report.",
]


def _scan_pdf(path, lines):
    """A one-page PDF holding only a picture of printed lines (no text layer), at 300 dpi."""
    font = ImageFont.truetype(_cjk_font(), 40)
    image = Image.new("L", (1300, 100 + 72 * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((60, 50 + i * 72), line, fill=0, font=font)
    image.save(path, "PDF", resolution=300)
    return path


def _read_scan(path, **settings):
    result = read_document(path, settings=Settings(ocr_lang="auto", workers=1, **settings))
    assert result.document.status == "ok", result.document.error
    with_languages(result)
    return result


needs_packs = pytest.mark.skipif(not _installed("eng", "chi_sim", "fra"), reason="tesseract eng/chi_sim/fra missing")


@pytest.mark.slow
@needs_packs
@pytest.mark.parametrize("engine", ["tesseract", "auto"])
def test_a_chinese_scan_is_read_with_chinese(tmp_path, engine):
    result = _read_scan(_scan_pdf(tmp_path / "zh.pdf", ZH), ocr_engine=engine)
    page = result.pages[0]
    assert (page.method, page.ocr_lang, page.language) == ("ocr", "chi_sim", "zh")
    assert result.document.language == "zh"
    text = page.text.replace(" ", "")
    assert "北京市人民政府" in text and "城市规划管理办法" in text


@pytest.mark.slow
@needs_packs
def test_a_french_scan_picks_fra(tmp_path):
    page = _read_scan(_scan_pdf(tmp_path / "fr.pdf", FR)).pages[0]
    assert (page.ocr_lang, page.language) == ("fra", "fr")
    assert "déclaré" in page.text and "écoles" in page.text


@pytest.mark.slow
@needs_packs
def test_an_english_scan_stays_english(tmp_path):
    page = _read_scan(_scan_pdf(tmp_path / "en.pdf", EN)).pages[0]
    assert (page.ocr_lang, page.language) == ("eng", "en")
    assert "Northbridge" in page.text


@pytest.mark.slow
@needs_packs
def test_auto_reads_are_cached_for_the_language_used(tmp_path):
    """A page read with ``auto`` is cached under ``auto`` and under the language it was read with, so
    ``--lang chi_sim`` finds it; a fixed language never takes an ``auto`` read of another language."""
    image = Image.new("L", (1300, 200), 255)
    ImageDraw.Draw(image).text((60, 60), ZH[0], fill=0, font=ImageFont.truetype(_cjk_font(), 40))
    cache = OcrCache(tmp_path / "cache")
    first = ocr_image(image, lang="auto", cache=cache)
    assert first.lang == "chi_sim"
    assert len(list((tmp_path / "cache").rglob("*.json"))) == 2
    assert ocr_image(image, lang="auto", cache=cache) == first
    assert ocr_image(image, lang="chi_sim", cache=cache) == first
    assert len(list((tmp_path / "cache").rglob("*.json"))) == 2  # both served from the cache
    assert ocr_image(image, lang="eng", cache=cache).lang == "eng"


@pytest.mark.slow
@needs_packs
def test_auto_takes_a_read_cached_for_a_fixed_language(tmp_path, monkeypatch):
    """A cache filled with ``--lang eng`` serves ``auto``'s English pages after its first read: the
    costly steps after it (a rescaled second read, PP-OCR) are not run again."""
    from extractors.read.ocr import engine

    image = Image.new("L", (1300, 300), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(EN[:3]):
        draw.text((60, 40 + i * 72), line, fill=0, font=ImageFont.truetype(_cjk_font(), 40))
    cache = OcrCache(tmp_path / "cache")
    options = OcrOptions(engine="tesseract")  # where every uncached read asks for a rescaled second read
    fixed = ocr_image(image, lang="eng", cache=cache, options=options)
    monkeypatch.setattr(engine, "rescale_factor", lambda *a, **k: pytest.fail("second read for a cached page"))
    assert ocr_image(image, lang="auto", cache=cache, options=options) == replace(fixed, lang="eng")
    assert len(list((tmp_path / "cache").rglob("*.json"))) == 2


@pytest.mark.slow
@needs_packs
@pytest.mark.usefixtures("prefect_server")
def test_issue_ocr_lang_recorded_in_pages(tmp_path):
    """``leaksift ingest --lang auto`` writes each OCR'd page's tesseract languages beside its language."""
    from flows.cli import main

    scan = _scan_pdf(tmp_path / "zh.pdf", ZH)
    out = tmp_path / "out"
    assert main(["ingest", str(scan), "--out", str(out), "--quiet", "--local", "--lang", "auto"]) == 0
    (row,) = [json.loads(line) for line in (out / "pages.jsonl").read_text("utf-8").splitlines()]
    assert (row["method"], row["ocr_lang"], row["language"]) == ("ocr", "chi_sim", "zh")
    con = sqlite3.connect(out / "leaksift.sqlite")
    try:
        assert con.execute("SELECT ocr_lang, language FROM pages").fetchall() == [("chi_sim", "zh")]
    finally:
        con.close()


ZH_TW = [
    "臺北市政府今天舉行記者會，宣布將在",
    "明年春天開始興建新的市立圖書館與兒童醫院。",
    "市長表示，這項計畫已經過議會多次審議，",
    "總預算約為十二億元，工程預計三年內完成。",
]
JA = [
    "東京都議会は水曜日、学校と病院のための",
    "新しい予算案を可決しました。知事は記者会見で、",
    "川に架かる橋の工事が来年の春に始まると",
    "述べました。野党は費用が高すぎると批判しました。",
]
KO = [
    "서울시의회는 수요일 학교와 병원을 위한 새",
    "예산안을 통과시켰다. 시장은 기자회견에서 강을",
    "가로지르는 다리 공사가 내년 봄에 시작될 것이라고",
    "밝혔다. 야당은 비용이 너무 높다고 비판했다.",
]
ZH_NAMES = [
    "文件列出的人选包括加拿大卡尔加里市市长 Naheed Nenshi、",
    "该市议员 Mark Thompson，以及美国密歇根州立大学",
    "教授 David Kowalski 等多名学者。文件要求各部门通过",
    "电子邮件 m.thompson@calgary.example.ca 保持联系。",
]


@pytest.mark.slow
@pytest.mark.skipif(not _installed("eng", "chi_sim", "chi_tra", "jpn", "kor"), reason="tesseract CJK packs missing")
@pytest.mark.parametrize(
    "lines, pack, language, words",
    [
        (ZH_TW, "chi_tra", "zh", ("臺北市政府", "圖書館")),
        (JA, "jpn", "ja", ("東京都議会", "可決しました")),
        (ZH_NAMES, "chi_sim+eng", "zh", ("卡尔加里市市长", "Naheed Nenshi", "m.thompson@calgary.example.ca")),
    ],
    ids=["traditional", "japanese", "chinese-with-latin-names"],
)
def test_a_cjk_scan_is_read_with_its_pack(tmp_path, lines, pack, language, words):
    page = _read_scan(_scan_pdf(tmp_path / "page.pdf", lines), ocr_engine="tesseract").pages[0]
    assert (page.ocr_lang, page.language) == (pack, language)
    for word in words:
        assert word in page.text.replace(" ", "") or word in page.text


@pytest.mark.slow
@pytest.mark.skipif(not _installed("eng", "kor"), reason="tesseract eng/kor missing")
def test_a_korean_page_is_read_with_kor():
    """OSD names Hangul ``Korean``. (Drawn, not as a PDF: tesseract's page segmentation found an
    empty page in that PDF's rendering of these lines with every pack, ``--psm 6`` read it; on the
    drawn page it finds the last two lines only, as ``tesseract -l kor`` does.)"""
    font = ImageFont.truetype(_cjk_font(), 40)
    image = Image.new("L", (1300, 100 + 72 * len(KO)), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(KO):
        draw.text((60, 50 + i * 72), line, fill=0, font=font)
    result = ocr_image(image, lang="auto", options=OcrOptions(engine="tesseract"))
    assert result.lang == "kor"
    assert "너무 높다고" in result.text and "밝혔다." in result.text


def test_a_traditional_read_must_beat_a_simplified_one_by_a_margin():
    from extractors.read.ocr.languages import TRADITIONAL_MARGIN, surer

    simplified = assemble([("会见", 89.0, (0, 0, 40, 20), 1, (1, 1), 1)])
    slightly_surer = assemble([("會見", 89.0 + TRADITIONAL_MARGIN - 1, (0, 0, 40, 20), 1, (1, 1), 1)])
    much_surer = assemble([("會見", 89.0 + TRADITIONAL_MARGIN + 1, (0, 0, 40, 20), 1, (1, 1), 1)])
    assert not surer(slightly_surer, "chi_tra", simplified, "chi_sim")
    assert surer(much_surer, "chi_tra+eng", simplified, "chi_sim+eng")
    # the other way round the margin helps the Simplified read, and other packs compare plainly
    assert surer(simplified, "chi_sim", slightly_surer, "chi_tra")
    assert not surer(simplified, "jpn", slightly_surer, "chi_tra")


def test_chinese_words_far_apart_keep_a_space_near_ones_none():
    # (text, conf, (left, top, width, height), block, paragraph, line): one line, characters 40 px high
    placed = [
        ("王小明", 95, (60, 0, 120, 40), 1, (1, 1), 1),
        ("处长", 95, (400, 0, 80, 40), 1, (1, 1), 1),  # a cell 220 px on: a column's edge
        ("北京", 95, (640, 0, 80, 40), 1, (1, 1), 1),
        ("市", 95, (730, 0, 40, 40), 1, (1, 1), 1),  # 10 px on: the same run of characters
    ]
    assert assemble(placed).text == "王小明 处长 北京市"


@pytest.mark.slow
@needs_packs
def test_a_scanned_chinese_list_keeps_every_cell_and_reads_simplified(tmp_path):
    """The seed case as a scan: a Chinese list of officials, cells apart, in Simplified characters
    (tesseract's loose boxes of Chinese words once replaced 北京市人民政府外事办公室 by 民政, and chi_tra
    read a short Simplified page more surely by a point)."""
    font = ImageFont.truetype(_cjk_font(), 40)
    image = Image.new("L", (1700, 420), 255)
    draw = ImageDraw.Draw(image)
    rows = [
        ["姓名", "职务", "单位", "国家"],
        ["王小明", "处长", "北京市人民政府外事办公室", "中国"],
        ["纳希德·年希", "副市长", "喀布尔市政府", "阿富汗"],
    ]
    for i, row in enumerate(rows):
        for x, cell in zip((60, 400, 640, 1300), row):
            draw.text((x, 80 + i * 100), cell, fill=0, font=font)
    image.save(tmp_path / "list.pdf", "PDF", resolution=300)
    page = _read_scan(tmp_path / "list.pdf").pages[0]
    assert (page.ocr_lang, page.language) == ("chi_sim", "zh")
    assert page.text.split("\n\n")[1] == "王小明 处长 北京市人民政府外事办公室 中国"
