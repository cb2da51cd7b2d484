"""``leaksift config``: the effective settings (environment, then flags), where each came from, their
variables, the NER model of each language and the fingerprint."""

from __future__ import annotations

import argparse
import os

from flows.cli.options import EXIT_OK, EXIT_USAGE, add_settings_flags, settings_from, settings_overrides


def add_parser(sub) -> None:
    config = sub.add_parser(
        "config",
        help="show the effective settings",
        description="Print every setting's effective value (LEAKSIFT_<NAME> in the environment, then the "
        "flags below), where it came from (default, env or flag), its environment variable and what it does, "
        "then the NER model of each language and the settings fingerprint.",
    )
    add_settings_flags(config)


def command(args: argparse.Namespace) -> int:
    from extractors.settings import Settings

    settings = settings_from(args)
    if settings is None:
        return EXIT_USAGE
    from extractors.mentions.languages import DEFAULT_MODELS, LICENCES

    flags = settings_overrides(args)
    for name, info in Settings.model_fields.items():
        source = "flag" if name in flags else "env" if f"LEAKSIFT_{name.upper()}" in os.environ else "default"
        print(
            f"{name:<16} = {getattr(settings, name)!r:<28} {source:<7} LEAKSIFT_{name.upper():<18} "
            f"{info.description or ''}"
        )
    print("NER model per language (others: patterns and dates only):")
    for language, model in settings.ner_models().items():
        if language == "en":
            source = "flag" if "model" in flags else "env" if "LEAKSIFT_MODEL" in os.environ else "default"
        else:
            source = "default" if DEFAULT_MODELS.get(language) == model else ("flag" if "models" in flags else "env")
        licence = LICENCES.get(model, "")
        print(f"  {language:<4} {model:<36} {source:<7} {licence}")
    print(f"{'fingerprint':<16} = {settings.fingerprint()!r}")
    return EXIT_OK
