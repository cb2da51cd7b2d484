"""Chinese named entities: a text in simplified Chinese in, entity spans (PERSON, ORG, PLACE) out.

jiagu's perceptron NER (MIT; its models ship inside the wheel) tags words, not characters: each line is
segmented with jiagu's own segmenter (the segmentation it was trained with), tagged, and the words mapped
back to character offsets. An entity is a ``B-`` word and the ``I-`` words after it; its type is that of
its last word, so ``北京市 B-LOC, 人民政府 I-ORG`` is one ORG (an organisation named after a place).
jiagu's segmenter often splits a rare given name (叶 老 桂), leaving a one-character PERSON; a PERSON span
is therefore widened to the word boundaries of jieba's segmentation (MIT, dictionary ships in the
package), which keeps 叶老桂 whole. Only PERSON: widening places and organisations the same way cost more
on People's Daily text than it won (bench/chinese_ner.py).
Then three general rules over jieba's words: a one-character PERSON (a bare surname, 王) is dropped; a
PLACE followed within three Chinese words by a word ending in an organisation head (银行, 公司, 研究所,
委员会, ...) becomes one ORG (河南省 + 文物考古研究所, 新加坡 + 星展 + 银行); adjacent PLACE pieces are
joined into one address when the last piece, or the word after it, ends in a road/number marker (路, 街,
号, 镇, 村, ...). The tokenizer is read-only after loading, so threads share it.
CLUENER-style news (issue 15) adds three more, each checked on one half of the devset and confirmed on
the other: a jieba word tagged ``nt`` (organisation) that no model span covers becomes an ORG; a short
name of a well-known institution (工行, 央行, 证监会: ``data/zh_org_short_names.txt``) the same; and in a
line about a match (客场, 联赛, 让球, vs ...) a PLACE is the club named after it (罗马, 汉诺威96队), an ORG.
Then what no model span covers: a word of 2-6 capitals between Chinese text is an ORG (EA, THQ; not CEO or
GDP, ``data/latin_acronyms_not_org.txt``); a run of three or more transliteration characters
(``data/zh_transliteration_chars.txt``) on jieba word boundaries is a PERSON (索斯盖特, 伯南克); and a
demonym (中国人) is no PLACE.
Latin-script words in a mixed line are tagged like any other word and keep their offsets.
``find_chinese`` is the one entry point the language router calls; its internals may change.
"""

from __future__ import annotations

import functools
import re
import threading
from importlib import resources

#: heads that make a preceding place name part of an organisation's name (河南省 + 文物考古研究所)
_ORG_HEADS = (
    "银行", "公司", "集团", "研究所", "研究院", "委员会", "协会", "学会", "大学", "学院", "医院", "法院",
    "检察院", "政府", "办公室", "管理局", "公安局", "分行", "总部", "中心",
)  # fmt: skip
_CJK = re.compile(r"[\u4e00-\u9fff]+")
_ADDR_TAIL = re.compile(r"(?:路|街|大街|大道|巷|号|大厦|镇|乡|村)$")
#: jiagu's labels and the contract types they become
_TYPES = {"PER": "PERSON", "ORG": "ORG", "LOC": "PLACE"}
_LINE = re.compile(r"[^\n]+")
#: a line about a match: a place named in it is the club named after the place (罗马 beat 切沃)
_MATCH_REPORT = re.compile(
    r"vs|VS|客场|主场|做客|客胜|主胜|让球|联赛|赛季|亚盘|盘口|战平|逼平|击败|输给|进球|球队|德甲|意甲|英超|西甲|法甲|欧冠|赔率"
)
#: the shortest jieba ``nt`` word taken as an organisation
_MIN_NT_WORD = 2
#: a capital-letter abbreviation standing alone (EA, THQ), Latin letters or digits not touching it
_ACRONYM = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2,6}(?![A-Za-z0-9])")
#: the shortest run of transliteration characters taken as a foreign name: two are too often a word
_MIN_TRANSLITERATION = 3
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


@functools.cache
def _data(name: str) -> tuple[str, ...]:
    """The entries of ``data/NAME`` (one a line, ``#`` comments)."""
    path = resources.files(__package__).joinpath("data", name)
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return tuple(line for line in lines if line)


def _short_names() -> frozenset[str]:
    return frozenset(_data("zh_org_short_names.txt"))


@functools.lru_cache(maxsize=1)
def _transliteration() -> re.Pattern:
    chars = "".join(_data("zh_transliteration_chars.txt"))
    return re.compile(f"[{re.escape(chars)}]{{{_MIN_TRANSLITERATION},}}")


