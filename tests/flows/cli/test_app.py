"""The command line as a whole: usage errors and help."""

from __future__ import annotations

import pytest

from flows.cli import main

pytestmark = pytest.mark.usefixtures("prefect_server")


def test_usage_errors_exit_2(tmp_path, capsys):
    assert main(["run", str(tmp_path / "missing"), "--out", str(tmp_path / "o")]) == 2
    assert main(["ingest", str(tmp_path / "nofile.pdf"), "--out", str(tmp_path / "o")]) == 2
    with pytest.raises(SystemExit) as exc:
        main(["run", "--ocr", "sometimes"])
    assert exc.value.code == 2


def test_help_for_every_command(capsys):
    for command in ("run", "ingest", "entities", "serve", "config"):
        with pytest.raises(SystemExit) as exc:
            main([command, "--help"])
        assert exc.value.code == 0
        assert "usage: leaksift" in capsys.readouterr().out
