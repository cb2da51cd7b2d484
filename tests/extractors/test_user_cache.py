"""Built data kept between processes: built once, read back, rebuilt when damaged, never lost to an
unwritable cache folder."""

from __future__ import annotations

from extractors.user_cache import cache_dir, pickled


def test_built_once_then_read_back(tmp_path, monkeypatch):
    monkeypatch.setenv("LEAKSIFT_CACHE_DIR", str(tmp_path / "cache"))
    assert cache_dir() == tmp_path / "cache"
    builds: list[int] = []

    def build():
        builds.append(1)
        return {"value": [1, 2, 3]}

    assert pickled("thing-1.pickle", build) == {"value": [1, 2, 3]}
    assert pickled("thing-1.pickle", build) == {"value": [1, 2, 3]}
    assert len(builds) == 1
    assert [p.name for p in (tmp_path / "cache").iterdir()] == ["thing-1.pickle"]  # no temporary file left


def test_a_damaged_file_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("LEAKSIFT_CACHE_DIR", str(tmp_path))
    (tmp_path / "thing-1.pickle").write_bytes(b"not a pickle")
    assert pickled("thing-1.pickle", lambda: "built") == "built"
    assert pickled("thing-1.pickle", lambda: "built again") == "built"


def test_an_unwritable_cache_folder_still_gives_the_value(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would be")
    monkeypatch.setenv("LEAKSIFT_CACHE_DIR", str(blocker / "cache"))
    assert pickled("thing-1.pickle", lambda: 42) == 42


def test_a_failed_write_leaves_no_half_file(tmp_path, monkeypatch):
    """A full disk mid-write: the value is still given, and no temporary file is left behind."""
    import extractors.user_cache as user_cache

    monkeypatch.setenv("LEAKSIFT_CACHE_DIR", str(tmp_path))

    def full_disk(value, handle, protocol=None):
        handle.write(b"half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(user_cache.pickle, "dump", full_disk)
    assert pickled("thing-1.pickle", lambda: "value") == "value"
    assert list(tmp_path.iterdir()) == []
