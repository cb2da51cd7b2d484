"""Named-entity recognition: page texts in, raw entity mentions (PERSON, ORG, PLACE, DATE) out.

The spaCy pipeline is chosen by settings (an installed package name or a path), loaded lazily once per
process, and run with only the components NER needs: the others (tagger, parser, lemmatizer) cost time
and change nothing in the entities. Texts go through ``nlp.pipe`` in batches.
"""

from __future__ import annotations

import functools
import logging
import re
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from extractors.errors import ModelLoadError
from extractors.records import Mention, Page

log = logging.getLogger(__name__)

#: spaCy labels and the contract type they become; other labels (NORP, MONEY, CARDINAL ...) are dropped.
LABEL_TYPES = {
    "PERSON": "PERSON",
    "PER": "PERSON",
    "ORG": "ORG",
    "GPE": "PLACE",
    "LOC": "PLACE",
    "FAC": "PLACE",
    "DATE": "DATE",
}

_NER_COMPONENTS = {"ner", "entity_ruler", "span_ruler", "entity_linker"}


def _needed_components(nlp) -> set[str]:
    """NER components plus any shared embedding layer they listen to (tok2vec, transformer)."""
    keep = {name for name in nlp.pipe_names if name in _NER_COMPONENTS}
    for name in nlp.pipe_names:
        component = nlp.get_pipe(name)
        listeners = getattr(component, "listening_components", None) or []
        if keep & set(listeners):
            keep.add(name)
    return keep


_LOAD_LOCK = threading.Lock()


def load_pipeline(model: str):
    """Load a spaCy pipeline by package name or path, with only what NER needs enabled.

    Loaded once per process (thread-safe), so a caller may warm it up in the background.
    """
    with _LOAD_LOCK:
        return _load_pipeline(model)


@functools.lru_cache(maxsize=4)
def _load_pipeline(model: str):
    import spacy

    target: str | Path = model
    if Path(model).expanduser().exists():
        target = Path(model).expanduser()
    try:
        nlp = spacy.load(target)
    except (OSError, ImportError, ValueError) as exc:
        try:
            installed = ", ".join(sorted(spacy.util.get_installed_models())) or "none"
        except Exception:
            installed = "unknown"
        raise ModelLoadError(
            f"spaCy pipeline {model!r} could not be loaded ({str(exc).splitlines()[0][:160]}); "
            f"installed pipelines: {installed}. Set LEAKSIFT_MODEL or --model to one of them or to a path."
        ) from exc
    if "ner" not in nlp.pipe_names and "entity_ruler" not in nlp.pipe_names:
        raise ModelLoadError(f"spaCy pipeline {model!r} has no NER component")
    keep = _needed_components(nlp)
    for name in nlp.pipe_names:
        if name not in keep:
            nlp.disable_pipe(name)
    nlp.max_length = max(nlp.max_length, 2_000_000)
    log.info("loaded spaCy pipeline %s with %s", model, ", ".join(nlp.pipe_names))
    return nlp


def split_text(text: str, limit: int) -> Iterator[tuple[int, str]]:
    """Cut a long text into pieces of at most ``limit`` characters at paragraph or line breaks.

    Yields ``(offset, piece)`` so offsets found in a piece map back into the whole text.
    """
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = max(window.rfind("\n\n"), window.rfind("\n"), window.rfind(". "))
        if cut <= limit // 4:
            cut = window.rfind(" ")
        if cut <= 0:
            cut = limit
        else:
            cut += 1
        yield start, text[start : start + cut]
        start += cut
    yield start, text[start:]


_MINOR_WORDS = {
    "a",
    "an",
    "and",
    "as",
    "at",
    "but",
    "by",
    "for",
    "from",
    "in",
    "into",
    "of",
    "on",
    "or",
    "over",
    "the",
    "to",
    "with",
    "after",
    "amid",
    "says",
    "say",
    "said",
}
_LINE = re.compile(r"[^\n]+")
_LETTER_WORD = re.compile(r"[^\W\d_][\w'’.&-]*")


