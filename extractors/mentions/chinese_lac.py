"""Baidu LAC joined to the Chinese NER (``extractors.mentions.chinese``, model ``jiagu+lac``): LAC loaded
once per process, its PERSON/ORG/LOC words of each line read as spans, and the union of those spans with
the jiagu + jieba ones under the checks the module docstring of ``chinese`` lists.
"""

from __future__ import annotations

import functools
import re
import threading

_CJK = re.compile(r"[\u4e00-\u9fff]+")
_MIDDLE_DOT = re.compile(r"[·•・‧]")
#: LAC's predictor is not known to be thread-safe: one line at a time per process
_lac_lock = threading.Lock()
#: LAC's labels kept, as contract types
_LAC_TYPES = {"PER": "PERSON", "ORG": "ORG", "LOC": "PLACE"}
#: jieba's dictionary tags of proper nouns (and unknown words): a LAC PERSON that is one dictionary word
#: tagged otherwise (马克思主义 n, 钟情 n) is dropped
_PROPER_TAGS = frozenset({"nr", "nrt", "nrfg", "ns", "nt", "nz", "x", "eng", "j"})


@functools.lru_cache(maxsize=1)
def load_lac():
    """Baidu LAC in mode ``lac`` (segmentation + PER/ORG/LOC word tags), loaded once per process.

    LAC 2.1.2 imports ``paddle.fluid``, which PaddlePaddle 2.6 renamed ``paddle.base`` (the same module):
    the old name is pointed at it before LAC is imported. Paddle's C++ log lines are silenced."""
    import os
    import sys
    import warnings

    os.environ.setdefault("GLOG_minloglevel", "2")
    os.environ.setdefault("FLAGS_call_stack_level", "0")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import paddle

        if not hasattr(paddle, "fluid"):
            import paddle.base
            import paddle.base.core

            sys.modules.setdefault("paddle.fluid", paddle.base)
            sys.modules.setdefault("paddle.fluid.core", paddle.base.core)
        from LAC import LAC

        lac = LAC(mode="lac")
        lac.run("北京")  # the first call builds the predictor's state: here, under the lock
    return lac


def lac_spans(lac, lines: list[str], batch: int = 64) -> list[list[tuple[int, int, str]]]:
    """LAC's PER/ORG/LOC words of each of ``lines`` as spans (offsets into the line), in batches."""
    found: list[list[tuple[int, int, str]]] = []
    for i in range(0, len(lines), batch):
        with _lac_lock:
            results = lac.run(lines[i : i + batch])
        for line, (words, tags) in zip(lines[i : i + batch], results):
            out, pos = [], 0
            for word, tag in zip(words, tags):
                at = line.find(word, pos) if word else -1
                if at < 0:
                    continue
                pos = at + len(word)
                if tag in _LAC_TYPES and _CJK.search(word):  # Latin-script runs: the English model's
                    out.append((at, pos, _LAC_TYPES[tag]))
            found.append(out)
    return found


def with_lac(
    line: str,
    words: list[tuple[int, int, str]],
    tags: dict[str, str],
    ours: list[tuple[int, int, str]],
    theirs: list[tuple[int, int, str]],
) -> list[tuple[int, int, str]]:
    """The union of our spans and LAC's: overlaps go to the longer span (ties: ours), after LAC's spans
    that cut a jieba word, are a PERSON made of one dictionary word of another kind, or are exactly two or
    more of our adjacent spans, are dropped."""
    bounds = {a for a, _, _ in words} | {b for _, b, _ in words}
    lac_names = {(s, e) for s, e, t in theirs if t == "PERSON" and e - s >= 2}
    own = set()
    for s, e, t in ours:
        if t == "PERSON":
            # LAC's shorter reading of the same name (高云江 of 高云江说), unless ours goes on past a middle
            # dot (纳希德·年希: one transliterated name)
            shorter = [b for a, b in lac_names if a == s and b < e and not _MIDDLE_DOT.match(line, b, e - 1)]
            if shorter:
                e = max(shorter)
        own.add((s, e, t))
    kept = []
    for s, e, t in theirs:
        if (s, e, t) in own:
            continue
        if s not in bounds or e not in bounds:
            continue
        if t == "PERSON" and tags.get(line[s:e], "x") not in _PROPER_TAGS:
            continue
        inner = sorted(p for p in own if s <= p[0] and p[1] <= e)
        if (
            len(inner) >= 2
            and inner[0][0] == s
            and inner[-1][1] == e
            and all(a[1] == b[0] for a, b in zip(inner, inner[1:]))
        ):
            continue  # exactly two or more of our spans side by side: the finer reading stays
        kept.append((s, e, t))
    ranked = sorted([(s - e, 0, s, (s, e, t)) for s, e, t in own] + [(s - e, 1, s, (s, e, t)) for s, e, t in kept])
    out: list[tuple[int, int, str]] = []
    for *_, span in ranked:
        if not any(span[0] < b and a < span[1] for a, b, _ in out):
            out.append(span)
    return sorted(out)
