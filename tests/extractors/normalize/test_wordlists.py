"""The word-list loader: data files in, frozensets and mappings out; comments and blank lines skipped."""

import pytest

from extractors.normalize import wordlists
from extractors.normalize.wordlists import word_groups, word_list, word_map


@pytest.fixture
def data_folder(tmp_path, monkeypatch):
    """A data folder of our own in place of the package's, with the loader's caches emptied around it."""
    (tmp_path / "data").mkdir()
    monkeypatch.setattr(wordlists.resources, "files", lambda package: tmp_path)
    for loader in (word_list, word_map, word_groups):
        loader.cache_clear()
    yield tmp_path / "data"
    for loader in (word_list, word_map, word_groups):
        loader.cache_clear()


def test_the_shipped_lists():
    assert "mayor" in word_map("titles") and word_map("titles")["prof"] == "Professor"
    assert "university" in word_list("org_heads")
    assert isinstance(word_list("org_heads"), frozenset)
    roles = [role for role, _ in word_groups("table_header_words")]
    # given and family names are checked before "name", so "First name" is no full-name column
    assert roles == ["email", "phone", "organisation", "country", "place", "title", "given_name", "family_name", "name"]
    assert word_map("country_aliases")["people's republic of china"] == "CN"


def test_comments_and_blank_lines_are_skipped(data_folder):
    (data_folder / "heads.txt").write_text(
        "# what the list is\n\nagency\n  board  \nImages\t# why it is there\n#\n", encoding="utf-8"
    )
    assert word_list("heads") == frozenset({"agency", "board", "Images"})


def test_a_map_keeps_its_order_and_inner_spaces(data_folder):
    (data_folder / "aliases.tsv").write_text(
        "# alias<TAB>code\nu.s.\tUS\nthe united states\tUS  # with its article\nuk\tGB\n", encoding="utf-8"
    )
    assert list(word_map("aliases").items()) == [("u.s.", "US"), ("the united states", "US"), ("uk", "GB")]
    with pytest.raises(TypeError):
        word_map("aliases")["fr"] = "FR"  # read-only: the cached mapping is shared


def test_groups_keep_the_order_keys_first_appear_in(data_folder):
    (data_folder / "roles.tsv").write_text("phone\ttel\nname\tname\nphone\tfax\n", encoding="utf-8")
    assert word_groups("roles") == (("phone", ("tel", "fax")), ("name", ("name",)))


def test_a_missing_list_says_which(data_folder):
    with pytest.raises(FileNotFoundError, match="no_such_list.txt"):
        word_list("no_such_list")


def test_bad_map_lines_are_errors(data_folder):
    (data_folder / "broken.tsv").write_text("# ok\nno tab here\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"broken.tsv:2"):
        word_map("broken")
    (data_folder / "twice.tsv").write_text("us\tUS\nus\tGB\n", encoding="utf-8")
    with pytest.raises(ValueError, match="written twice"):
        word_map("twice")