def _same_length(word: str, convert) -> str:
    """``convert(word)`` character by character, keeping any character whose conversion changes length."""
    out = []
    for ch in word:
        changed = convert(ch)
        out.append(changed if len(changed) == 1 else ch)
    return "".join(out)


def _title_word(word: str, first: bool) -> str:
    letters = [ch for ch in word if ch.isalpha()]
    bare = word.strip(".'’").lower()
    if len(letters) <= 3 and bare not in _MINOR_WORDS:
        return word  # "EU", "AP", "N.S.", "RAI": an acronym stays an acronym
    if bare in _MINOR_WORDS and not first:
        return _same_length(word, str.lower)
    lowered = _same_length(word, str.lower)
    head = _same_length(lowered[0], str.upper)
    # "O'NEILL" -> "O'Neill", "EMILIA-ROMAGNA" -> "Emilia-Romagna"
    rest = re.sub(r"(?<=['’-])(\w)", lambda m: _same_length(m.group(1), str.upper), lowered[1:])
    return head + rest


def repair_case(text: str) -> str:
    """A copy of ``text`` of the same length in which ALL-CAPS lines are written in title case.

    The small models read an ALL-CAPS headline, byline or dateline ("MILAN, May 17 (Reuters)",
    "By SOFIA MARCHETTI") badly: they tag runs of capitals as organisations and cut names. A line
    counts as ALL-CAPS when it has at least two words of letters and at least 80 % of its cased letters
    are capitals (so a dateline followed by ordinary text counts word by word, see below). Only the
    words in capitals change; the copy keeps every offset of the original.
    """
    if not any(ch.isupper() for ch in text):
        return text
    out = list(text)
    for line in _LINE.finditer(text):
        words = list(_LETTER_WORD.finditer(line.group(0)))
        upper = [w for w in words if w.group(0).isupper() and sum(ch.isalpha() for ch in w.group(0)) >= 2]
        if not upper:
            continue
        cased = [w for w in words if w.group(0).lower() not in _MINOR_WORDS]
        whole_line = len(upper) >= 2 and len(upper) >= 0.8 * len(cased)
        if not whole_line:
            # a dateline run at the start of a line of ordinary text ("HALIFAX, N.S. — The ...")
            lead = re.match(r"[^a-z]*?(?=\s*(?:\(|—|–|--| - |,\s*[A-Z][a-z]))", line.group(0))
            if lead is None or not lead.group(0).strip() or sum(ch.isalpha() for ch in lead.group(0)) < 4:
                continue
            limit = lead.end()
            upper = [w for w in upper if w.end() <= limit]
        first = True
        for w in words:
            if w in upper or (whole_line and w.group(0).isupper()):
                start = line.start() + w.start()
                fixed = _title_word(w.group(0), first)
                out[start : start + len(fixed)] = fixed
            first = False
    return "".join(out)


def find_entities(
    pages: Iterable[Page], *, model: str, batch_size: int = 16, max_chars: int = 200_000
) -> list[Mention]:
    """Run NER over every page and return its mentions, offsets into each page's text.

    The model reads a case-repaired copy of each page (``repair_case``: same length, so every offset
    holds); mentions keep the original text.
    """
    nlp = load_pipeline(model)
    items: list[tuple[Page, int, str]] = []
    for page in pages:
        if page.text.strip():
            for offset, piece in split_text(repair_case(page.text), max_chars):
                items.append((page, offset, piece))
    mentions: list[Mention] = []
    docs = nlp.pipe((piece for _, _, piece in items), batch_size=batch_size)
    for (page, offset, _), doc in zip(items, docs):
        for ent in doc.ents:
            entity_type = LABEL_TYPES.get(ent.label_)
            if entity_type is None:
                continue
            start = offset + ent.start_char
            end = offset + ent.end_char
            mentions.append(Mention.on_page(page, start, end, type=entity_type, source="ner", label=ent.label_))
    return mentions
