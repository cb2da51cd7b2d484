"""Language identification (issue 15): py3langid (``extractors/read/language.py``) on real material.

1. The devset's Chinese and French documents and single lines of them, plus the English sample corpus,
   through ``page_language`` (accuracy and time per text).
2. Real files through the real pipeline (``leaksift run --local`` into a temporary folder;
   ``documents.language`` and ``pages.language`` read from its ``leaksift.sqlite``), per kind and language:
   - the devset's real PDFs (``pdfs/``, English reports), EU PDFs (``tables_icdar2013_eu/``: all 27 read and
     found to be English), receipt scans (``scans_receipts/``, English, OCR'd) and leak formats
     (``formats/``: the files whose language is clear, named in ``FORMATS`` below);
   - German, French, Chinese and English text from Debian packages: manual pages (manpages-l10n
     translations) cut to a sentence, a paragraph and a page of ``.txt``, and each whole page made a PDF
     (``groff -Tpdf`` for Latin scripts, ``groff -Thtml`` then ``wkhtmltopdf`` for Chinese); the Debian FAQ's
     text cut to sentences and paragraphs, and its HTML chapters made PDFs with ``wkhtmltopdf``;
   - short and mixed texts built from those pieces: Chinese lists of Latin-script names (the English
     manual pages' authors), English e-mails quoting a French paragraph, German paragraphs with a shell
     command line.

Getting the Debian material (not installed by ``setup.sh``; the part is skipped with a message without it)::

    apt-get install --no-install-recommends manpages manpages-de manpages-fr manpages-zh \\
        debian-faq debian-faq-de debian-faq-fr debian-faq-zh-cn groff wkhtmltopdf fonts-wqy-microhei

Run (several minutes: the pipeline reads every file, OCR and NER included)::

    .venv/bin/python bench/language_id.py                 # everything
    .venv/bin/python bench/language_id.py --quick         # part 1 only
    .venv/bin/python bench/language_id.py --keep /tmp/lid # keep the corpus and the output there
    .venv/bin/python bench/language_id.py --rescore /tmp/lid  # re-identify the stored page texts of a kept
                                                           # run with today's code (no pipeline run)

Every wrong or missing document language is listed with the start of its text.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractors.read.language import page_language  # noqa: E402

SHARED = ROOT.parent / "shared" / "devset"
DEVSET = SHARED / "ner_multilang"

#: devset ``formats/`` files whose text's language is clear (read one by one); the others are encrypted,
#: empty, mostly numbers or names, or mix languages without one clearly leading (the iCalendar event is
#: French text under the reader's English field names). A container with no text of its own (a mailbox,
#: a PST) is scored by the documents inside it
FORMATS = {
    "testRFC822-CC-BCC": "en",
    "testRFC822_multipart_attachments.eml": "en",
    "testRFC822_oddfrom": "en",
    "complex.mbox": "en",
    "testEMLX.emlx": "en",
    "testMSG.msg": "en",
    "testMSG_chinese.msg": "zh",
    "testMSEquation-govdocs-863534.doc": "en",
    "testMSChart-govdocs-428996.ppt": "en",
    "testODFwithOOo3.odt": "en",
    "testODP_NPE.odp": "en",
    "testRTFWord2010CzechCharacters.rtf": "cs",
    "testPDF_protected.pdf": "en",
    "testEPUB.epub": "en",
    "testTIFF_multipage.tif": "en",
    "testMSG_Appointment.msg": "en",
    "testPST_variousBodyTypes.pst": "en",
}

#: Debian packages' languages: code -> (manual page folder, FAQ language tag)
DEBIAN = {
    "en": ("/usr/share/man/man1", "en"),
    "de": ("/usr/share/man/de/man1", "de"),
    "fr": ("/usr/share/man/fr/man1", "fr"),
    "zh": ("/usr/share/man/zh_CN/man1", "zh-cn"),
}
FAQ = Path("/usr/share/doc/debian/FAQ")
PAGES_PER_LANGUAGE = 25  # manual pages drawn per language (the same commands in every language)
FAQ_SAMPLES = 25  # FAQ sentences and paragraphs drawn per language
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])(?:\s+|(?<=[。！？]))")


# ---------------------------------------------------------------- part 1: the devset through page_language


def devset_texts() -> None:
    sets = {
        "zh": [DEVSET / "zh" / "corpus", DEVSET / "zh_pd" / "corpus"],
        "fr": [DEVSET / "fr" / "corpus"],
        "en": [ROOT / "corpus"],
    }
    page_language("warm up the model")
    for expected, folders in sets.items():
        docs = [p.read_text("utf-8", "replace") for f in folders if f.exists() for p in sorted(f.glob("*.txt"))]
        lines = [line for d in docs for line in d.splitlines() if line.strip()]
        for kind, texts in (("documents", docs), ("lines", lines)):
            if not texts:
                continue
            started = time.perf_counter()
            found = [page_language(t) for t in texts]
            seconds = time.perf_counter() - started
            right = sum(f == expected for f in found)
            none = sum(f is None for f in found)
            print(
                f"{expected} {kind:9}: {right}/{len(texts)} right ({100 * right / len(texts):.1f} %), "
                f"{none} too short to tell, {1000 * seconds / len(texts):.2f} ms each"
            )


# ---------------------------------------------------------------- part 2: building the corpus


def _copy_devset(corpus: Path) -> None:
    for kind, folder, pattern in (
        ("pdf-reports", "pdfs", "*.pdf"),
        ("pdf-eu", "tables_icdar2013_eu", "*.pdf"),
        ("scan-receipts", "scans_receipts", "*.jpg"),
    ):
        files = sorted((SHARED / folder).glob(pattern))
        if not files:
            print(f"skipped {kind}: no {SHARED / folder}")
        for path in files:
            target = corpus / kind / "en" / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    for name, language in FORMATS.items():
        path = SHARED / "formats" / name
        if path.exists():
            target = corpus / "formats" / language / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)


def _man_text(path: Path) -> str:
    """A manual page as ``man`` shows it (UTF-8, no overstrike), header and footer lines dropped."""
    source = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    out = subprocess.run(
        ["groff", "-k", "-mandoc", "-rHY=0", "-Tutf8", "-P-cbou"], input=source, capture_output=True, check=False
    ).stdout.decode("utf-8", "replace")
    lines = out.splitlines()
    return "\n".join(lines[1:-1]).strip() + "\n"


def _join(lines: list[str]) -> str:
    """Wrapped lines joined with a space, or with nothing between two Chinese characters."""
    joined = ""
    for line in lines:
        cjk = joined and joined[-1] >= "\u2e80" and line[0] >= "\u2e80"
        joined += line if not joined or cjk else " " + line
    return joined


def _paragraphs(text: str, *, indented: bool = False) -> list[str]:
    """Blocks of prose: blank-line separated, joined into one line, mostly letters, not an option list;
    with ``indented`` (a manual page) only indented lines, so that section headings are left out."""
    found = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in block.splitlines() if line.strip() and (not indented or line[0] == " ")]
        joined = _join(lines)
        letters = sum(ch.isalpha() for ch in joined)
        if len(joined) >= 80 and letters >= 0.6 * len(joined) and not joined.startswith("-"):
            found.append(joined)
    return found


def _english_share(text: str, english_words: set[str]) -> float:
    """The share of ``text``'s letters in words that its English original also has: near 1 for a part
    left untranslated (manual page translations are often partial), low for a translated one."""
    letters = sum(ch.isalpha() for ch in text)
    words = re.findall(r"[A-Za-z]{2,}", text)
    return sum(len(w) for w in words if w.lower() in english_words) / max(letters, 1)


def _is_sentence(text: str) -> bool:
    """Six words or more, or twelve Chinese characters: not a heading number, not a lone word."""
    return len(re.findall(r"[^\W\d_]{2,}", text)) >= 6 or sum(ch >= "\u2e80" for ch in text) >= 12


def _sentences(paragraph: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(paragraph) if _is_sentence(s)]


def _prose(paragraphs: list[str], english_words: set[str] | None = None) -> list[str]:
    """Paragraphs with a sentence in them, not a command synopsis (``ls [OPTION]... [FILE]...``), and (with
    ``english_words``, for a translation) not left in English."""
    return [
        p
        for p in paragraphs
        if p.count("[") < 2 and _sentences(p) and (english_words is None or _english_share(p, english_words) < 0.5)
    ]


def _sentence(paragraph: str, english_words: set[str] | None = None) -> str | None:
    for sentence in _sentences(paragraph):
        if english_words is None or _english_share(sentence, english_words) < 0.5:
            return sentence
    return None


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _wkhtmltopdf(source: Path | str, target: Path) -> bool:
    target.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": tempfile.gettempdir()}
    # exit status 1 for a link it could not follow; the PDF is written all the same
    subprocess.run(
        ["wkhtmltopdf", "-q", str(source), str(target)],
        capture_output=True,
        env=env,
        check=False,
    )
    return target.exists() and target.stat().st_size > 0


def _debian(corpus: Path) -> None:
    missing = [t for t in ("groff", "wkhtmltopdf") if shutil.which(t) is None]
    folders = {lang: Path(man) for lang, (man, _) in DEBIAN.items()}
    absent = [str(f) for f in folders.values() if not f.is_dir()]
    if missing or absent:
        print(f"skipped the Debian material: missing {' '.join(missing + absent)} (see this file's docstring)")
        return
    names = set.intersection(*({p.name for p in f.glob("*.1.gz")} for f in folders.values()))
    chosen = random.Random(15).sample(sorted(names), min(PAGES_PER_LANGUAGE, len(names)))
    authors: list[str] = []
    untranslated = 0
    for name in sorted(chosen):
        stem = name.removesuffix(".1.gz")
        english = _man_text(folders["en"] / name)
        english_words = {w.lower() for w in re.findall(r"[A-Za-z]{2,}", english)}
        authors += re.findall(r"\b[A-Z][a-z]+ (?:[A-Z]\. )?[A-Z][a-z]+(?= <| and|,|\.)", english)[:3]
        for lang, folder in folders.items():
            text = english if lang == "en" else _man_text(folder / name)
            if lang != "en" and _english_share(text, english_words) > 0.5:
                untranslated += 1  # a page mostly left in English: not a page in ``lang``
                continue
            words = None if lang == "en" else english_words
            prose = _prose(_paragraphs(text, indented=True), words)
            _write(corpus / "man-page" / lang / f"{stem}.txt", text[:3000])
            if prose:
                _write(corpus / "man-paragraph" / lang / f"{stem}.txt", prose[0] + "\n")
                if sentence := _sentence(prose[0], words):
                    _write(corpus / "man-sentence" / lang / f"{stem}.txt", sentence + "\n")
            source = gzip.decompress((folder / name).read_bytes())
            target = corpus / "man-pdf" / lang / f"{stem}.pdf"
            target.parent.mkdir(parents=True, exist_ok=True)
            if lang == "zh":
                page = subprocess.run(
                    ["groff", "-k", "-mandoc", "-Thtml"], input=source, capture_output=True, check=False
                ).stdout
                html_file = corpus.parent / "html" / f"{stem}.{lang}.html"
                html_file.parent.mkdir(parents=True, exist_ok=True)
                html_file.write_bytes(page)
                _wkhtmltopdf(html_file, target)
            else:
                pdf = subprocess.run(
                    ["groff", "-k", "-mandoc", "-rHY=0", "-Tpdf"], input=source, capture_output=True, check=False
                ).stdout
                target.write_bytes(pdf)
    print(f"manual pages: {len(chosen)} commands; {untranslated} translations left mostly in English not used")
    english_file = FAQ / "debian-faq.en.txt.gz"
    faq_english = set()
    if english_file.exists():
        faq_english = {
            w.lower() for w in re.findall(r"[A-Za-z]{2,}", gzip.decompress(english_file.read_bytes()).decode())
        }
    for lang, (_, tag) in DEBIAN.items():
        text_file = FAQ / f"debian-faq.{tag}.txt.gz"
        if not text_file.exists():
            print(f"skipped the Debian FAQ in {lang}: no {text_file}")
            continue
        words = None if lang == "en" else faq_english  # paragraphs left in English are no sample of ``lang``
        prose = _prose(_paragraphs(gzip.decompress(text_file.read_bytes()).decode("utf-8", "replace")), words)
        for i, paragraph in enumerate(random.Random(15).sample(prose, min(FAQ_SAMPLES, len(prose)))):
            _write(corpus / "faq-paragraph" / lang / f"faq{i:02}.txt", paragraph + "\n")
            if sentence := _sentence(paragraph, words):
                _write(corpus / "faq-sentence" / lang / f"faq{i:02}.txt", sentence + "\n")
        for chapter in sorted((FAQ / tag if lang != "en" else FAQ).glob(f"*.{tag}.html")):
            if chapter.name.startswith("index"):
                continue
            _wkhtmltopdf(chapter, corpus / "faq-pdf" / lang / (chapter.name.split(".")[0] + ".pdf"))
    _mixed(corpus, authors)


def _mixed(corpus: Path, authors: list[str]) -> None:
    """Short and mixed texts from the pieces above, each labelled with the language a reader would name."""
    rng = random.Random(15)
    authors = list(dict.fromkeys(authors)) or ["Richard Stallman", "Linus Torvalds"]
    zh = [p.read_text("utf-8").strip() for p in sorted((corpus / "faq-sentence" / "zh").glob("*.txt"))]
    fr = [p.read_text("utf-8").strip() for p in sorted((corpus / "faq-paragraph" / "fr").glob("*.txt"))]
    en = [p.read_text("utf-8").strip() for p in sorted((corpus / "faq-paragraph" / "en").glob("*.txt"))]
    de = [p.read_text("utf-8").strip() for p in sorted((corpus / "man-paragraph" / "de").glob("*.txt"))]
    clauses = [c for z in zh if 6 <= len(c := re.split(r"[，。；：（(]", z)[0].strip()) <= 30]
    for i in range(min(10, len(clauses))):
        # a Chinese list of foreign names: each name with a short Chinese clause
        names = rng.sample(authors, min(4, len(authors)))
        lines = ["名单：", *(f"{n + 1}. {name}：{clauses[(i + n) % len(clauses)]}" for n, name in enumerate(names))]
        _write(corpus / "mixed-list" / "zh" / f"list{i:02}.txt", "\n".join(lines) + "\n")
    fr_sentences = [s for p in fr if (s := _sentence(p))]
    for i in range(min(10, len(fr_sentences), len(en) - 1)):
        # an English e-mail of two paragraphs quoting one French sentence
        body = (
            f"From: {authors[i % len(authors)]} <user{i}@example.org>\nSubject: the translation\n\n"
            f"Hi,\n\n{en[i]}\n\n{en[i + 1]}\n\nThe French page says:\n\n> {fr_sentences[i]}\n\nThanks,\n"
            f"{authors[i % len(authors)].split()[0]}\n"
        )
        _write(corpus / "mixed-email" / "en" / f"mail{i:02}.txt", body)
    commands = sorted(p.stem for p in (corpus / "man-page" / "en").glob("*.txt"))
    for i, paragraph in enumerate(de[:10]):
        command = commands[i % len(commands)]
        _write(corpus / "mixed-code" / "de" / f"code{i:02}.txt", f"{paragraph}\n\n    $ {command} --help | less\n")


def build(corpus: Path) -> None:
    _copy_devset(corpus)
    _debian(corpus)


# ---------------------------------------------------------------- part 2: running and scoring


def run_pipeline(corpus: Path, out: Path) -> float:
    started = time.perf_counter()
    leaksift = ROOT / ".venv" / "bin" / "leaksift"
    done = subprocess.run(
        [str(leaksift), "run", str(corpus), "--out", str(out), "--local", "--quiet", "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode not in (0, 1):
        print(done.stderr[-2000:])
        raise SystemExit(f"leaksift run failed ({done.returncode})")
    return time.perf_counter() - started


def _stored(out: Path, rescore: bool) -> list[tuple[str, str | None, list[tuple[str, str | None]]]]:
    """``(path, document language, [(page text, page language)])`` of every ok document of a run; with
    ``rescore`` the languages come from today's ``with_languages`` over the stored page texts."""
    from extractors.read.language import with_languages
    from extractors.records import Document, DocumentResult, Page

    db = sqlite3.connect(out / "leaksift.sqlite")
    pages: dict[str, list[tuple[int, str, str | None]]] = defaultdict(list)
    for doc_id, number, text, language in db.execute("select document_id, page, text, language from pages"):
        pages[doc_id].append((number, text or "", language))
    found = []
    for doc_id, path, media_type, count, language in db.execute(
        "select id, path, media_type, pages, language from documents where status = 'ok'"
    ):
        rows = sorted(pages.get(doc_id, []))
        if rescore:
            result = DocumentResult(
                document=Document(id=doc_id, path=path, media_type=media_type, pages=count),
                pages=[Page(doc_id, n, "text", t) for n, t, _ in rows],
            )
            with_languages(result)
            language = result.document.language
            rows = [(p.page, p.text, p.language) for p in result.pages]
        found.append((path, language, [(t, lang) for _, t, lang in rows]))
    return found


