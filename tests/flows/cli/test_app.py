"""The command line as a whole: usage errors and help."""

from __future__ import annotations

import re

import pytest

from flows.cli import build_parser, main
from tests.conftest import ROOT

pytestmark = pytest.mark.usefixtures("prefect_server")


def test_usage_errors_exit_2(tmp_path, capsys):
    assert main(["run", str(tmp_path / "missing"), "--out", str(tmp_path / "o")]) == 2
    assert main(["ingest", str(tmp_path / "nofile.pdf"), "--out", str(tmp_path / "o")]) == 2
    with pytest.raises(SystemExit) as exc:
        main(["run", "--ocr", "sometimes"])
    assert exc.value.code == 2


def _commands() -> dict:
    """Every command the parser knows, with its sub-parser (read from the parser, not listed by hand)."""
    import argparse

    (action,) = [a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(action.choices)


def test_help_for_every_command(capsys):
    commands = _commands()
    assert {"run", "ingest", "entities", "serve", "eval", "deploy", "config"} <= set(commands)
    for command, parser in commands.items():
        with pytest.raises(SystemExit) as exc:
            main([command, "--help"])
        assert exc.value.code == 0
        printed = capsys.readouterr().out
        assert "usage: leaksift" in printed
        assert parser.description, f"`leaksift {command}` has no description"
        assert " ".join(parser.description.split()) in " ".join(printed.split()), command


def test_readme_shows_every_command():
    readme = (ROOT / "README.md").read_text("utf-8")
    missing = [c for c in _commands() if not re.search(rf"\bleaksift {re.escape(c)}\b", readme)]
    assert not missing, f"README.md does not show: {', '.join('leaksift ' + c for c in missing)}"
