"""Evaluation: an output folder's entity records and a gold file in, precision/recall/F1 out.

Gold format (the one ``corpus/gold.json`` uses)::

    {"documents": [{"path": "<path as in documents.jsonl>",
                    "entities": [{"type": "PERSON", "name": "...", "aliases": [...], "attributes": {...}}]}]}

Scoring is per document and per entity record. A predicted entity counts in every document it lists
in ``document_ids``. A gold entity matches a predicted entity of the same type when one of the
predicted names (canonical name first, then aliases) equals one of the gold names (name or aliases),
compared without case, quote style or spacing. Each gold entity takes at most one predicted record;
any further predicted record that matches an already-matched gold entity (or repeats the type and
normalised name of another predicted record) is a *duplicate*: it counts as a false positive and is
reported on its own. Predicted records matching nothing are false positives; gold entities left
unmatched are false negatives. Documents absent from the gold file are not scored.

A mention-level scorer (``score_spans``) compares exact ``(start, end, label)`` spans, for NER
benchmarks on news text.
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractors.output.jsonl import read_jsonl

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "`": "'", "–": "-", "—": "-"})


def match_key(value: str) -> str:
    """A name as compared by the scorer: case, quote style, dashes, spacing and edge quotes ignored."""
    value = unicodedata.normalize("NFKC", value).translate(_QUOTES).casefold()
    return " ".join(value.split()).strip("'\" ")


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn


@dataclass
class Report:
    """Scores per type and in all, plus the errors behind them (for a person to read)."""

    by_type: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    duplicates: int = 0
    missed: list[tuple[str, str, str]] = field(default_factory=list)  # (path, type, gold name)
    spurious: list[tuple[str, str, str]] = field(default_factory=list)  # (path, type, predicted name)
    duplicated: list[tuple[str, str, str]] = field(default_factory=list)
    documents: int = 0

    @property
    def micro(self) -> Counts:
        total = Counts()
        for counts in self.by_type.values():
            total.add(counts)
        return total

    def to_json(self) -> dict[str, Any]:
        def row(c: Counts) -> dict[str, Any]:
            return {
                "tp": c.tp,
                "fp": c.fp,
                "fn": c.fn,
                "precision": round(c.precision, 4),
                "recall": round(c.recall, 4),
                "f1": round(c.f1, 4),
            }

        return {
            "documents": self.documents,
            "types": {t: row(c) for t, c in sorted(self.by_type.items())},
            "micro": row(self.micro),
            "duplicates": self.duplicates,
            "missed": [list(x) for x in self.missed],
            "spurious": [list(x) for x in self.spurious],
            "duplicated": [list(x) for x in self.duplicated],
        }

    def format(self) -> str:
        lines = [f"{'type':<8} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"]
        for entity_type, c in sorted(self.by_type.items()):
            lines.append(
                f"{entity_type:<8} {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f} {c.tp:5d} {c.fp:5d} {c.fn:5d}"
            )
        m = self.micro
        lines.append(f"{'micro':<8} {m.precision:6.3f} {m.recall:6.3f} {m.f1:6.3f} {m.tp:5d} {m.fp:5d} {m.fn:5d}")
        person = self.by_type.get("PERSON", Counts())
        date = self.by_type.get("DATE", Counts())
        lines.append(
            f"documents {self.documents}; duplicate records {self.duplicates}; "
            f"PERSON precision {person.precision:.3f}; DATE F1 {date.f1:.3f}; micro F1 {m.f1:.3f}"
        )
        return "\n".join(lines)


def _names(record: Mapping[str, Any]) -> list[str]:
    names = [record["name"], *record.get("aliases", [])]
    return [k for k in (match_key(n) for n in names if n) if k]


def score_document(
    path: str, gold: Iterable[Mapping[str, Any]], predicted: Iterable[Mapping[str, Any]], report: Report
) -> None:
    """Score one document's predicted entity records against its gold entities, into ``report``."""
    gold = list(gold)
    predicted = sorted(predicted, key=lambda e: (e["type"], match_key(e["name"])))
    gold_names = [(g["type"], match_key(g["name"]), set(_names(g))) for g in gold]
    matched: dict[int, int] = {}  # gold index -> predicted index
    assignment: dict[int, int | None] = {}  # predicted index -> gold index (None: a taken one)
    seen_names: set[tuple[str, str]] = set()

    # tiers: a record named exactly like the gold entity takes it first, then one whose name is a
    # gold alias, then one whose aliases only match
    for tier in (0, 1, 2):
        for j, p in enumerate(predicted):
            if j in assignment:
                continue
            own = match_key(p["name"])
            hits = []
            for i, (entity_type, gold_name, keys) in enumerate(gold_names):
                if entity_type != p["type"]:
                    continue
                if (
                    (tier == 0 and own == gold_name)
                    or (tier == 1 and own in keys)
                    or (tier == 2 and keys & set(_names(p)))
                ):
                    hits.append(i)
            free = [i for i in hits if i not in matched]
            if free:
                matched[free[0]] = j
                assignment[j] = free[0]
            elif hits and tier == 2:
                assignment[j] = None
    for j, p in enumerate(predicted):
        key = (p["type"], match_key(p["name"]))
        counts = report.by_type[p["type"]]
        if assignment.get(j) is not None:
            counts.tp += 1
        elif key in seen_names or j in assignment:
            report.duplicates += 1
            counts.fp += 1
            report.duplicated.append((path, p["type"], p["name"]))
        else:
            counts.fp += 1
            report.spurious.append((path, p["type"], p["name"]))
        seen_names.add(key)
    for i, g in enumerate(gold):
        if i not in matched:
            report.by_type[g["type"]].fn += 1
            report.missed.append((path, g["type"], g["name"]))


