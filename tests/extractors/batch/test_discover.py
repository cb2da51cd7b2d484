import os

import pytest

from extractors.batch.discover import discover


def test_recursive_sorted_with_ignores_and_no_symlinks(tmp_path):
    corpus = tmp_path / "c"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "b.txt").write_text("b")
    (corpus / "sub" / "a.txt").write_text("a")
    (corpus / ".hidden.txt").write_text("h")
    (corpus / "gold.json").write_text("{}")
    (corpus / ".leaksiftignore").write_text("# tooling\ngold.json\n")
    outside = tmp_path / "secret.txt"
    outside.write_text("do not read")
    os.symlink(outside, corpus / "link.txt")
    os.symlink(corpus, corpus / "sub" / "loop")
    found = discover(corpus)
    assert [f.display_path for f in found.files] == ["b.txt", "sub/a.txt"]
    reasons = dict(found.passed_over)
    assert "not followed" in reasons["link.txt"]
    assert "not followed" in reasons["sub/loop"]


def test_output_inside_corpus_is_excluded(tmp_path):
    corpus = tmp_path / "c"
    (corpus / "out").mkdir(parents=True)
    (corpus / "doc.txt").write_text("x")
    (corpus / "out" / "documents.jsonl").write_text("{}")
    found = discover(corpus, exclude=corpus / "out")
    assert [f.display_path for f in found.files] == ["doc.txt"]


def test_missing_corpus():
    with pytest.raises(NotADirectoryError):
        discover(__import__("pathlib").Path("/nonexistent/corpus"))


def test_discovery_imports_no_reader(tmp_path):
    """An unchanged re-run only discovers and hashes: the readers (and numpy, PIL) stay unimported."""
    import subprocess
    import sys

    (tmp_path / "a.txt").write_text("Helen Brandt\n")
    script = (
        "import sys; from pathlib import Path; from extractors.batch.discover import discover; "
        f"found = discover(Path({str(tmp_path)!r})); assert len(found.files) == 1; "
        "print(' '.join(m for m in ('extractors.read.dispatch', 'numpy', 'PIL') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""
