"""Fine-tune fr_core_news_md's NER on the CC0 French devset (L'Ouest-Eclair 1906/1920, BnF OCR, hand-tagged
PER/LOC/ORG: ``../shared/devset/ner_multilang/fr/``, EuropeanaNewspapers/ner-corpora, CC0-1.0), issue 15.

Only the ``ner`` component is updated (it has its own tok2vec in fr_core_news_md; every other pipe is left
as it is). Training text is what the pipeline gives the model: each file case-repaired
(``extractors.mentions.ner.repair_case``), one sentence a line, one spaCy Example a line; gold character
spans -> ``doc.char_span(alignment_mode="expand")`` (overlaps after expansion: the longest kept). Labels
PER/LOC/ORG are the model's own. Rehearsal against forgetting: the base model's own MISC spans on the
training lines (where no gold span is) and the base model's own entities on hand-written modern French
sentences (``REHEARSAL``) are mixed into every epoch. Adam, learning rate 0.0005, dropout 0.2, batches of
16, seed 0. The number of epochs is chosen on the training files only: the last 4 files of the training
files are held out, the model trained on the others for up to ``--max-epochs`` epochs and scored after each
(exact spans, raw model output); the best epoch count is then used on all the training files.

The output folder holds only ``ner/`` and ``leaksift-ner.json`` (the base pipeline's name); the pipeline
loads it over fr_core_news_md (``extractors.mentions.languages.load_ner_overlay``).

    # one model from some files (default all 40), written to OUT
    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 nice -n 10 .venv/bin/python bench/train_french_ner.py train OUT \\
        [--files 1st|2nd|all] [--epochs N]
    # 2-fold cross-validation by files: models and one-half devsets under WORK, then
    #   .venv/bin/leaksift eval --languages WORK/test_2nd --models fr=WORK/model_1st   (and the other way)
    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 nice -n 10 .venv/bin/python bench/train_french_ner.py folds WORK
    # k-fold cross-validation by files (k > 2): the files sorted by name cut into k consecutive blocks;
    # WORK/test_K holds block K (K = 1..k), WORK/model_K is trained on the other blocks, then
    #   .venv/bin/leaksift eval --languages WORK/test_K --models fr=WORK/model_K   (each K)
    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 nice -n 10 .venv/bin/python bench/train_french_ner.py folds WORK \
        --k 4 [--epochs N]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractors.mentions.languages import OVERLAY_META  # noqa: E402
from extractors.mentions.ner import repair_case  # noqa: E402

DEVSET = ROOT.parent / "shared" / "devset" / "ner_multilang" / "fr"
BASE = "fr_core_news_md"
SEED = 0
LEARN_RATE = 0.0005
DROPOUT = 0.2
BATCH = 16
INNER_DEV_FILES = 4

#: modern French sentences for rehearsal, tagged by the base model itself (not by hand)
REHEARSAL = [
    "Emmanuel Macron a reçu Olaf Scholz à l'Élysée mardi.",
    "La Société générale a annoncé la fermeture de cent agences en Bretagne.",
    "Le maire de Lyon, Grégory Doucet, a rencontré les représentants de la SNCF.",
    "Marie Dupont travaille depuis dix ans chez Renault à Boulogne-Billancourt.",
    "L'Organisation mondiale de la santé a publié un rapport sur la grippe.",
    "Le Parlement européen siège à Strasbourg et à Bruxelles.",
    "Jean-Luc Mélenchon a tenu un meeting à Marseille samedi soir.",
    "Air France a suspendu ses vols vers Beyrouth jusqu'à nouvel ordre.",
    "Selon Le Monde, la ministre Élisabeth Borne a quitté Matignon.",
    "Les pompiers de Toulouse sont intervenus dans une usine d'Airbus.",
    "Thomas Pesquet a rejoint la Station spatiale internationale avec la NASA.",
    "La Banque de France prévoit une croissance faible en 2024.",
    "Le tribunal de Nantes a condamné Pierre Martin à deux ans de prison.",
    "Sophie Bernard, directrice de l'Institut Pasteur, s'est exprimée à Genève.",
    "Le club de football Paris Saint-Germain a battu l'Olympique de Marseille.",
    "Des manifestants se sont rassemblés place de la République à Paris.",
    "L'entreprise TotalEnergies a signé un contrat avec le Qatar.",
    "Le président du Sénat, Gérard Larcher, a reçu une délégation du Québec.",
    "Amélie Nothomb présentera son roman à la Fnac de Bordeaux.",
    "La Croix-Rouge française a envoyé des secours en Turquie et en Syrie.",
    "Le préfet de la Gironde a interdit la manifestation prévue à Mérignac.",
    "Michel Barnier a négocié pour l'Union européenne avec le Royaume-Uni.",
    "Les salariés de Michelin à Clermont-Ferrand sont en grève depuis lundi.",
    "Nathalie Roussel a été élue présidente de l'Université de Rennes.",
]


def load_files(names: list[str]) -> list[tuple[str, str, list[tuple[int, int, str]]]]:
    """``(name, case-repaired text, gold spans)`` of each file."""
    gold = json.loads((DEVSET / "fr_gold.json").read_text("utf-8"))
    out = []
    for name in names:
        text = (DEVSET / "corpus" / name).read_text("utf-8")
        out.append((name, repair_case(text), [(int(s), int(e), t) for s, e, t, *_ in gold.get(name, [])]))
    return out


def all_names() -> list[str]:
    return sorted(p.name for p in (DEVSET / "corpus").glob("*.txt"))


def lines_of(text: str, spans: list[tuple[int, int, str]]):
    """``(line, spans relative to the line)`` for every non-empty line of ``text``."""
    offset = 0
    for line in text.split("\n"):
        end = offset + len(line)
        inside = [(s - offset, e - offset, t) for s, e, t in spans if s >= offset and e <= end]
        if line.strip():
            yield line, inside
        offset = end + 1


def to_doc(nlp, line: str, spans: list[tuple[int, int, str]]):
    """The reference doc of ``line`` with ``spans`` (character offsets) as its entities, all else O."""
    from spacy.util import filter_spans

    doc = nlp.make_doc(line)
    ents = []
    for s, e, t in spans:
        span = doc.char_span(s, e, label=t, alignment_mode="expand")
        if span is not None and len(span):
            ents.append(span)
    doc.set_ents(filter_spans(ents), default="outside")
    return doc


def examples(nlp, base, files):
    """Training Examples of ``files`` (gold PER/LOC/ORG plus the base model's MISC where no gold is) and
    of the rehearsal sentences (the base model's own entities)."""
    from spacy.training import Example

    out = []
    lines = [pair for _, text, spans in files for pair in lines_of(text, spans)]
    for (line, spans), predicted in zip(lines, base.pipe(line for line, _ in lines)):
        misc = [
            (ent.start_char, ent.end_char, "MISC")
            for ent in predicted.ents
            if ent.label_ == "MISC" and not any(ent.start_char < e and s < ent.end_char for s, e, _ in spans)
        ]
        out.append(Example(nlp.make_doc(line), to_doc(nlp, line, spans + misc)))
    for predicted in base.pipe(REHEARSAL):
        spans = [(ent.start_char, ent.end_char, ent.label_) for ent in predicted.ents]
        out.append(Example(nlp.make_doc(predicted.text), to_doc(nlp, predicted.text, spans)))
    return out


def raw_f1(nlp, files) -> float:
    """Exact-span micro F1 of the model's PER/LOC/ORG on ``files`` (one line a doc, no tidying)."""
    tp = fp = fn = 0
    for _, text, spans in files:
        pairs = list(lines_of(text, spans))
        for (_line, gold), doc in zip(pairs, nlp.pipe(line for line, _ in pairs)):
            found = {(e.start_char, e.end_char, e.label_) for e in doc.ents if e.label_ in ("PER", "LOC", "ORG")}
            expected = set(gold)
            tp += len(found & expected)
            fp += len(found - expected)
            fn += len(expected - found)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def fine_tune(files, epochs: int, *, dev=None, log=print):
    """fr_core_news_md with its NER fine-tuned on ``files`` for ``epochs`` epochs; with ``dev``, the raw F1
    on it after each epoch too (``[(epoch, f1), ...]``, epoch 0 the base model)."""
    import spacy
    from spacy.util import fix_random_seed, minibatch

    fix_random_seed(SEED)
    rng = random.Random(SEED)
    base = spacy.load(BASE)
    nlp = spacy.load(BASE)
    train = examples(nlp, base, files)
    for example in train:  # the reference docs of rehearsal sentences may hold labels the model already has
        assert all(e.label_ in nlp.get_pipe("ner").labels for e in example.reference.ents)
    curve = [(0, raw_f1(nlp, dev))] if dev else []
    other = [name for name in nlp.pipe_names if name != "ner"]
    with nlp.select_pipes(disable=other):
        optimizer = nlp.resume_training()
        optimizer.learn_rate = LEARN_RATE
        for epoch in range(1, epochs + 1):
            started = time.perf_counter()
            rng.shuffle(train)
            losses: dict[str, float] = {}
            for batch in minibatch(train, size=BATCH):
                nlp.update(batch, sgd=optimizer, drop=DROPOUT, losses=losses)
            line = f"epoch {epoch}: loss {losses.get('ner', 0):.1f} ({time.perf_counter() - started:.0f} s)"
            if dev:
                curve.append((epoch, raw_f1(nlp, dev)))
                line += f", dev raw F1 {curve[-1][1]:.3f}"
            log(line)
    return nlp, curve


def choose_epochs(files, max_epochs: int) -> tuple[int, list]:
    """The best epoch count on the last ``INNER_DEV_FILES`` of ``files``, trained on the others."""
    _, curve = fine_tune(files[:-INNER_DEV_FILES], max_epochs, dev=files[-INNER_DEV_FILES:])
    best = max(curve, key=lambda pair: (round(pair[1], 3), -pair[0]))
    return best[0], curve


def save(nlp, out: Path, note: dict) -> None:
    """Only the ``ner`` component and the overlay's metadata."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    nlp.get_pipe("ner").to_disk(out / "ner", exclude=["vocab"])
    meta = {"base": BASE, "seed": SEED, "learn_rate": LEARN_RATE, "dropout": DROPOUT, **note}
    (out / OVERLAY_META).write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", "utf-8")


def select(names: list[str], which: str) -> list[str]:
    half = len(names) // 2
    return {"1st": names[:half], "2nd": names[half:], "all": names}[which]


def one_half_devset(work: Path, which: str) -> Path:
    """A devset folder holding only ``which`` half of the French files (for ``leaksift eval --languages``)."""
    return write_devset(work / f"test_{which}", select(all_names(), which))


def fold_names(names: list[str], k: int, fold: int) -> list[str]:
    """Fold ``fold`` (1..k) of ``names`` cut into ``k`` consecutive blocks (k=2: the 1st and 2nd halves)."""
    return names[(fold - 1) * len(names) // k : fold * len(names) // k]


def fold_devset(work: Path, k: int, fold: int) -> Path:
    """``WORK/test_FOLD``: a devset folder holding only fold ``fold`` of ``k``'s French files."""
    return write_devset(work / f"test_{fold}", fold_names(all_names(), k, fold))


def write_devset(folder: Path, names: list[str]) -> Path:
    """A devset folder holding only the French files ``names`` and their gold (for ``leaksift eval``)."""
    gold = json.loads((DEVSET / "fr_gold.json").read_text("utf-8"))
    corpus = folder / "fr" / "corpus"
    if folder.exists():
        shutil.rmtree(folder)
    corpus.mkdir(parents=True)
    for name in names:
        shutil.copy(DEVSET / "corpus" / name, corpus / name)
    (folder / "fr" / "fr_gold.json").write_text(json.dumps({n: gold.get(n, []) for n in names}), "utf-8")
    return folder


def kfold_command(work: Path, k: int, epochs: int | None, max_epochs: int) -> None:
    """For each fold K of ``k``: ``WORK/test_K`` (its files) and ``WORK/model_K`` (trained on the others)."""
    names = all_names()
    for fold in range(1, k + 1):
        started = time.perf_counter()
        held_out = set(fold_names(names, k, fold))
        fold_devset(work, k, fold)
        train_names = [name for name in names if name not in held_out]
        label = f"fold {fold}/{k}"
        train_files(work / f"model_{fold}", train_names, label, epochs, max_epochs)
        print(f"{label}: trained on {len(train_names)} files in {time.perf_counter() - started:.0f} s")


def train_command(out: Path, which: str, epochs: int | None, max_epochs: int) -> None:
    train_files(out, select(all_names(), which), which, epochs, max_epochs)


def train_files(out: Path, names: list[str], which: str, epochs: int | None, max_epochs: int) -> None:
    files = load_files(names)
    note: dict = {"files": which, "trained_on": f"{DEVSET.name}/corpus ({len(files)} files, {which})"}
    if epochs is None:
        epochs, curve = choose_epochs(files, max_epochs)
        note["epoch_curve"] = [[e, round(f, 4)] for e, f in curve]
        print(f"{which}: {epochs} epochs chosen on its own inner dev files")
    nlp, _ = fine_tune(files, epochs)
    note["epochs"] = epochs
    save(nlp, out, note)
    print(f"wrote {out}")


def score_command(devset: Path, model: str, *, tidy: bool) -> int:
    """``leaksift eval --languages DEVSET --models fr=MODEL``'s table, with or without span tidying."""
    import logging

    from extractors.evaluate.languages import evaluate_languages, format_table
    from extractors.mentions import languages
    from extractors.settings import Settings

    if not tidy:
        languages._tidy = lambda ent, text: (ent.start_char, ent.end_char)
    logging.getLogger("extractors").setLevel(logging.ERROR)
    settings = Settings(models=f"fr={model}", workers=1)  # NER in this process: the patched _tidy holds
    print(format_table(evaluate_languages(devset, settings=settings)))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    train = sub.add_parser("train")
    train.add_argument("out", type=Path)
    train.add_argument("--files", choices=("1st", "2nd", "all"), default="all")
    train.add_argument("--epochs", type=int, help="default: chosen on the training files' last 4 files")
    train.add_argument("--max-epochs", type=int, default=12)
    score = sub.add_parser("score", help="leaksift eval --languages DEVSET in this process, span tidying on or off")
    score.add_argument("devset", type=Path)
    score.add_argument("--model", default=BASE, help="the fr model (name or path)")
    score.add_argument("--no-tidy", action="store_true", help="the model's spans as they are (no _tidy)")
    folds = sub.add_parser("folds")
    folds.add_argument("work", type=Path)
    folds.add_argument("--max-epochs", type=int, default=12)
    folds.add_argument("--k", type=int, default=2, help="number of folds (default 2: the halves)")
    folds.add_argument("--epochs", type=int, help="default: chosen per fold on its training files' last 4")
    args = parser.parse_args()
    if args.command == "train":
        train_command(args.out, args.files, args.epochs, args.max_epochs)
        return 0
    if args.command == "score":
        return score_command(args.devset, args.model, tidy=not args.no_tidy)
    if args.k < 2 or args.k > len(all_names()):
        parser.error(f"--k must be between 2 and {len(all_names())}")
    if args.k > 2:
        kfold_command(args.work, args.k, args.epochs, args.max_epochs)
        return 0
    for which in ("1st", "2nd"):
        one_half_devset(args.work, which)
        train_command(args.work / f"model_{which}", which, args.epochs, args.max_epochs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
