"""find_chinese on hand-written sentences: names (with a middle dot, after a title), organisations, places,
offsets in a mixed Chinese/English text, and thread safety."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from extractors.mentions.chinese import find_chinese


def _found(text: str) -> set[tuple[str, str]]:
    return {(text[s:e], t) for s, e, t in find_chinese(text)}


def test_names_after_titles_and_middle_dot_names() -> None:
    text = "北京市海淀区人民政府副市长张敬涛今天会见了纳希德·年希。"
    found = _found(text)
    assert ("张敬涛", "PERSON") in found
    assert ("纳希德·年希", "PERSON") in found
    assert ("副市长张敬涛", "PERSON") not in found


def test_rare_given_name_is_kept_whole() -> None:
    found = _found("市长叶老桂和主任李明出席了会议。")
    assert ("叶老桂", "PERSON") in found
    assert ("李明", "PERSON") in found
    assert ("叶", "PERSON") not in found


def test_organisations_and_places() -> None:
    found = _found("广州市公安局局长王伟说，上海市环境保护局将派人前往北京。")
    assert ("广州市公安局", "ORG") in found
    assert ("上海市环境保护局", "ORG") in found
    assert ("北京", "PLACE") in found
    assert ("王伟", "PERSON") in found


def test_mixed_chinese_english_keeps_offsets() -> None:
    text = "Meeting notes: 李明 met John Smith in 北京.\nSecond line: 广州市公安局 replied."
    spans = find_chinese(text)
    got = {(text[s:e], t) for s, e, t in spans}
    assert ("李明", "PERSON") in got
    assert ("北京", "PLACE") in got
    assert ("广州市公安局", "ORG") in got
    assert all(0 <= s < e <= len(text) for s, e, _ in spans)


def test_empty_and_latin_only_text() -> None:
    assert find_chinese("") == []
    assert find_chinese("\n\n") == []


def test_thread_safe_same_answer() -> None:
    text = "市长叶老桂和主任李明出席了上海市环境保护局的会议。"
    expected = find_chinese(text)
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(find_chinese, [text] * 16))
    assert all(r == expected for r in results)


def test_place_followed_by_organisation_head_is_one_org() -> None:
    assert ("河南省文物考古研究所", "ORG") in _found("河南省文物考古研究所发布了报告。")
    found = _found("他在新加坡星展银行工作。")
    assert ("新加坡星展银行", "ORG") in found
    assert ("新加坡", "PLACE") not in found


def test_bare_surname_is_not_a_person() -> None:
    text = "老王在家，张敬涛不在。"
    assert all(e - s > 1 for s, e, t in find_chinese(text) if t == "PERSON")


def test_acronyms_and_short_names_of_institutions_are_organisations() -> None:
    found = _found("EA今日确认，公司CEO张伟将出席发布会。")
    assert ("EA", "ORG") in found
    assert not any(text == "CEO" for text, _ in found)
    found = _found("工行和建行昨天宣布下调贷款利率。")
    assert {("工行", "ORG"), ("建行", "ORG")} <= found


def test_places_in_a_match_report_are_clubs() -> None:
    found = _found("罗马客场战平那不勒斯。")
    assert ("罗马", "ORG") in found
    assert not any(t == "PLACE" for _, t in found)


def test_transliterated_names_and_demonyms() -> None:
    assert ("伯南克", "PERSON") in _found("美联储主席伯南克发表讲话。")
    assert not any(t == "PLACE" for _, t in _found("很多中国人喜欢喝茶。"))


def test_no_two_spans_overlap() -> None:
    text = "我们昨天见到了维蒂奇和吉拉蒂诺。吴待秋、吴子深、冯超然已然归入二三流了。"
    spans = sorted(find_chinese(text))
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
