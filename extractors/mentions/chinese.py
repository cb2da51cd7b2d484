"""Chinese named entities: a text in simplified Chinese in, entity spans (PERSON, ORG, PLACE) out.

jiagu's perceptron NER (MIT; its models ship inside the wheel) tags words, not characters: each line is
segmented with jiagu's own segmenter (the segmentation it was trained with), tagged, and the words mapped
back to character offsets. An entity is a ``B-`` word and the ``I-`` words after it; its type is that of
its last word, so ``北京市 B-LOC, 人民政府 I-ORG`` is one ORG (an organisation named after a place).
jiagu's segmenter often splits a rare given name (叶 老 桂), leaving a one-character PERSON; a PERSON span
is therefore widened to the word boundaries of jieba's segmentation (MIT, dictionary ships in the
package), which keeps 叶老桂 whole. Only PERSON: widening places and organisations the same way cost more
on People's Daily text than it won (bench/chinese_ner.py).
Latin-script words in a mixed line are tagged like any other word and keep their offsets.
``find_chinese`` is the one entry point the language router calls; its internals may change.
"""

from __future__ import annotations

import functools
import re
import threading

#: jiagu's labels and the contract types they become
_TYPES = {"PER": "PERSON", "ORG": "ORG", "LOC": "PLACE"}
_LINE = re.compile(r"[^\n]+")
_lock = threading.Lock()


@functools.lru_cache(maxsize=1)
def _model():
    import jiagu

    jiagu.init()
    jiagu.ner(["北京"])  # loads the NER model now, under the lock, not lazily in a worker thread
    return jiagu


@functools.lru_cache(maxsize=1)
def _jieba():
    import logging

    import jieba

    tokenizer = jieba.Tokenizer()
    logging.getLogger("jieba").setLevel(logging.WARNING)
    tokenizer.initialize()
    return tokenizer


def _widen(line: str, spans: list[tuple[int, int, str]], tokenizer) -> list[tuple[int, int, str]]:
    """PERSON spans widened to the jieba words they cut into."""
    if not any(t == "PERSON" for _, _, t in spans):
        return spans
    bounds, pos = [], 0
    for word in tokenizer.cut(line):
        bounds.append((pos, pos + len(word)))
        pos += len(word)
    out = []
    for s, e, t in spans:
        if t == "PERSON":
            for a, b in bounds:
                if a < s < b:
                    s = a
                if a < e < b:
                    e = b
        out.append((s, e, t))
    return out


def _words(model, line: str) -> list[tuple[int, int, str]]:
    """jiagu's words of ``line`` with their offsets; a word not found verbatim is skipped."""
    out: list[tuple[int, int, str]] = []
    pos = 0
    for word in model.seg(line):
        if not word or not word.strip():
            pos += len(word)
            continue
        at = line.find(word, pos)
        if at < 0:
            continue
        out.append((at, at + len(word), word))
        pos = at + len(word)
    return out


def _spans(words: list[tuple[int, int, str]], tags: list[str]) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []
    start = end = label = None
    for (s, e, _), tag in zip([*words, (0, 0, "")], [*tags, "O"]):
        if start is not None and tag.startswith("I-") and tag[2:] in _TYPES:
            end, label = e, tag[2:]
            continue
        if start is not None:
            spans.append((start, end, _TYPES[label]))
            start = None
        if tag.startswith("B-") and tag[2:] in _TYPES:
            start, end, label = s, e, tag[2:]
    return spans


def find_chinese(text: str) -> list[tuple[int, int, str]]:
    """Entity spans ``(start, end, type)`` in ``text``, offsets into it, types PERSON/ORG/PLACE."""
    with _lock:
        model = _model()
        tokenizer = _jieba()
    spans: list[tuple[int, int, str]] = []
    for line in _LINE.finditer(text):
        words = _words(model, line.group(0))
        if not words:
            continue
        tags = model.ner([w for _, _, w in words])
        found = _widen(line.group(0), _spans(words, tags), tokenizer)
        spans.extend((line.start() + s, line.start() + e, t) for s, e, t in found)
    return spans
