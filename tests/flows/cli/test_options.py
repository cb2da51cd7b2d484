"""Options shared by the commands: the settings flags reach the settings."""

from __future__ import annotations

from flows.cli import build_parser
from flows.cli.options import settings_from as _settings


def test_ocr_flags_reach_the_settings():
    args = build_parser().parse_args(["config", "--ocr-engine", "tesseract", "--no-ocr-lexicon"])
    settings = _settings(args)
    assert settings.ocr_engine == "tesseract" and settings.ocr_lexicon is False
    assert settings.ocr_options().lexicon is False
    default = _settings(build_parser().parse_args(["config"]))
    assert default.ocr_lexicon is True and default.ocr_options().lexicon is True
    with_lexicon = _settings(build_parser().parse_args(["config", "--ocr-engine", "tesseract"]))
    assert settings.fingerprint() != with_lexicon.fingerprint()