def score(out: Path, *, rescore: bool = False) -> dict:
    """Right, missing and total document and page languages per (kind, language) of a run's output.

    A document is scored when it has text: a corpus file, or, for a container with no text of its own
    (a mailbox, a PST, an archive), each document inside it, under the container's label."""
    docs = defaultdict(lambda: [0, 0, 0])  # (kind, lang) -> right, none, total
    pages = defaultdict(lambda: [0, 0, 0])
    failures = []
    stored = _stored(out, rescore)
    has_text = {path for path, _, rows in stored if any(t.strip() for t, _ in rows)}
    for path, language, page_rows in stored:
        parts = Path(path).parts
        if len(parts) < 3 or path not in has_text:
            continue
        kind, expected = parts[0], parts[1]
        if len(parts) > 3 and "/".join(parts[:3]) in has_text:
            continue  # an attachment of a file that has text itself: the file is scored
        key = (kind, expected)
        docs[key][0] += language == expected
        docs[key][1] += language is None
        docs[key][2] += 1
        if language != expected:
            text = " ".join(" ".join(t for t, _ in page_rows).split())
            failures.append((kind, expected, language, path, text[:160]))
        for text, lang in page_rows:
            if lang is None and not text.strip():
                continue
            pages[key][0] += lang == expected
            pages[key][1] += lang is None
            pages[key][2] += 1
    return {"documents": docs, "pages": pages, "failures": failures}


