"""The devset's archives (Apache Tika's test files): members, nested text and status as expected.json
states them. Nested archives are read with these readers; other parts are checked as raw text."""

from __future__ import annotations

import json

import pytest

from extractors.errors import EncryptedFileError
from extractors.read.archives import READERS
from extractors.read.sniff import sniff_media_type
from extractors.settings import PartLimits, Settings
from tests.extractors.read.archives.helpers import devset_formats, sink_for

FORMATS = devset_formats()
ARCHIVES = [
    "test-zip-of-zip.zip",
    "gbk.zip",
    "testZipEncrypted.zip",
    "test-nested-tarball.tar",
    "TIKA-216.tgz",
    "bob.gz",
    "test7Z_protected_passTika.7z",
    "test-documents-enc.rar",
]
pytestmark = pytest.mark.skipif(not (FORMATS / "expected.json").is_file(), reason="no shared devset")


def _expected(name: str) -> dict:
    return next(e for e in json.loads((FORMATS / "expected.json").read_text()) if e["file"] == name)


def _read(path, folder, settings, parent=None):
    """(status, direct member names, text of every non-archive part below)."""
    sink = sink_for(path, folder, limits=PartLimits(), parent=parent)
    status = "ok"
    try:
        READERS[sniff_media_type(path, b"")](path, sink, settings)
    except EncryptedFileError:
        status = "failed"
    members = [r.name for r in sink.finish() if not (r.name.startswith("(") and r.status)]
    texts = []
    for source in sink.sources:
        try:
            media = sniff_media_type(source.path, b"")
        except Exception:
            media = None
        if media in READERS:
            texts.append(_read(source.path, folder, settings, parent=source)[2])
        else:
            texts.append(source.path.read_bytes().decode("utf-8", "replace"))
    return status, members, " ".join(" ".join(texts).split())


@pytest.mark.parametrize("name", ARCHIVES)
def test_devset_archive(name, tmp_path):
    expected = _expected(name)
    status, members, text = _read(FORMATS / name, tmp_path, Settings())
    assert status == expected["expect_status"]
    assert set(expected["members"]) <= set(members)
    for phrase in expected["phrases"]:
        assert phrase in text


def test_devset_7z_opens_with_its_password(tmp_path):
    pw = tmp_path / "pw.txt"
    pw.write_text("Tika\n")
    status, members, text = _read(FORMATS / "test7Z_protected_passTika.7z", tmp_path, Settings(passwords=str(pw)))
    assert (status, members) == ("ok", ["text.txt"]) and "TEST DATA FOR TIKA." in text
