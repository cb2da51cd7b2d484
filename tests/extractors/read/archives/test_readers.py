"""Archive readers on archives the tests build: members as parts, names, links as rows, passwords."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import tarfile
import zipfile

import pytest

from extractors.errors import CorruptFileError, EncryptedFileError
from extractors.read.archives.compressed import read_bzip2, read_gzip, read_xz
from extractors.read.archives.names import member_names
from extractors.settings import Settings
from tests.extractors.read.archives.helpers import parts, read_archive, rows, sink_for


def _zip(path, members: dict[str, bytes]):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def test_zip_members_are_parts_and_folders_are_not(tmp_path):
    path = tmp_path / "a.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("docs/", b"")
        z.writestr("docs/memo.txt", b"the memo")
        z.writestr("top.csv", b"a,b\n1,2\n")
    sink = read_archive(path, tmp_path / "parts")
    assert parts(sink) == {"docs/memo.txt": b"the memo", "top.csv": b"a,b\n1,2\n"}
    assert not rows(sink)


def _zip_with_raw_names(path, raw_names: list[bytes]):
    """A zip whose names are stored as the given bytes without the UTF-8 flag (zipfile itself would
    write UTF-8): written under ASCII stand-ins of the same length, then the bytes swapped in."""
    stand_ins = [(b"n%d" % i).ljust(len(raw), b"_") for i, raw in enumerate(raw_names)]
    with zipfile.ZipFile(path, "w") as z:
        for i, stand_in in enumerate(stand_ins):
            z.writestr(stand_in.decode(), b"member %d" % i)
    data = path.read_bytes()
    for stand_in, raw in zip(stand_ins, raw_names, strict=True):
        data = data.replace(stand_in, raw)
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("names", "encoding"),
    [
        (["审计压缩包文件检索测试/集团邮件审计系统2021年自动巡检需求文档.doc", "审计报告/附件一.txt"], "gbk"),
        (["Документы/Отчёт за квартал.txt", "Документы/Письмо директору.txt"], "cp1251"),
        (["資料/テスト結果の報告書.txt", "資料/会議の議事録.txt"], "shift_jis"),
        (["Ärger/Übersicht.txt"], "cp437"),
        (["café/résumé.txt"], "utf-8"),
    ],
)
def test_zip_names_without_the_utf8_flag_are_decoded_as_written(tmp_path, names, encoding):
    path = _zip_with_raw_names(tmp_path / "names.zip", [n.encode(encoding) for n in names])
    with zipfile.ZipFile(path) as z:
        assert not any(i.flag_bits & 0x800 for i in z.infolist())
        assert member_names(z.infolist()) == names
    assert sorted(parts(read_archive(path, tmp_path / "parts"))) == sorted(names)


def test_tar_members_links_and_devices(tmp_path):
    path = tmp_path / "a.tgz"
    with tarfile.open(path, "w:gz") as t:
        for name, data in (("dir/report.txt", b"report"), ("notes.md", b"# notes")):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            t.addfile(info, io.BytesIO(data))
        for name, kind, target in (
            ("dir", tarfile.DIRTYPE, ""),
            ("passwd", tarfile.SYMTYPE, "/etc/passwd"),
            ("hard", tarfile.LNKTYPE, "notes.md"),
            ("tty", tarfile.CHRTYPE, ""),
            ("pipe", tarfile.FIFOTYPE, ""),
        ):
            info = tarfile.TarInfo(name)
            info.type, info.linkname = kind, target
            t.addfile(info)
    sink = read_archive(path, tmp_path / "parts")
    assert parts(sink) == {"dir/report.txt": b"report", "notes.md": b"# notes"}
    found = rows(sink)
    assert set(found) == {"passwd", "hard", "tty", "pipe"}
    assert found["passwd"] == ("skipped", "a symbolic link in the archive (to /etc/passwd); links are never followed")
    assert "hard link" in found["hard"][1] and "notes.md" in found["hard"][1]
    assert "device" in found["tty"][1] and "pipe" in found["pipe"][1]


def test_a_truncated_tar_keeps_the_members_before_the_damage(tmp_path):
    path = tmp_path / "cut.tar.gz"
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as t:
        for i in range(3):
            data = bytes(range(256)) * 2000 + bytes([i])
            info = tarfile.TarInfo(f"m{i}.bin")
            info.size = len(data)
            t.addfile(info, io.BytesIO(data))
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) * 2 // 3])
    sink = read_archive(path, tmp_path / "parts")
    assert "m0.bin" in parts(sink)
    assert any(status == "failed" for status, _ in rows(sink).values())


def test_gzip_part_is_named_by_its_header(tmp_path):
    path = tmp_path / "bob.gz"
    with open(path, "wb") as raw, gzip.GzipFile("alice.txt", "wb", fileobj=raw) as gz:
        gz.write(b"hello world")
    assert parts(read_archive(path, tmp_path / "parts")) == {"alice.txt": b"hello world"}


def test_gzip_without_a_name_is_named_after_the_file(tmp_path):
    path = tmp_path / "report.csv.gz"
    with open(path, "wb") as raw, gzip.GzipFile("", "wb", fileobj=raw) as gz:
        gz.write(b"a,b\n")
    assert parts(read_archive(path, tmp_path / "parts")) == {"report.csv": b"a,b\n"}


@pytest.mark.parametrize(("suffix", "mode"), [(".tar.gz", "w:gz"), (".tar.bz2", "w:bz2"), (".tar.xz", "w:xz")])
def test_a_compressed_tar_is_read_as_a_tar(tmp_path, suffix, mode):
    path = tmp_path / f"bundle{suffix}"
    with tarfile.open(path, mode) as t:
        info = tarfile.TarInfo("inside/letter.txt")
        info.size = 6
        t.addfile(info, io.BytesIO(b"letter"))
    assert parts(read_archive(path, tmp_path / "parts")) == {"inside/letter.txt": b"letter"}


@pytest.mark.parametrize(
    ("reader", "opener", "name"), [(read_bzip2, bz2.open, "x.txt.bz2"), (read_xz, lzma.open, "x.txt.xz")]
)
def test_bzip2_and_xz_hold_one_file(tmp_path, reader, opener, name):
    path = tmp_path / name
    with opener(path, "wb") as fh:
        fh.write(b"plain text " * 1000)
    sink = sink_for(path, tmp_path / "parts")
    assert reader(path, sink, Settings()).pages == []
    assert parts(sink) == {"x.txt": b"plain text " * 1000}


def test_a_file_that_is_not_gzip_fails_as_corrupt(tmp_path):
    path = tmp_path / "fake.gz"
    path.write_bytes(b"this is no gzip at all")
    with pytest.raises(CorruptFileError):
        read_gzip(path, sink_for(path, tmp_path / "parts"), Settings())


def _seven_zip(path, members: dict[str, bytes], **options):
    import py7zr

    with py7zr.SevenZipFile(path, "w", **options) as archive:
        for name, data in members.items():
            archive.writestr(data, name)
    return path


def test_7z_members_are_streamed_as_parts(tmp_path):
    members = {"a/one.txt": b"one", "b/two.txt": b"two " * 100_000, "empty.txt": b""}
    sink = read_archive(_seven_zip(tmp_path / "x.7z", members), tmp_path / "parts")
    assert parts(sink) == members


@pytest.fixture
def passwords(tmp_path):
    def write(*lines: str):
        path = tmp_path / "passwords.txt"
        path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
        return Settings(passwords=str(path))

    return write


@pytest.mark.parametrize("header_encryption", [False, True])
def test_encrypted_7z_opens_with_a_candidate_password(tmp_path, passwords, header_encryption):
    path = _seven_zip(
        tmp_path / "s.7z", {"secret.txt": b"the plan"}, password="open sesame", header_encryption=header_encryption
    )
    sink = read_archive(path, tmp_path / "parts", settings=passwords("wrong", "open sesame"))
    assert parts(sink) == {"secret.txt": b"the plan"}
    assert not rows(sink)


def test_encrypted_7z_without_its_password_names_its_members_and_fails(tmp_path, passwords):
    path = _seven_zip(tmp_path / "s.7z", {"secret.txt": b"the plan", "b.txt": b"b"}, password="open sesame")
    sink = sink_for(path, tmp_path / "parts")
    from extractors.read.archives import read_7z

    with pytest.raises(EncryptedFileError) as raised:
        read_7z(path, sink, passwords("wrong", "guess"))
    assert "open sesame" not in str(raised.value)
    found = rows(sink)
    assert set(found) == {"secret.txt", "b.txt"}
    assert all(status == "failed" and "password" in reason for status, reason in found.values())
    assert not sink.sources


def test_7z_with_an_encrypted_listing_fails_without_its_password(tmp_path):
    path = _seven_zip(tmp_path / "s.7z", {"secret.txt": b"x"}, password="pw", header_encryption=True)
    with pytest.raises(EncryptedFileError):
        read_archive(path, tmp_path / "parts")


def test_zip_member_encrypted_with_aes_opens_with_a_candidate_password(tmp_path, passwords):
    import pyzipper

    path = tmp_path / "aes.zip"
    with pyzipper.AESZipFile(path, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES) as z:
        z.setpassword(b"  spaced out  ")
        z.writestr("locked.txt", b"the ledger " * 500)
    with zipfile.ZipFile(path, "a") as z:
        z.writestr("open.txt", b"open")
    sink = read_archive(path, tmp_path / "locked", settings=Settings())
    assert parts(sink) == {"open.txt": b"open"} and rows(sink)["locked.txt"][0] == "failed"
    sink = read_archive(path, tmp_path / "opened", settings=passwords("wrong", "  spaced out  "))
    assert parts(sink) == {"locked.txt": b"the ledger " * 500, "open.txt": b"open"}
