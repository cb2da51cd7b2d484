"""OCR languages (issue 15): pages of real Chinese, French, German and Russian text, and of Traditional
Chinese, Japanese, Korean and a Chinese list of foreign names written here, drawn as scans, read with
``--lang eng``, ``--lang auto`` and the language's own pack, scored against the text drawn.

    .venv/bin/python bench/ocr_languages.py                      # 3 pages per language, default engine
    .venv/bin/python bench/ocr_languages.py --engine tesseract --pages 5
    .venv/bin/python bench/ocr_languages.py --languages zh_tw ja --read chi_sim chi_tra jpn

Chinese and French text comes from the devset (``ner_multilang/zh/corpus``, ``fr/corpus``: news
sentences, the first lines of the first files); German, Russian, Traditional Chinese (``zh_tw``),
Japanese (``ja``), Korean (``ko``) pages are a few sentences of municipal news written here, and
``zh_mix`` is a Chinese list of foreign officials with their names and e-mail addresses in Latin
script on the same lines, as in the leaked list behind the seed articles, and ``zh_names`` Chinese
prose naming some of them (names and addresses made up, except the one named in the seed article). Each page is drawn with a CJK font (WenQuanYi Micro Hei, which also covers Latin and Cyrillic)
at 40 px on white, blurred a little and saved as a JPEG of quality 60, as a scan would be. Scores:
Chinese by characters (whitespace ignored); Japanese, Korean and the mixed list by their CJK
characters and lower-cased words of other letters and digits (``han``/``latin`` give the two apart, and
``e-mail`` the addresses read whole); the others by bag of lower-cased words (runs of letters
and digits), pooled per language; the page language the detector gives on the read text; OCR seconds per page and tesseract
runs per page (reads and OSD; PP-OCR's reads not counted).
"""

from __future__ import annotations

import argparse
import glob
import io
import re
import sys
import textwrap
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEVSET = ROOT.parent / "shared" / "devset" / "ner_multilang"
LINES_PER_PAGE = 10
WIDTH = 1600
FONT_SIZE = 40

DE = (
    "Der Stadtrat von München hat am Mittwoch einen neuen Haushalt für die Schulen beschlossen. "
    "Der Oberbürgermeister erklärte, dass die Arbeiten an der Brücke über die Isar im Frühjahr beginnen "
    "würden. Die Opposition kritisierte die hohen Kosten und forderte eine öffentliche Anhörung. "
    "Nach Angaben der Verwaltung sollen bis Ende des Jahres zwölf neue Kindergärten eröffnet werden."
)
RU = (
    "Городской совет Москвы в среду утвердил новый бюджет для школ и больниц. Мэр заявил, что работы "
    "на мосту через реку начнутся весной следующего года. Оппозиция раскритиковала высокие расходы и "
    "потребовала провести публичные слушания. По данным администрации, до конца года откроются "
    "двенадцать новых детских садов."
)