def score_records(
    gold: Mapping[str, Any],
    documents: Iterable[Mapping[str, Any]],
    entities: Iterable[Mapping[str, Any]],
    *,
    types: Iterable[str] | None = None,
) -> Report:
    """Score entity records (as in ``entities.jsonl``) against a gold mapping (the gold file's JSON)."""
    wanted = set(types) if types else None
    path_of = {d["id"]: d["path"] for d in documents}
    by_path: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for entity in entities:
        if wanted and entity["type"] not in wanted:
            continue
        for document_id in entity["document_ids"]:
            if document_id in path_of:
                by_path[path_of[document_id]].append(entity)
    report = Report()
    for document in gold["documents"]:
        gold_entities = [g for g in document["entities"] if not wanted or g["type"] in wanted]
        report.documents += 1
        score_document(document["path"], gold_entities, by_path.get(document["path"], []), report)
    return report


def load_gold(path: str | Path) -> dict[str, Any]:
    """Read a gold file; ``ValueError`` quoting the path when it is not in the gold format."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("documents"), list):
        raise ValueError(f"{path}: not a gold file (expected an object with a 'documents' list)")
    for document in data["documents"]:
        if "path" not in document or not isinstance(document.get("entities"), list):
            raise ValueError(f"{path}: every document needs 'path' and an 'entities' list")
    return data


def evaluate_output(gold_path: str | Path, out: str | Path, *, types: Iterable[str] | None = None) -> Report:
    """Score the records of an output folder (``documents.jsonl``, ``entities.jsonl``) against a gold file."""
    out = Path(out)
    gold = load_gold(gold_path)
    documents = read_jsonl(out / "documents.jsonl")
    entities = read_jsonl(out / "entities.jsonl")
    return score_records(gold, documents, entities, types=types)


# --- mention level -------------------------------------------------------------------------------


def score_spans(gold: Iterable[tuple[int, int, str]], predicted: Iterable[tuple[int, int, str]]) -> dict[str, Counts]:
    """Exact-span scores per label (and ``"micro"``) for ``(start, end, label)`` triples."""
    gold_set, pred_set = Counter(gold), Counter(predicted)
    result: dict[str, Counts] = defaultdict(Counts)
    for span in gold_set | pred_set:
        hit = min(gold_set[span], pred_set[span])
        counts = result[span[2]]
        counts.tp += hit
        counts.fn += gold_set[span] - hit
        counts.fp += pred_set[span] - hit
    micro = Counts()
    for counts in list(result.values()):
        micro.add(counts)
    result["micro"] = micro
    return dict(result)


#: a mention's type (or a spaCy label) as a CoNLL-style span label; other types are not scored
SPAN_LABELS = {
    "PERSON": "PER",
    "PER": "PER",
    "ORG": "ORG",
    "PLACE": "LOC",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
}


@dataclass
class SpanReport:
    """Exact-span scores of one system over a set of documents, per label and micro."""

    system: str
    by_label: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    missed: list[tuple[str, int, int, str, str]] = field(default_factory=list)  # (path, start, end, label, text)
    spurious: list[tuple[str, int, int, str, str]] = field(default_factory=list)

    @property
    def micro(self) -> Counts:
        total = Counts()
        for counts in self.by_label.values():
            total.add(counts)
        return total

    def add_document(
        self, path: str, text: str, gold: Iterable[tuple[int, int, str]], predicted: Iterable[tuple[int, int, str]]
    ) -> None:
        gold_set = set(gold)
        predicted_set = {p for p in predicted if p[2] in ("PER", "ORG", "LOC")}
        scores = score_spans(gold_set, predicted_set)
        for label, counts in scores.items():
            if label != "micro":
                self.by_label[label].add(counts)
        self.missed += [(path, s, e, lab, text[s:e]) for s, e, lab in sorted(gold_set - predicted_set)]
        self.spurious += [(path, s, e, lab, text[s:e]) for s, e, lab in sorted(predicted_set - gold_set)]

    def to_json(self) -> dict[str, Any]:
        def row(c: Counts) -> dict[str, Any]:
            return {
                "tp": c.tp,
                "fp": c.fp,
                "fn": c.fn,
                "precision": round(c.precision, 4),
                "recall": round(c.recall, 4),
                "f1": round(c.f1, 4),
            }

        return {
            "system": self.system,
            "labels": {k: row(v) for k, v in sorted(self.by_label.items())},
            "micro": row(self.micro),
            "missed": [list(x) for x in self.missed],
            "spurious": [list(x) for x in self.spurious],
        }

    def format(self) -> str:
        lines = [f"{self.system}", f"  {'label':<6} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"]
        for label in ("PER", "ORG", "LOC"):
            c = self.by_label.get(label, Counts())
            lines.append(f"  {label:<6} {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f} {c.tp:5d} {c.fp:5d} {c.fn:5d}")
        m = self.micro
        lines.append(f"  {'micro':<6} {m.precision:6.3f} {m.recall:6.3f} {m.f1:6.3f} {m.tp:5d} {m.fp:5d} {m.fn:5d}")
        return "\n".join(lines)


def load_span_gold(path: str | Path) -> dict[str, Any]:
    """Read a span gold file; ``ValueError`` quoting the path when it is not one (docs/eval.md)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    documents = data.get("documents") if isinstance(data, dict) else None
    if not isinstance(documents, list) or not all(
        isinstance(d, dict) and "path" in d and isinstance(d.get("spans"), list) for d in documents
    ):
        raise ValueError(f"{path}: not a span gold file (expected 'documents', each with 'path' and 'spans')")
    return data


