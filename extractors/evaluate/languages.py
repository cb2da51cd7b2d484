"""The multilingual NER devset scored through the real pipeline: what a user running ``leaksift run`` on
those files gets.

A devset folder (``../shared/devset/ner_multilang/``, its README gives the format) holds one folder per set,
each with ``corpus/*.txt`` and ``LANG_gold.json`` (``{file name: [[start, end, TYPE, text], ...]}``, TYPE
PER/ORG/LOC, offsets into the file's text). Every set's files are read, language-identified, routed to
their language's NER, normalised and resolved exactly as in a run (``process_files``); the mentions of
PERSON, ORG and PLACE entities, whatever their source, are scored on exact spans against the gold, and
each document's language against the set's (the gold file's prefix). The files of each set are also
scored in two halves (by file name), so a change tried on one half can be checked on the other.
``chars/s`` in the table is the whole pipeline's (reading, language id, NER, normalisation) over the set.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractors.evaluate.scores import SPAN_LABELS, SpanReport


@dataclass
class LanguageSetReport:
    """One set (or half of one): span scores and language-id accuracy."""

    name: str
    language: str
    spans: SpanReport
    documents: int = 0
    language_right: int = 0
    languages: dict[str, int] = field(default_factory=dict)  # language found -> documents
    chars: int = 0
    seconds: float = 0.0

    @property
    def language_accuracy(self) -> float:
        return self.language_right / self.documents if self.documents else 0.0

    def to_json(self) -> dict[str, Any]:
        data = self.spans.to_json()
        del data["missed"], data["spurious"]
        return {
            "set": self.name,
            "language": self.language,
            "documents": self.documents,
            "language_accuracy": round(self.language_accuracy, 4),
            "languages_found": self.languages,
            **data,
        }


def _sets(devset: Path) -> list[tuple[str, str, Path, Path]]:
    """``(name, language, corpus folder, gold file)`` of every set in ``devset``."""
    found = []
    for folder in sorted(p for p in devset.iterdir() if p.is_dir()):
        golds = sorted(folder.glob("*_gold.json"))
        if (folder / "corpus").is_dir() and len(golds) == 1:
            found.append((folder.name, golds[0].name.split("_")[0], folder / "corpus", golds[0]))
    if not found:
        raise ValueError(f"{devset}: no set folders (each with corpus/ and LANG_gold.json)")
    return found


def evaluate_languages(devset: str | Path, *, settings, halves: bool = True) -> list[LanguageSetReport]:
    """Score every set of ``devset`` through the pipeline run with ``settings``."""
    import time

    from extractors.batch.pipeline import analyse_documents, extract_documents
    from extractors.read.dispatch import file_sha256
    from extractors.records import SourceFile

    reports: list[LanguageSetReport] = []
    for name, language, corpus, gold_path in _sets(Path(devset)):
        gold = json.loads(gold_path.read_text("utf-8"))
        files = sorted(corpus.glob("*.txt"))
        sources = []
        for path in files:
            doc_id, stamp = file_sha256(path)
            sources.append(SourceFile(path=path, display_path=path.name, doc_id=doc_id, stamp=stamp))
        started = time.perf_counter()
        results = extract_documents(sources, settings=settings)
        analyse_documents(results, settings=settings)
        seconds = time.perf_counter() - started
        by_name = {r.document.path: r for r in results}
        names = [p.name for p in files]
        parts: list[tuple[str, Sequence[str]]] = [(name, names)]
        if halves and len(names) > 1:
            half = len(names) // 2
            parts += [(f"{name} 1st half", names[:half]), (f"{name} 2nd half", names[half:])]
        for label, part in parts:
            report = LanguageSetReport(label, language, SpanReport(label))
            for file_name in part:
                result = by_name[file_name]
                text = result.pages[0].text if result.pages else ""
                expected = [(int(s), int(e), t) for s, e, t, *_ in gold.get(file_name, [])]
                predicted = {
                    (m.start, m.end, SPAN_LABELS[m.type])
                    for m in result.mentions
                    if m.page == 1 and m.type in ("PERSON", "ORG", "PLACE")
                }
                report.spans.add_document(file_name, text, expected, predicted)
                report.documents += 1
                found = result.document.language or "none"
                report.languages[found] = report.languages.get(found, 0) + 1
                report.language_right += found == language
                report.chars += len(text)
            if label == name:
                report.seconds = seconds
            reports.append(report)
    return reports


def format_table(reports: Sequence[LanguageSetReport]) -> str:
    header = (
        f"{'set':<16} {'lang':>4} {'docs':>4} {'lang-id':>7} {'PER F1':>7} {'ORG F1':>7} {'LOC F1':>7} "
        f"{'P':>6} {'R':>6} {'F1':>6} {'chars/s':>8}"
    )
    lines = [header, "-" * len(header)]
    for r in reports:
        by = r.spans.by_label
        f1 = {label: by[label].f1 if label in by else 0.0 for label in ("PER", "ORG", "LOC")}
        micro = r.spans.micro
        speed = f"{r.chars / r.seconds:8.0f}" if r.seconds else ""
        lines.append(
            f"{r.name:<16} {r.language:>4} {r.documents:>4} {r.language_accuracy:7.3f} {f1['PER']:7.3f} "
            f"{f1['ORG']:7.3f} {f1['LOC']:7.3f} {micro.precision:6.3f} {micro.recall:6.3f} {micro.f1:6.3f} {speed}"
        )
    return "\n".join(lines)