ZH_TW = (
    "臺北市政府今天舉行記者會，宣布將在明年春天開始興建新的市立圖書館與兒童醫院。市長表示，這項計畫已經過"
    "議會多次審議，總預算約為十二億元，工程預計三年內完成。反對黨議員批評費用過高，要求舉辦公開聽證會，並"
    "公布所有合約內容。根據市府資料，到今年年底將有十二所新的幼兒園開放，另有五座公園完成整修。交通局也說明，"
    "捷運新線的環境影響評估報告將於下個月送交中央政府審查。市議會預定在十一月二十一日進行最後表決。"
)
JA = (
    "東京都議会は水曜日、学校と病院のための新しい予算案を可決しました。知事は記者会見で、川に架かる橋の工事が"
    "来年の春に始まると述べました。野党は費用が高すぎると批判し、公聴会を開くよう求めています。都庁によると、"
    "年末までに十二か所の保育園が新たに開設される予定です。また、交通局は新しい地下鉄路線の環境影響評価を"
    "来月国に提出すると説明しました。最終的な採決は十一月二十一日に行われる見込みです。"
)
KO = (
    "서울시의회는 수요일 학교와 병원을 위한 새 예산안을 통과시켰다. 시장은 기자회견에서 강을 가로지르는 다리 "
    "공사가 내년 봄에 시작될 것이라고 밝혔다. 야당은 비용이 너무 높다고 비판하며 공청회 개최를 요구했다. "
    "시청에 따르면 연말까지 열두 곳의 어린이집이 새로 문을 열 예정이다. 교통국은 새 지하철 노선의 "
    "환경영향평가 보고서를 다음 달 정부에 제출한다고 설명했다. 최종 표결은 11월 21일에 열릴 예정이다."
)
#: one line per row, as the leaked list lays them out: a name in Latin script beside Chinese text
ZH_MIX = [
    "大庆市人民政府外事办公室",
    "2019年“百名海外人才培育计划”重点人选名单",
    "1 纳希德·年希 Naheed Nenshi 加拿大 卡尔加里市市长",
    "2 Mark Thompson 加拿大 卡尔加里市议员 m.thompson@calgary.example.ca",
    "3 Anne Leclerc 法国 里昂市副市长 anne.leclerc@lyon.example.fr",
    "4 David Kowalski 美国 密歇根州立大学教授 dkowalski@msu.example.edu",
    "5 Sarah O'Brien 爱尔兰 都柏林商会会长 sobrien@dublin.example.ie",
    "6 Hans Müller 德国 汉堡港务局局长 h.mueller@hamburg.example.de",
    "7 Olga Petrova 俄罗斯 圣彼得堡市政府顾问 o.petrova@spb.example.ru",
    "8 James Wilson 澳大利亚 珀斯市长办公室主任 jwilson@perth.example.au",
    "联系人：王丽 电话：0459-6166888 邮箱：wangli@daqing.example.cn",
]
#: Chinese prose naming foreign officials in Latin script, as the seed article quotes the list's cover text
ZH_NAMES = (
    "大庆市外事办公室在2019年的文件中提出“百名海外人才培育计划”，计划在五年内与海外城市的官员、学者和商界人士建立"
    "长期联系。文件列出的人选包括加拿大卡尔加里市市长 Naheed Nenshi、该市议员 Mark Thompson，以及美国密歇根州立"
    "大学教授 David Kowalski 等多名学者。文件要求各部门通过电子邮件与对方保持联系，例如 m.thompson@calgary.example.ca，"
    "并每季度向市政府报告交往情况。外事办公室主任表示，这项计划的目的是培育友好力量，推动两地在经贸、教育和文化领域的"
    "合作。联系人：张伟，电话 0459-6166888，邮箱 zhangwei@daqing.example.cn。"
)
WRITTEN = {"de": DE, "ru": RU, "zh_tw": ZH_TW, "ja": JA, "ko": KO, "zh_names": ZH_NAMES}
#: languages scored by CJK characters and words of other scripts
MIXED_UNITS = ("ja", "ko", "zh_mix", "zh_names")
CJK = "\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _font():
    found = sorted(glob.glob("/usr/share/fonts/**/*wqy*.tt[cf]", recursive=True))
    if not found:
        raise SystemExit("no WenQuanYi font (Debian: fonts-wqy-microhei)")
    return found[0]


def _texts(language: str, pages: int) -> list[list[str]]:
    """Up to ``pages`` pages of ``LINES_PER_PAGE`` lines each."""
    if language == "zh_mix":
        return [ZH_MIX]
    if language == "zh_names":
        return [_wrap_drawn(ZH_NAMES, WIDTH - 200)][:pages]
    if language in ("zh", "fr"):
        files = sorted((DEVSET / language / "corpus").glob("*.txt"))
        lines = [ln.strip() for f in files for ln in f.read_text("utf-8").splitlines() if ln.strip()]
    else:
        lines = [WRITTEN[language]]
    width = 30 if language in ("zh", "zh_tw", "ja", "zh_names") else 34 if language == "ko" else 60
    wrapped = [part for ln in lines for part in textwrap.wrap(ln, width)]
    return [wrapped[i : i + LINES_PER_PAGE] for i in range(0, len(wrapped), LINES_PER_PAGE)][:pages]


def _wrap_drawn(text: str, width: int) -> list[str]:
    """Lines of ``text`` no wider than ``width`` pixels as drawn, broken between CJK characters or
    between Latin words (text mixing both, which ``textwrap`` breaks only at spaces)."""
    from PIL import ImageFont

    font = ImageFont.truetype(_font(), FONT_SIZE)
    lines, line = [], ""
    for piece in re.findall(f"[{CJK}]|[^{CJK}\\s]+\\s*|\\s+", text):
        if line and font.getlength(line + piece.rstrip()) > width:
            lines.append(line.rstrip())
            line = piece.lstrip()
        else:
            line += piece
    return lines + [line.rstrip()] if line.strip() else lines


