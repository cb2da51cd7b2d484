"""Database files: dBASE/FoxPro tables (.dbf) and Access databases (.mdb, .accdb) in, one page and
one table per database table out (its name, then its rows, header first).

A .dbf is read here (the format is a header, field descriptors and fixed-width records): deleted
records are left out, text is decoded in the code page the header's language driver (or a ``.cpg``
file beside it) names, memo fields (kept in a separate .dbt/.fpt file) are left empty. Access files
go through Debian's mdbtools: ``mdb-tables`` lists the tables, ``mdb-export`` writes each as CSV.
"""

from __future__ import annotations

import csv
import io
import struct
import subprocess
from pathlib import Path

from extractors.errors import CorruptFileError, EmptyDocumentError, LimitExceededError
from extractors.read.parts import Extracted, PageBuilder

#: dBASE language driver ids and the code pages they name
LANGUAGE_DRIVERS = {
    0x01: "cp437", 0x02: "cp850", 0x03: "cp1252", 0x57: "cp1252", 0x59: "cp1252", 0x64: "cp852",
    0x65: "cp866", 0x66: "cp865", 0x67: "cp861", 0x13: "cp932", 0x4D: "cp936", 0x4E: "cp949",
    0x4F: "cp950", 0x7D: "cp1255", 0x7E: "cp1256", 0xC8: "cp1250", 0xC9: "cp1251", 0xCA: "cp1254",
    0xCB: "cp1253", 0x26: "cp866", 0x37: "cp850",
}  # fmt: skip
TOOL_TIMEOUT = 300


def read_dbf(path: Path, sink, settings) -> Extracted:
    data = path.read_bytes()
    fields, header_length, record_length, count, encoding = dbf_header(data, path)
    rows = [[name for name, _, _ in fields]]
    for index in range(count):
        start = header_length + index * record_length
        record = data[start : start + record_length]
        if len(record) < record_length or record[:1] == b"\x1a":
            break
        if record[:1] == b"*":
            continue
        rows.append(_record(record, fields, encoding))
    builder = PageBuilder()
    builder.paragraph(path.stem)
    builder.table(rows)
    return Extracted(pages=[builder.page()], title=path.stem)


def dbf_header(data: bytes, path: Path) -> tuple[list[tuple[str, str, int]], int, int, int, str]:
    """(fields as (name, type, length), header length, record length, record count, encoding)."""
    if len(data) < 33:
        raise CorruptFileError("too short for a dBASE table")
    count, header_length, record_length = struct.unpack_from("<IHH", data, 4)
    if header_length < 33 or record_length < 1 or header_length > len(data):
        raise CorruptFileError("not a dBASE table (its header sizes do not fit the file)")
    fields, offset, width = [], 32, 1
    while offset + 32 <= header_length and data[offset] != 0x0D:
        name = data[offset : offset + 11].split(b"\0", 1)[0].decode("latin-1").strip()
        kind = chr(data[offset + 11])
        length = data[offset + 16]
        fields.append((name, kind, length))
        width += length
        offset += 32
    if not fields or width > record_length:
        raise CorruptFileError("not a dBASE table (no field descriptors that fit its records)")
    return fields, header_length, record_length, count, _encoding(data[29], path)


def _encoding(driver: int, path: Path) -> str:
    sidecar = path.with_suffix(".cpg")
    if sidecar.is_file() and sidecar.stat().st_size < 100:
        name = sidecar.read_text("ascii", "replace").strip().lower()
        name = f"cp{name}" if name.isdigit() else name.replace("ansi ", "cp")
        try:
            "".encode(name)
            return name
        except LookupError:
            pass
    return LANGUAGE_DRIVERS.get(driver, "cp1252")


def _record(record: bytes, fields, encoding: str) -> list[str]:
    cells, offset = [], 1
    for _, kind, length in fields:
        raw = record[offset : offset + length]
        offset += length
        cells.append(_cell(raw, kind, encoding))
    return cells


def _cell(raw: bytes, kind: str, encoding: str) -> str:
    if kind in "CNFV":
        return raw.decode(encoding, "replace").replace("\0", "").strip()
    if kind == "D":
        text = raw.decode("ascii", "replace").strip()
        return f"{text[:4]}-{text[4:6]}-{text[6:8]}" if len(text) == 8 and text.isdigit() else text
    if kind == "L":
        return {"T": "TRUE", "Y": "TRUE", "F": "FALSE", "N": "FALSE"}.get(raw[:1].decode("latin-1").upper(), "")
    if kind == "I" and len(raw) == 4:
        return str(struct.unpack("<i", raw)[0])
    if kind in "BO" and len(raw) == 8:
        value = struct.unpack("<d", raw)[0]
        return str(int(value)) if value.is_integer() else repr(value)
    if kind == "Y" and len(raw) == 8:
        return f"{struct.unpack('<q', raw)[0] / 10000:.4f}"
    return ""  # memo (M), general (G), pictures (P): kept outside the .dbf


def read_access(path: Path, sink, settings) -> Extracted:
    tables = [t for t in _mdbtools(["mdb-tables", "-1", str(path)]).splitlines() if t.strip()]
    if len(tables) > settings.max_pages:
        raise LimitExceededError(f"the database has {len(tables)} tables, over the limit of {settings.max_pages}")
    pages = []
    for table in tables:
        exported = _mdbtools(["mdb-export", "-D", "%Y-%m-%d %H:%M:%S", str(path), table])
        builder = PageBuilder()
        builder.paragraph(table)
        builder.table(list(csv.reader(io.StringIO(exported))))
        pages.append(builder.page())
    if not pages:
        raise EmptyDocumentError("the database holds no tables")
    return Extracted(pages=pages)


def _mdbtools(command: list[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, timeout=TOOL_TIMEOUT, check=False)
    except FileNotFoundError as exc:
        raise CorruptFileError(
            "mdbtools is not installed; Access databases cannot be read (apt-get install mdbtools)"
        ) from exc
    except subprocess.TimeoutExpired as exc:
        raise LimitExceededError(f"{command[0]} took over {TOOL_TIMEOUT} s on the database") from exc
    if done.returncode != 0:
        reason = " ".join(done.stderr.decode("utf-8", "replace").split())[:200] or f"exit status {done.returncode}"
        raise CorruptFileError(f"not a readable Access database ({reason})")
    return done.stdout.decode("utf-8", "replace")