def report(scores: dict) -> None:
    docs, pages = scores["documents"], scores["pages"]
    print(f"\n{'kind':<15} {'lang':<4} {'documents right':>18} {'none':>5} {'pages right':>15} {'none':>5}")
    totals = defaultdict(lambda: [0, 0, 0])
    for key in sorted(docs):
        d, p = docs[key], pages[key]
        print(
            f"{key[0]:<15} {key[1]:<4} {d[0]:>6}/{d[2]:<4} {100 * d[0] / d[2]:5.1f} % {d[1]:>5} "
            f"{p[0]:>6}/{p[2]:<5} {100 * p[0] / max(p[2], 1):5.1f} % {p[1]:>5}"
        )
        for i in range(3):
            totals[key[1]][i] += d[i]
    print()
    for lang, t in sorted(totals.items()):
        print(f"all kinds      {lang:<4} {t[0]:>6}/{t[2]:<4} {100 * t[0] / t[2]:5.1f} % {t[1]:>5}")
    right = sum(t[0] for t in totals.values())
    total = sum(t[2] for t in totals.values())
    print(f"all            all  {right:>6}/{total:<4} {100 * right / max(total, 1):5.1f} %")
    print(f"\nwrong or missing document languages ({len(scores['failures'])}):")
    for _kind, expected, found, path, text in sorted(scores["failures"]):
        print(f"  {path}: {found or 'none'} (expected {expected}): {text}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="the devset texts only (part 1)")
    parser.add_argument("--keep", type=Path, help="build the corpus and write the output under this folder")
    parser.add_argument("--rescore", type=Path, help="re-identify the page texts of a kept run (no pipeline)")
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    args = parser.parse_args()
    devset_texts()
    if args.quick:
        return 0
    if args.rescore:
        scores = score(args.rescore / "out", rescore=True)
    else:
        work = args.keep or Path(tempfile.mkdtemp(prefix="leaksift-langid-"))
        corpus, out = work / "corpus", work / "out"
        if out.exists():
            shutil.rmtree(out)  # a fresh run: a kept output would reuse documents read by older code
        if not corpus.exists():
            build(corpus)
        files = sum(1 for p in corpus.rglob("*") if p.is_file())
        seconds = run_pipeline(corpus, out)
        print(f"\npipeline: {files} files in {seconds:.0f} s (leaksift run --local; other work shared the machine)")
        scores = score(out)
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    report(scores)
    if args.json:
        print(json.dumps({f"{kind}/{lang}": v for (kind, lang), v in scores["documents"].items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