def _scan(lines: list[str]):
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    font = ImageFont.truetype(_font(), FONT_SIZE)
    image = Image.new("L", (WIDTH, 120 + 70 * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((70, 60 + i * 70), line, fill=20, font=font)
    image = image.filter(ImageFilter.GaussianBlur(0.8))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=60)
    return Image.open(io.BytesIO(buffer.getvalue()))


def _units(text: str, language: str) -> list[str]:
    if language in MIXED_UNITS:
        return re.findall(f"[{CJK}]|[^\\W{CJK}]+", text.lower())
    if language in ("zh", "zh_tw"):
        return [ch for ch in text if not ch.isspace()]
    # Words as runs of letters and digits: the devset's French text is tokenised ("heures ,", "l' Union")
    # and packs differ in whether they see the narrow space before the comma.
    return re.findall(r"\w+", text.lower())


PACKS = {
    "zh": "chi_sim",
    "fr": "fra",
    "de": "deu",
    "ru": "rus",
    "zh_tw": "chi_tra",
    "ja": "jpn",
    "ko": "kor",
    "zh_mix": "chi_sim",
    "zh_names": "chi_sim",
}


def _recall(truth: list[str], predicted: list[str]) -> tuple[int, int, int]:
    """Units of ``truth`` found in ``predicted`` (as bags), and the two totals."""
    return sum((Counter(truth) & Counter(predicted)).values()), len(truth), len(predicted)


def _count_tesseract_calls() -> list[str]:
    """Every tesseract run of the OCR engine (a read with its languages, or ``osd``), appended to
    the list returned: the cost of a pick apart from the machine's load."""
    from extractors.read.ocr import engine, preprocess

    calls: list[str] = []
    read, osd = engine.image_to_data, preprocess.page_osd

    def image_to_data(image, lang, *args, **kwargs):
        calls.append(lang)
        return read(image, lang, *args, **kwargs)

    def page_osd(*args, **kwargs):
        calls.append("osd")
        return osd(*args, **kwargs)

    engine.image_to_data, engine.page_osd, preprocess.page_osd = image_to_data, page_osd, page_osd
    return calls


def _truth_text(lines: list[str], language: str) -> str:
    return "".join(lines) if language in ("zh", "zh_tw", "ja", "zh_names") else " ".join(lines)


def main(argv: list[str] | None = None) -> int:
    from extractors.read.language import page_language
    from extractors.read.ocr.engine import ocr_image
    from extractors.settings import OcrOptions

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=["auto", "ppocr", "tesseract"], default="auto")
    parser.add_argument("--pages", type=int, default=3, help="pages per language (the written ones: 1)")
    parser.add_argument("--languages", nargs="+", choices=list(PACKS), default=list(PACKS))
    parser.add_argument(
        "--read", nargs="+", metavar="LANG", help="--lang values to read each page with (default: eng, auto, its pack)"
    )
    args = parser.parse_args(argv)
    options = OcrOptions(engine=args.engine)
    calls = _count_tesseract_calls()
    page_language("warm the detector up before timing")
    print(
        f"{'language':8s} {'--lang':12s} {'recall':>7s} {'prec':>7s} {'s/page':>7s}"
        f" {'reads':>5s} {'han':>6s} {'latin':>6s} {'e-mail':>6s}  read with / page language"
    )
    for language in args.languages:
        texts = _texts(language, args.pages)
        pages = [_scan(lines) for lines in texts]
        truths = [_truth_text(lines, language) for lines in texts]
        for lang in args.read or ("eng", "auto", PACKS[language]):
            counts = Counter()
            calls.clear()
            seconds = 0.0
            picked = []
            for image, truth in zip(pages, truths):
                started = time.perf_counter()
                result = ocr_image(image, lang=lang, options=options)
                seconds += time.perf_counter() - started
                truth_units, predicted = _units(truth, language), _units(result.text, language)
                for name, keep in (("all", None), ("han", True), ("latin", False)):
                    if keep is None:
                        pair = truth_units, predicted
                    else:
                        pair = [
                            [u for u in units if bool(re.match(f"[{CJK}]", u)) == keep]
                            for units in (truth_units, predicted)
                        ]
                    hits, truth_total, predicted_total = _recall(*pair)
                    counts.update(
                        {f"{name}_hits": hits, f"{name}_truth": truth_total, f"{name}_predicted": predicted_total}
                    )
                emails = EMAIL.findall(truth)
                counts.update(email_hits=sum(e in result.text for e in emails), email_truth=len(emails))
                picked.append(f"{result.lang}/{page_language(result.text)}")
            extra = ""
            if language in MIXED_UNITS:
                han = counts["han_hits"] / max(1, counts["han_truth"])
                latin = counts["latin_hits"] / max(1, counts["latin_truth"])
                latin = f"{latin:6.3f}" if counts["latin_truth"] else f"{'-':>6s}"
                email = (
                    f"{counts['email_hits']:>3d}/{counts['email_truth']:<2d}" if counts["email_truth"] else f"{'-':>6s}"
                )
                extra = f" {han:6.3f} {latin} {email}"
            else:
                extra = f" {'':6s} {'':6s} {'':6s}"
            print(
                f"{language:8s} {lang:12s} {counts['all_hits'] / counts['all_truth']:7.3f}"
                f" {counts['all_hits'] / max(1, counts['all_predicted']):7.3f} {seconds / len(pages):7.2f}"
                f" {len(calls) / len(pages):5.1f}{extra}"
                f"  {' '.join(picked)}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
