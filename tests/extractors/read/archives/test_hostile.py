"""Hostile archives, built by the tests: escaping names, links, bombs, deep nesting, too many members,
damage. Each ends as rows and parts inside the sink's folder, quickly, and never writes elsewhere."""

from __future__ import annotations

import io
import os
import tarfile
import time
import zipfile
from pathlib import Path

import pytest

from extractors.errors import CorruptFileError
from extractors.read.archives import READERS
from extractors.read.sniff import sniff_media_type
from extractors.settings import PartLimits, Settings
from tests.extractors.read.archives.helpers import devset_formats, parts, read_archive, rows, sink_for


def _files_under(folder: Path) -> set[Path]:
    return {Path(root) / name for root, _, names in os.walk(folder) for name in names}


@pytest.fixture
def cage(tmp_path, monkeypatch):
    """A working folder (the current one) whose files are checked after the test: only the sink's
    folder may have gained any."""
    work = tmp_path / "work"
    (work / "deep" / "er").mkdir(parents=True)
    monkeypatch.chdir(work / "deep" / "er")
    before = _files_under(tmp_path)
    yield tmp_path
    new = _files_under(tmp_path) - before
    outside = {p for p in new if (tmp_path / "parts") not in p.parents and "inputs" not in p.parts}
    assert not outside, f"written outside the sink's folder: {sorted(outside)}"


def _inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "inputs"
    folder.mkdir(exist_ok=True)
    return folder


def test_zip_slip_and_absolute_names_are_rows(cage):
    path = _inputs(cage) / "slip.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("../../evil.txt", b"evil")
        z.writestr("/etc/x", b"root")
        z.writestr("..\\..\\win.txt", b"evil too")
        z.writestr("ok/fine.txt", b"fine")
    sink = read_archive(path, cage / "parts")
    assert parts(sink) == {"ok/fine.txt": b"fine"}
    found = rows(sink)
    assert len(found) == 3 and all(status == "skipped" for status, _ in found.values())
    assert any("absolute" in reason for _, reason in found.values())
    assert sum("outside the archive" in reason for _, reason in found.values()) == 2
    assert not list(cage.rglob("evil.txt")) and not list(cage.rglob("win.txt"))


def test_tar_links_are_never_followed(cage):
    path = _inputs(cage) / "links.tar"
    with tarfile.open(path, "w") as t:
        for name, kind, target in (
            ("shadow", tarfile.SYMTYPE, "/etc/shadow"),
            ("up", tarfile.SYMTYPE, "../../../.."),
            ("hard", tarfile.LNKTYPE, "/etc/passwd"),
        ):
            info = tarfile.TarInfo(name)
            info.type, info.linkname = kind, target
            t.addfile(info)
        info = tarfile.TarInfo("up/evil.txt")  # written through the link, were it followed
        info.size = 4
        t.addfile(info, io.BytesIO(b"evil"))
    sink = read_archive(path, cage / "parts")
    found = rows(sink)
    assert {name for name, (_, reason) in found.items() if "links are never followed" in reason} == {
        "shadow",
        "up",
        "hard",
    }
    assert parts(sink) == {"up/evil.txt": b"evil"}  # a part in the scratch folder, not a file beside a link
    assert not list(cage.rglob("evil.txt"))


