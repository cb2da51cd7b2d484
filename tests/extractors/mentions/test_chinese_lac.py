"""Baidu LAC joined to the Chinese NER (model ``jiagu+lac``, the zh default): modern names jiagu alone
misses, the union's rules on hand-made spans, the ``jiagu`` setting leaving LAC out, a quiet load, and
one-character place abbreviations (美, 京) normalised to the places they stand for."""

from __future__ import annotations

import subprocess
import sys

from extractors.mentions.chinese import _jieba, _jieba_words, _word_tags, find_chinese
from extractors.mentions.chinese_lac import with_lac as _with_lac
from extractors.mentions.languages import effective_models, find_routed
from extractors.normalize.places import normalize_place
from extractors.records import Page
from extractors.settings import Settings


def _found(text: str, lac: bool) -> set[tuple[str, str]]:
    return {(text[s:e], t) for s, e, t in find_chinese(text, lac=lac)}


def test_lac_adds_todays_companies_and_people() -> None:
    text = "小米科技创始人雷军在北京发布了新手机，腾讯公司的代表也到场。"
    with_lac, alone = _found(text, True), _found(text, False)
    for entity in (("小米科技", "ORG"), ("雷军", "PERSON"), ("腾讯公司", "ORG")):
        assert entity in with_lac
        assert entity not in alone  # what LAC brings: jiagu, trained on 1998 news, has none of them
    assert ("北京", "PLACE") in with_lac


def test_lac_keeps_what_jiagu_finds_in_classic_news() -> None:
    text = "中华人民共和国国务院总理李强在北京会见了德国总理。"
    assert _found(text, False) <= _found(text, True)


def _union(line: str, ours: list, theirs: list) -> list[str]:
    words = _jieba_words(line, _jieba())
    return [f"{line[s:e]}/{t}" for s, e, t in _with_lac(line, words, _word_tags(_jieba()), ours, theirs)]


def test_union_longer_span_wins_and_ties_keep_ours() -> None:
    line = "郑州市城市规划局发布公告"
    ours = [(0, 3, "PLACE")]  # 郑州市
    theirs = [(0, 8, "ORG")]  # 郑州市城市规划局
    assert _union(line, ours, theirs) == ["郑州市城市规划局/ORG"]
    # the same span with another type: ours stays
    assert _union(line, [(0, 8, "PLACE")], theirs) == ["郑州市城市规划局/PLACE"]


def test_union_keeps_two_adjacent_spans_of_ours_split() -> None:
    line = "郑州铁路分局月山车站发生事故"
    ours = [(0, 6, "ORG"), (6, 10, "PLACE")]  # 郑州铁路分局 + 月山车站
    assert _union(line, ours, [(0, 10, "ORG")]) == ["郑州铁路分局/ORG", "月山车站/PLACE"]
    # one of ours inside a longer LAC span (something more around it): the longer span wins
    assert _union(line, [(0, 6, "ORG")], [(0, 10, "ORG")]) == ["郑州铁路分局月山车站/ORG"]


def test_union_drops_lac_spans_that_cut_a_word() -> None:
    line = "张吉龙首次访问上海"
    words = {(a, b) for a, b, _ in _jieba_words(line, _jieba())}
    assert (3, 5) in words  # 首次 is one jieba word
    # LAC's 张吉龙首 ends inside 首次: dropped, our 张吉龙 stays
    assert _union(line, [(0, 3, "PERSON")], [(0, 4, "PERSON")]) == ["张吉龙/PERSON"]


def test_union_drops_a_lac_person_that_is_a_common_word() -> None:
    line = "学习马克思主义"
    assert _word_tags(_jieba()).get("马克思主义") == "n"
    assert _union(line, [(2, 5, "PERSON")], [(2, 7, "PERSON")]) == ["马克思/PERSON"]
    # a LAC ORG of the same kind of word stays: only PERSON spans are checked so
    assert _union(line, [], [(2, 7, "ORG")]) == ["马克思主义/ORG"]


def test_setting_jiagu_leaves_lac_out() -> None:
    text = "小米科技创始人雷军在北京发布了新手机。"
    page = Page("d", 1, "text", text)
    default = effective_models(Settings().model, "")
    assert default["zh"] == "jiagu+lac"
    with_lac = {(m.text, m.label) for m in find_routed([page], ["zh"], models=default)}
    alone = {(m.text, m.label) for m in find_routed([page], ["zh"], models={**default, "zh": "jiagu"})}
    assert ("雷军", "jiagu+lac:PERSON") in with_lac
    assert all(label.startswith("jiagu:") for _, label in alone if not label.startswith("date"))
    assert "雷军" not in {t for t, _ in alone}


def test_lac_loads_quietly() -> None:
    """Paddle's C++ log lines and Python warnings stay out of the user's terminal."""
    code = "from extractors.mentions.chinese import find_chinese; print(len(find_chinese('雷军在北京')))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "2"
    assert done.stderr == ""


def test_one_character_place_abbreviations() -> None:
    assert normalize_place("美", language="zh") == ("美国", "US")
    assert normalize_place("俄", language="zh") == ("俄罗斯", "RU")
    assert normalize_place("京", language="zh") == ("北京", "CN")
    assert normalize_place("澳", language="zh") is None  # Australia or Macau: left out
    assert normalize_place("石", language="zh") is None  # no place's abbreviation
    assert normalize_place("美国", language="zh")[1] == "US"


