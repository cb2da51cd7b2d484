"""``leaksift config``: the effective settings (environment, then flags), their variables and the fingerprint."""

from __future__ import annotations

import argparse

from flows.cli.options import EXIT_OK, EXIT_USAGE, add_settings_flags, settings_from


def add_parser(sub) -> None:
    config = sub.add_parser(
        "config",
        help="show the effective settings",
        description="Print every setting's effective value (LEAKSIFT_<NAME> in the environment, then the "
        "flags below), its environment variable and what it does, then the settings fingerprint.",
    )
    add_settings_flags(config)


def command(args: argparse.Namespace) -> int:
    from extractors.settings import Settings

    settings = settings_from(args)
    if settings is None:
        return EXIT_USAGE
    for name, info in Settings.model_fields.items():
        print(f"{name:<16} = {getattr(settings, name)!r:<28} LEAKSIFT_{name.upper():<18} {info.description or ''}")
    print(f"{'fingerprint':<16} = {settings.fingerprint()!r}")
    return EXIT_OK