@pytest.fixture(scope="module")
def zero_bomb(tmp_path_factory) -> Path:
    """A 2 GiB member of zeros, deflated to about 2 MB."""
    path = tmp_path_factory.mktemp("bomb") / "bomb.zip"
    block = bytes(1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        with z.open("zeros.bin", "w", force_zip64=True) as member:
            for _ in range(2048):
                member.write(block)
    return path


def test_a_zip_bomb_stops_at_the_ratio_limit(cage, zero_bomb):
    limits = PartLimits(max_ratio=20, ratio_floor=1 << 20)
    started = time.monotonic()
    sink = read_archive(zero_bomb, cage / "parts", limits=limits)
    assert time.monotonic() - started < 30
    assert not sink.sources and sink.full
    (status, reason) = rows(sink)["zeros.bin"]
    assert status == "failed" and "decompression bomb" in reason
    assert not _files_under(cage / "parts")  # the half-written part is gone


def test_a_zip_bomb_stops_at_the_expanded_bytes_limit(cage, zero_bomb):
    sink = read_archive(zero_bomb, cage / "parts", limits=PartLimits(max_expanded_bytes=8 << 20))
    assert not sink.sources and "LEAKSIFT_MAX_EXPANDED_BYTES" in rows(sink)["zeros.bin"][1]


def _read_tree(path: Path, folder: Path, *, limits: PartLimits, parent=None) -> list:
    """Read an archive and, recursively, every part that is an archive; all sinks' refs in order."""
    sink = sink_for(path, folder, limits=limits, parent=parent)
    READERS[sniff_media_type(path, b"")](path, sink, Settings())
    refs = list(sink.finish())
    for source in sink.sources:
        refs += _read_tree(source.path, folder, limits=limits, parent=source)
    return refs


def test_zips_nested_past_the_depth_limit_stop_there(cage):
    data = b"the innermost text"
    for level in range(12, 0, -1):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            z.writestr("core.txt" if level == 12 else f"level{level + 1}.zip", data)
        data = buffer.getvalue()
    path = _inputs(cage) / "level1.zip"
    path.write_bytes(data)
    refs = _read_tree(path, cage / "parts", limits=PartLimits(max_depth=10))
    written = [r for r in refs if not r.status]
    assert len(written) == 10
    [deep] = [r for r in refs if r.status]
    assert deep.name == "level12.zip" and "nested 11 levels deep" in deep.error


def test_a_hundred_thousand_members_end_at_the_parts_limit(cage):
    path = _inputs(cage) / "many.zip"
    with zipfile.ZipFile(path, "w") as z:
        for i in range(100_000):
            z.writestr(f"m/{i}.txt", b"x")
    started = time.monotonic()
    sink = read_archive(path, cage / "parts", limits=PartLimits(max_parts=10_000))
    assert time.monotonic() - started < 60
    assert len(sink.sources) == 10_000
    assert len(sink.refs) == 10_001
    last = sink.refs[-1]
    assert last.name == "(90000 more parts)" and "LEAKSIFT_MAX_PARTS" in last.error


def test_a_truncated_zip_is_corrupt(cage):
    path = _inputs(cage) / "cut.zip"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("a.txt", os.urandom(4000))
    path.write_bytes(buffer.getvalue()[:-30])
    with pytest.raises(CorruptFileError):
        read_archive(path, cage / "parts")
    path.write_bytes(b"PK\x03\x04 not a zip at all")
    with pytest.raises(CorruptFileError):
        read_archive(path, cage / "parts")


def test_a_damaged_member_is_a_failed_row_and_the_others_are_read(cage):
    path = _inputs(cage) / "damaged.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        z.writestr("bad.txt", b"A" * 1000)
        z.writestr("good.txt", b"good")
    data = bytearray(path.read_bytes())
    data[data.index(b"A" * 1000) + 10] = ord("B")  # the stored bytes no longer match their CRC
    path.write_bytes(bytes(data))
    sink = read_archive(path, cage / "parts")
    assert parts(sink) == {"good.txt": b"good"}
    assert rows(sink)["bad.txt"][0] == "failed"


def test_a_7z_bomb_stops_at_the_limit_without_holding_the_member(cage):
    import py7zr

    path = _inputs(cage) / "bomb.7z"
    with py7zr.SevenZipFile(path, "w") as archive:
        archive.writestr(b"first", "a.txt")
        archive.writestr(bytes(48 << 20), "zeros.bin")
        archive.writestr(b"last", "z.txt")
    sink = read_archive(path, cage / "parts", limits=PartLimits(max_expanded_bytes=4 << 20))
    assert parts(sink) == {"a.txt": b"first"}
    found = rows(sink)
    assert found["zeros.bin"][0] == "failed" and "(1 more parts)" in found


FORMATS = devset_formats()


@pytest.mark.skipif(not (FORMATS / "testZipEncrypted.zip").is_file(), reason="no shared devset")
def test_devset_zip_with_an_encrypted_member(cage):
    sink = read_archive(FORMATS / "testZipEncrypted.zip", cage / "parts")
    assert parts(sink) == {"unencrypted.txt": b"hello world\r\n"}
    status, reason = rows(sink)["encrypted.txt"]
    assert status == "failed" and "password" in reason


@pytest.mark.skipif(not (FORMATS / "TIKA-216.tgz").is_file(), reason="no shared devset")
def test_devset_tika_216_lists_its_inner_archives_and_stops_in_them(cage):
    started = time.monotonic()
    outer = read_archive(FORMATS / "TIKA-216.tgz", cage / "parts")
    assert sorted(parts(outer)) == ["blah.tgz"] + [f"blah{i}.tgz" for i in range(1, 9)]
    assert time.monotonic() - started < 5
    inner = outer.sources[0]
    sink = sink_for(inner.path, cage / "parts", limits=PartLimits(ratio_floor=1 << 20), parent=inner)
    READERS[sniff_media_type(Path("x.tgz"), b"")](inner.path, sink, Settings())
    assert sink.full and any("LEAKSIFT_MAX_RATIO" in (r.error or "") for r in sink.refs)
