"""Places: canonical names and countries."""

from extractors.normalize.places import normalize_place


def test_places_with_country():
    assert normalize_place("Czech Republic")[1] == "CZ"
    assert normalize_place("City of Calgary") == ("Calgary", "CA")
    assert normalize_place("Jiangsu Province") == ("Jiangsu", "CN")
    assert normalize_place("U.S.") == ("United States", "US")