def test_lac_shorter_name_ends_a_name_that_ran_on() -> None:
    line = "记者王海涛说今天很热"
    # ours ran into the verb (王海涛说), LAC's reading of the same name stops before it: LAC's wins
    assert _union(line, [(2, 6, "PERSON")], [(2, 5, "PERSON")]) == ["王海涛/PERSON"]
    # a transliterated name joined by a middle dot stays whole
    line = "副市长纳希德·年希出席"
    assert _union(line, [(3, 9, "PERSON")], [(3, 6, "PERSON")]) == ["纳希德·年希/PERSON"]


def test_a_holders_title_is_cut_off_an_organisation() -> None:
    from extractors.mentions.chinese import _untitled

    line = "司法部长和县委书记出席了铁道会长的会议"
    spans = [(0, 4, "ORG"), (5, 9, "ORG"), (12, 16, "ORG"), (0, 2, "PERSON")]
    assert [line[s:e] for s, e, _ in _untitled(line, spans)] == ["司法部", "县委", "铁道会", "司法"]
    # a name that is only a title stays as it is (no organisation of one character)
    assert _untitled("部长", [(0, 2, "ORG")]) == [(0, 2, "ORG")]


def test_lac_leaves_latin_script_names_to_the_english_model() -> None:
    text = "代表团名单如下：Maria Garcia，联系人李明，邮箱 liming@example.cn"
    found = _found(text, True)
    assert ("李明", "PERSON") in found
    assert not any(t.isascii() for t, _ in found if "@" in t or t.startswith("Maria"))


def test_runs_of_place_abbreviations_are_each_a_place() -> None:
    from extractors.mentions.chinese import _split_abbreviations

    line = "中美关系与京津冀一体化，中国和美国"
    spans = [(0, 2, "PLACE"), (5, 8, "PLACE"), (12, 14, "PLACE"), (15, 17, "PLACE"), (0, 2, "ORG")]
    assert [(line[s:e], t) for s, e, t in _split_abbreviations(line, spans)] == [
        ("中", "PLACE"), ("美", "PLACE"), ("京", "PLACE"), ("津", "PLACE"), ("冀", "PLACE"),
        ("中国", "PLACE"), ("美国", "PLACE"),  # 国 abbreviates no place: whole names stay
        ("中美", "ORG"),  # only places are split
    ]  # fmt: skip
    found = _found("中美两国领导人在京会晤", True)
    assert ("中", "PLACE") in found and ("美", "PLACE") in found


def test_spans_cutting_across_brackets_or_quotes_are_dropped() -> None:
    from extractors.mentions.chinese import _unstraddled

    line = "玩《银河冒险》的“旅行者”号探测器和【吴海花】"
    spans = [(2, 6, "ORG"), (1, 7, "ORG"), (8, 17, "PLACE"), (9, 12, "PLACE"), (18, 23, "PERSON")]
    spans += [(3, 7, "ORG"), (9, 17, "PLACE")]  # 河冒险》, 旅行者”号探测器
    kept = [line[s:e] for s, e, _ in _unstraddled(line, spans)]
    # inside a pair, or holding all of it: kept; half in, half out: dropped
    assert kept == ["银河冒险", "《银河冒险》", "“旅行者”号探测器", "旅行者", "【吴海花】"]


def test_in_a_match_report_places_are_clubs() -> None:
    from extractors.mentions.chinese import _clubs

    line = "汉堡主场战平那不勒斯，梅西进球"
    spans = [(0, 2, "PLACE"), (6, 10, "PLACE"), (11, 13, "PERSON")]
    assert _clubs(line, spans) == [(0, 2, "ORG"), (6, 10, "ORG"), (11, 13, "PERSON")]
    # not a match report: nothing changes
    assert _clubs("汉堡是德国城市", [(0, 2, "PLACE")]) == [(0, 2, "PLACE")]


def test_cells_apart_in_a_line_are_read_apart() -> None:
    # a list's row as a text layer writes it: the cells must not run into one organisation
    text = "王小明 处长 北京市人民政府外事办公室 中国"
    found = _found(text, True)
    assert ("王小明", "PERSON") in found and ("北京市人民政府外事办公室", "ORG") in found
    assert all(" " not in name for name, _ in found)


def test_traditional_text_is_read_in_simplified_and_keeps_its_own_characters() -> None:
    simplified = "北京市人民政府副市长王小明在上海市会见了美国代表团。"
    traditional = "北京市人民政府副市長王小明在上海市會見了美國代表團。"
    assert len(simplified) == len(traditional)
    spans = find_chinese(traditional)
    assert spans == find_chinese(simplified)  # the same entities at the same offsets
    names = {(traditional[s:e], t) for s, e, t in spans}
    assert ("王小明", "PERSON") in names and ("上海市", "PLACE") in names
    assert any("美國" in name for name, _ in names)  # the document's own characters


def test_traditional_place_names_get_their_country() -> None:
    assert normalize_place("廣東", language="zh") == ("廣東", "CN")
    assert normalize_place("北京市海澱區中關村大街", language="zh") == ("北京市海澱區中關村大街", "CN")
    assert normalize_place("倫敦", language="zh") == ("倫敦", "GB")
