"""Contact details: phone numbers in E.164."""

from extractors.normalize.contacts import normalize_phone


def test_phone_e164():
    assert normalize_phone("(902) 555-0117", region="CA") == "+19025550117"
    assert normalize_phone("+44 20 7946 0958") == "+442079460958"
    assert normalize_phone("12") is None
