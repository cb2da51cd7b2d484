"""Organisations: canonical names."""

from extractors.normalize.orgs import normalize_org


def test_org_names():
    assert normalize_org("the U.S. State Department") == "U.S. State Department"
    assert normalize_org("Harvard University’s") == "Harvard University"