def gold_spans(document: Mapping[str, Any], text: str) -> list[tuple[int, int, str]]:
    """A gold document's spans, checked against the text they point into."""
    spans = []
    for span in document["spans"]:
        start, end, label = int(span["start"]), int(span["end"]), span["label"]
        if "text" in span and text[start:end] != span["text"]:
            raise ValueError(
                f"{document['path']}: gold span {start}-{end} reads {text[start:end]!r}, not {span['text']!r} "
                "(the document's text differs from the annotated one)"
            )
        spans.append((start, end, label))
    return spans


def model_spans(texts: Iterable[str], *, model: str) -> list[list[tuple[int, int, str]]]:
    """The raw spaCy model's entity spans of each text, labels mapped to PER/ORG/LOC (baseline)."""
    from extractors.mentions.ner import load_pipeline

    nlp = load_pipeline(model)
    return [
        [(e.start_char, e.end_char, SPAN_LABELS[e.label_]) for e in doc.ents if e.label_ in SPAN_LABELS]
        for doc in nlp.pipe(list(texts))
    ]


def evaluate_spans_output(gold_path: str | Path, out: str | Path, *, model: str) -> list[SpanReport]:
    """Score page 1 of each gold document in OUT: the raw model's spans, then leaksift's NER mentions.

    The gold offsets point into the document's text (for a plain-text file, the file itself), so
    only page 1 is scored.
    """
    out = Path(out)
    gold = load_span_gold(gold_path)
    documents = {d["path"]: d for d in read_jsonl(out / "documents.jsonl")}
    texts: dict[str, str] = {}
    for page in read_jsonl(out / "pages.jsonl"):
        if page["page"] == 1:
            texts[page["document_id"]] = page["text"]
    predicted: dict[str, set[tuple[int, int, str]]] = defaultdict(set)
    for row in read_jsonl(out / "mentions.jsonl"):
        if row.get("source") == "ner" and row.get("page") == 1 and row.get("type") in SPAN_LABELS:
            predicted[row["document_id"]].add((row["start"], row["end"], SPAN_LABELS[row["type"]]))
    scored = []
    for document in gold["documents"]:
        record = documents.get(document["path"])
        if record is None or record["id"] not in texts:
            raise ValueError(f"{document['path']}: not in {out} (run `leaksift run` on its folder first)")
        text = texts[record["id"]]
        scored.append((document, text, gold_spans(document, text), predicted[record["id"]]))
    raw = model_spans([text for _, text, _, _ in scored], model=model)
    baseline, ours = SpanReport(f"raw spaCy ({model})"), SpanReport("leaksift mentions")
    for (document, text, gold_set, mine), theirs in zip(scored, raw):
        baseline.add_document(document["path"], text, gold_set, theirs)
        ours.add_document(document["path"], text, gold_set, mine)
    return [baseline, ours]


__all__ = [
    "Counts",
    "Report",
    "SpanReport",
    "evaluate_output",
    "evaluate_spans_output",
    "gold_spans",
    "load_gold",
    "load_span_gold",
    "match_key",
    "model_spans",
    "score_records",
    "score_spans",
]
