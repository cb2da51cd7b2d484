"""JSON, JSON Lines and SVG files: the text a person would read out of them."""

from __future__ import annotations

import pytest

from extractors.errors import CorruptFileError, EmptyDocumentError
from extractors.read.dispatch import read_document
from extractors.read.structured import json_text, svg_text
from extractors.settings import Settings


def test_json_string_values_in_order():
    data = b'{"from": "Helen Brandt", "meta": {"id": 7, "ok": true}, "to": ["Priya Raman", "  Halifax  office "]}'
    assert json_text(data) == "Helen Brandt\nPriya Raman\nHalifax office"
    assert json_text(b'{"a": "one"}\n\n{"b": ["two"]}\n', lines=True) == "one\ntwo"
    deep = b"[" * 100_000 + b'"deep"' + b"]" * 100_000  # built to nest past the parser's limit
    with pytest.raises(CorruptFileError):
        json_text(b'{"broken": ')
    with pytest.raises(EmptyDocumentError):
        json_text(b'{"n": 1, "list": [true, null]}')
    with pytest.raises(CorruptFileError, match="nested too deeply"):
        json_text(deep)


def test_svg_text_and_title():
    svg = b"""<svg xmlns="http://www.w3.org/2000/svg"><title>Org chart</title>
      <text x="1" y="2">Mayor <tspan>Helen Brandt</tspan></text><desc>Kestrel Bay council</desc></svg>"""
    assert svg_text(svg) == ("Org chart\nMayor Helen Brandt\nKestrel Bay council", "Org chart")
    bomb = b"""<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>
      <svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>"""
    with pytest.raises(CorruptFileError):  # entities are refused, not expanded
        svg_text(bomb)


def test_json_and_svg_documents(tmp_path):
    path = tmp_path / "messages.json"
    path.write_text('[{"body": "Mayor Helen Brandt met Priya Raman in Halifax."}]', encoding="utf-8")
    result = read_document(path, settings=Settings())
    assert result.document.status == "ok" and result.pages[0].text.startswith("Mayor Helen Brandt")
    svg = tmp_path / "chart.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg"><text>Harbour board</text></svg>', "utf-8")
    assert read_document(svg, settings=Settings()).pages[0].text == "Harbour board"


def test_concatenated_json_values_are_all_read():
    from extractors.read.structured import json_text

    data = b'{\n  "id": "first-0",\n  "n": 1\n}\n{\n  "id": "second-1"\n}\n["third"]'
    assert json_text(data).splitlines() == ["first-0", "second-1", "third"]