def _add_unseen(
    line: str, words: list[tuple[int, int, str]], spans: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """Acronyms as ORGs and transliterated names as PERSONs where no span is; demonyms dropped."""
    out = [(s, e, t) for s, e, t in spans if not (t == "PLACE" and e - s >= 3 and line[e - 1] == "人")]
    if not _CJK.search(line):
        return out
    taken = lambda s, e: any(a < e and s < b for a, b, _ in out)  # noqa: E731
    not_org = frozenset(_data("latin_acronyms_not_org.txt"))
    for m in _ACRONYM.finditer(line):
        if m.group(0) not in not_org and not taken(*m.span()):
            out.append((*m.span(), "ORG"))
    bounds = {a for a, _, _ in words} | {b for _, b, _ in words}
    for m in _transliteration().finditer(line):
        if m.start() in bounds and m.end() in bounds and not taken(*m.span()):
            out.append((*m.span(), "PERSON"))
    return sorted(out)


@functools.lru_cache(maxsize=1)
def _word_tags(tokenizer) -> dict[str, str]:
    """jieba's dictionary part-of-speech tags by word (nr, ns, nt, ...), read once."""
    import jieba.posseg

    return jieba.posseg.POSTokenizer(tokenizer).word_tag_tab


def _tagged_words(words: list[tuple[int, int, str]], tags: dict[str, str]) -> list[tuple[int, int, str, str]]:
    """jieba's words with their dictionary tags ("x" for a word the dictionary does not hold)."""
    return [(a, b, w, tags.get(w, "x")) for a, b, w in words]


def _add_organisations(
    line: str, tagged: list[tuple[int, int, str, str]], spans: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """jieba's ``nt`` words and institutions' short names no span covers, as ORGs; places in a match
    report as the clubs named after them."""
    short = _short_names()
    out = list(spans)
    for a, b, word, flag in tagged:
        if ((flag == "nt" and b - a >= _MIN_NT_WORD) or word in short) and not any(s < b and a < e for s, e, _ in out):
            out.append((a, b, "ORG"))
    if _MATCH_REPORT.search(line):
        out = [(s, e, "ORG" if t == "PLACE" else t) for s, e, t in out]
    return sorted(out)


def _jieba_words(line: str, tokenizer) -> list[tuple[int, int, str]]:
    words, pos = [], 0
    for word in tokenizer.cut(line):
        words.append((pos, pos + len(word), word))
        pos += len(word)
    return words


def _widen(words: list[tuple[int, int, str]], spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """PERSON spans widened to the jieba words they cut into; a span a widened one comes to overlap goes
    (of two widened ones, the first stays), so that no two spans overlap."""
    bounds = [(a, b) for a, b, _ in words]
    grown, kept = [], []
    for s, e, t in spans:
        if t == "PERSON":
            span = (s, e, t)
            for a, b in bounds:
                if a < s < b:
                    s = a
                if a < e < b:
                    e = b
            if (s, e, t) != span:
                if not any(a < e and s < b for a, b, _ in grown):
                    grown.append((s, e, t))
                continue
        kept.append((s, e, t))
    kept = [(s, e, t) for s, e, t in kept if not any(a < e and s < b for a, b, _ in grown)]
    return sorted(grown + kept)


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


def _rules(
    line: str, words: list[tuple[int, int, str]], spans: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """Bare surnames dropped, place + organisation head joined into an ORG, address pieces joined."""
    starts = {a: i for i, (a, _, _) in enumerate(words)}
    out: list[tuple[int, int, str]] = []
    for s, e, t in sorted(spans):
        if t == "PERSON" and e - s == 1:
            continue
        if t == "PLACE" and e in starts:
            for _a, b, w in words[starts[e] : starts[e] + 3]:
                if not _CJK.fullmatch(w):
                    break
                if w.endswith(_ORG_HEADS):
                    e, t = b, "ORG"
                    break
        if t == "PLACE" and out and out[-1][2] == "PLACE" and out[-1][1] == s:
            after = words[starts[e]][2] if e in starts else ""
            if _ADDR_TAIL.search(line[s:e]) or _ADDR_TAIL.search(after):
                out[-1] = (out[-1][0], e, t)
                continue
        out.append((s, e, t))
    return out


def find_chinese(text: str) -> list[tuple[int, int, str]]:
    """Entity spans ``(start, end, type)`` in ``text``, offsets into it, types PERSON/ORG/PLACE."""
    with _lock:
        model = _model()
        tokenizer = _jieba()
        word_tags = _word_tags(tokenizer)
    spans: list[tuple[int, int, str]] = []
    for line in _LINE.finditer(text):
        words = _words(model, line.group(0))
        if not words:
            continue
        tags = model.ner([w for _, _, w in words])
        found = _spans(words, tags)
        jwords = _jieba_words(line.group(0), tokenizer)
        tagged = _tagged_words(jwords, word_tags)
        if found:
            found = _rules(line.group(0), jwords, _widen(jwords, found))
        found = _add_unseen(line.group(0), jwords, _add_organisations(line.group(0), tagged, found))
        spans.extend((line.start() + s, line.start() + e, t) for s, e, t in found)
    return spans
