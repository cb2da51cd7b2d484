"""People: titles moved out of names, titles written before a name."""

from hypothesis import given
from hypothesis import strategies as st

from extractors.normalize.people import TITLES, normalize_person
from extractors.normalize.wordlists import word_list
from tests.extractors.normalize.conftest import normalized


def test_titles_move_out_of_names():
    assert normalize_person("Mayor Naheed Nenshi") == ("Naheed Nenshi", ["Mayor"])
    assert normalize_person("Ms. Alto") == ("Alto", ["Ms."])
    assert normalize_person("former Ambassador Jane Roe") == ("Jane Roe", ["Former Ambassador"])
    assert normalize_person("pro-Beijing") is None


def test_titles_written_before_the_span():
    out, _ = normalized("He met Mayor Marianne Alto in Victoria.", [("Marianne Alto", "PERSON")])
    assert out[0].attributes["titles"] == ["Mayor"]


@given(
    st.sampled_from(["Mr.", "Ms.", "Dr.", "Mayor", "Ambassador", "Professor", ""]),
    # name words only: a generated "Jr" is a suffix and "Mp" a title, which normalize_person drops by design
    st.lists(
        st.from_regex(r"[A-Z][a-z]{1,9}", fullmatch=True).filter(
            lambda w: w.lower() not in word_list("name_suffixes") and w.lower() not in TITLES
        ),
        min_size=1,
        max_size=3,
    ),
)
def test_person_name_never_keeps_a_title(title, words):
    name = " ".join(words)
    result = normalize_person(f"{title} {name}".strip())
    assert result is not None
    assert (
        result[0].split()[0].rstrip(".").lower() not in {"mr", "ms", "dr", "mayor", "ambassador", "professor"}
        or len(words) == 1
    )
    if title and len(words) >= 1:
        assert result[0] == name


def test_issue_compound_titles_stay_one_title():
    assert normalize_person("Deputy Mayor Daniel Okafor") == ("Daniel Okafor", ["Deputy Mayor"])
    assert normalize_person("Vice President Ana Ruiz") == ("Ana Ruiz", ["Vice President"])
    assert normalize_person("former Deputy Mayor Daniel Okafor") == ("Daniel Okafor", ["Former Deputy Mayor"])
    assert normalize_person("Mayor Helen Brandt") == ("Helen Brandt", ["Mayor"])
    # a prefix word that is no title's prefix stays part of nothing: "Deputy" alone is still a title
    assert normalize_person("Deputy Tomas Novak") == ("Tomas Novak", ["Deputy"])
