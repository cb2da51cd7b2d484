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

Text in Traditional characters is read in its Simplified form (OpenCC's ``t2s``, kept only when it
keeps the text's length, so spans point into the caller's text and keep its characters): the models were
trained on Simplified text (devset converted to Traditional: 0.445 / 0.637 as it is, 0.562 / 0.874 so).

With ``lac=True`` (model ``jiagu+lac``, the default; ``extractors.mentions.chinese_lac``) Baidu's LAC
(Apache-2.0, trained on modern web text; its model ships in its package, on PaddlePaddle) tags each line too, and its PERSON/ORG/LOC words join
the spans above: where two spans overlap the longer one stays (the same length: ours), so LAC brings the
companies, clubs and foreign names jiagu's 1998 news never saw, and the whole addresses and
place-prefixed organisations of today's conventions. Two checks against jieba's segmentation keep LAC's
own slips out: a LAC span that cuts a jieba word in two (访华据新华社, 张吉龙首) is dropped, and so is a LAC
PERSON that is one dictionary word of another kind (马克思主义, 钟情); and a LAC span made exactly of two or
more of our spans side by side (郑州铁路分局 + 月山车站) leaves them split. Where LAC reads a name with
the same start but shorter (高云江 where ours ran into the verb: 高云江说, 宋朝弟等, 邓小平理论), LAC's end
is taken, unless ours goes on past a middle dot (纳希德·年希). LAC's Latin-script words are left to the
English model that reads a page's Latin runs (a list of foreign names, e-mail addresses). Last, a
holder's title run into an organisation's end is cut off (司法部长 -> 司法部, 县委书记 -> 县委); in a
line about a match, LAC's places are clubs (ORG), as ours are; a span that cuts across a pair of
brackets or quotes is dropped; and a place made of two or three one-character place abbreviations (中美,
京津冀) is that many places. Whitespace between Chinese characters parts cells: each part is read alone.
Measured on both devset conventions in ``bench/chinese_ner.py`` (bench/README.md, "Chinese NER").
``find_chinese`` is the one entry point the language router calls; its internals may change.
"""

from __future__ import annotations

import functools
import re
import threading
from importlib import resources

from extractors.mentions.chinese_lac import lac_spans, load_lac, with_lac

#: heads that make a preceding place name part of an organisation's name (河南省 + 文物考古研究所)
_ORG_HEADS = (
    "银行", "公司", "集团", "研究所", "研究院", "委员会", "协会", "学会", "大学", "学院", "医院", "法院",
    "检察院", "政府", "办公室", "管理局", "公安局", "分行", "总部", "中心",
)  # fmt: skip
_CJK = re.compile(r"[\u4e00-\u9fff]+")
_ADDR_TAIL = re.compile(r"(?:路|街|大街|大道|巷|号|大厦|镇|乡|村)$")
#: whitespace between two Chinese characters (or a name's middle dot and a character)
_CELL_GAP = re.compile(r"(?<=[\u3400-\u9fff·])[ \t\u3000]+(?=[\u3400-\u9fff])")
#: a pair of title brackets, quotes or parentheses and what it holds
_PAIRED = re.compile(r"《[^《》]*》|“[^“”]*”|（[^（）]*）|\([^()]*\)|【[^【】]*】|「[^「」]*」")
#: the longest run of one-character place abbreviations split into its places (京津冀)
_MAX_ABBREVIATIONS = 3
#: a holder's title run into the organisation before it (司法部长, 县委书记, 铁道会长): the title is cut off
_TITLE_TAIL = re.compile(r"(?<=[部局会院厅处署行校所委社])长$|(?:书记|主席|主任|总裁|经理)$")
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


@functools.lru_cache(maxsize=1)
def place_abbreviations() -> dict[str, tuple[str, str]]:
    """One-character abbreviations of places as news writes them (美, 俄, 京) -> (the full Chinese name,
    its ISO 3166-1 alpha-2 country), from ``data/zh_place_abbreviations.tsv``."""
    rows = (line.split("\t") for line in _data("zh_place_abbreviations.tsv"))
    return {short: (full, country) for short, full, country in rows}


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


def _clubs(line: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """In a line about a match, a place is the club named after it: an ORG (after LAC's spans are joined,
    as ``_add_organisations`` does for ours)."""
    if not _MATCH_REPORT.search(line):
        return spans
    return [(s, e, "ORG" if t == "PLACE" else t) for s, e, t in spans]


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


def find_chinese(text: str, *, lac: bool = True) -> list[tuple[int, int, str]]:
    """Entity spans ``(start, end, type)`` in ``text``, offsets into it, types PERSON/ORG/PLACE; with
    ``lac``, LAC's spans joined in (module docstring)."""
    with _lock:
        model = _model()
        tokenizer = _jieba()
        word_tags = _word_tags(tokenizer)
        baidu = load_lac() if lac else None
    spans: list[tuple[int, int, str]] = []
    text = to_simplified(text)  # same length: the spans point into the caller's text as well
    # whitespace between Chinese characters parts cells or columns (王小明 处长 北京市人民政府): each part is
    # read as a line of its own (the same length, so offsets hold)
    lines = list(_LINE.finditer(_CELL_GAP.sub(lambda m: "\n" * len(m.group(0)), text)))
    found_by_lac = lac_spans(baidu, [m.group(0) for m in lines]) if baidu is not None else None
    for n, line in enumerate(lines):
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
        if found_by_lac is not None:
            found = with_lac(line.group(0), jwords, word_tags, found, found_by_lac[n])
            found = _clubs(line.group(0), found)
        found = _split_abbreviations(line.group(0), _untitled(line.group(0), _unstraddled(line.group(0), found)))
        spans.extend((line.start() + s, line.start() + e, t) for s, e, t in found)
    return spans


def _unstraddled(line: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Spans that cut across a pair of brackets or quotes (银河冒险》, 中国《道德经, 江德力（charles) dropped:
    a name lies inside such a pair or holds all of it (“旅行者”号, 【吴海花】), never half of it."""
    pairs = [m.span() for m in _PAIRED.finditer(line)]
    return [
        (s, e, t)
        for s, e, t in spans
        if not any(s < b and a < e and not (a < s and e < b) and not (s <= a and b <= e) for a, b in pairs)
    ]


@functools.lru_cache(maxsize=1)
def _t2s():
    """OpenCC's Traditional -> Simplified converter, or None when OpenCC is not installed."""
    try:
        import opencc
    except ImportError:
        return None
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """``text`` in Simplified characters (the models were trained on them), or ``text`` itself when the
    conversion would change its length (a phrase of another length) or OpenCC is missing."""
    converter = _t2s()
    if converter is None:
        return text
    converted = converter.convert(text)
    return converted if len(converted) == len(text) else text


def _split_abbreviations(line: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A PLACE of two or three place abbreviations side by side (中美, 日俄, 京津冀) is that many places."""
    short = place_abbreviations()
    out = []
    for s, e, t in spans:
        if t == "PLACE" and 2 <= e - s <= _MAX_ABBREVIATIONS and all(ch in short for ch in line[s:e]):
            out.extend((i, i + 1, t) for i in range(s, e))
        else:
            out.append((s, e, t))
    return out


def _untitled(line: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """ORG spans without a holder's title run into their end (司法部长 -> 司法部)."""
    out = []
    for s, e, t in spans:
        if t == "ORG" and (m := _TITLE_TAIL.search(line, s, e)) and m.start() - s >= _MIN_NT_WORD:
            e = m.start()
        out.append((s, e, t))
    return out
