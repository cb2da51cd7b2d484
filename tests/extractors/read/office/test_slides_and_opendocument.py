"""Presentations and OpenDocument files: a page per slide with titles, text, tables and notes;
OpenDocument text in order with footnotes, frames and comments; metadata as people."""

from __future__ import annotations

import zipfile

from extractors.read.office.opendoc import read_opendocument
from extractors.read.office.slides import read_pptx
from tests.extractors.read.office.conftest import devset_file, flat


def deck(path):
    from pptx import Presentation
    from pptx.util import Inches

    presentation = Presentation()
    first = presentation.slides.add_slide(presentation.slide_layouts[1])
    first.shapes.title.text = "Quarterly payments"
    first.placeholders[1].text = "Transfers to Kestrel Bay Council"
    first.notes_slide.notes_text_frame.text = "Do not show this to the auditors"
    second = presentation.slides.add_slide(presentation.slide_layouts[5])
    second.shapes.title.text = "Contacts"
    table = second.shapes.add_table(3, 2, Inches(1), Inches(2), Inches(6), Inches(2)).table
    for r, row in enumerate(
        [
            ["Name", "E-mail"],
            ["Helen Brandt", "helen@harbourview.example"],
            ["Priya Raman", "p.raman@kestrelbay.example"],
        ]
    ):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    presentation.core_properties.author = "Jane Roe"
    presentation.core_properties.last_modified_by = "Jane Roe"
    presentation.save(path)
    return path


def test_one_page_per_slide_with_notes_and_tables(tmp_path, read):
    extracted, _ = read(read_pptx, deck(tmp_path / "deck.pptx"))
    first, second = extracted.pages
    assert "Quarterly payments" in first.text and "Transfers to Kestrel Bay Council" in first.text
    assert "Do not show this to the auditors" in first.text
    [table] = second.tables
    assert table.header == ["Name", "E-mail"]
    assert table.rows[0] == ["Helen Brandt", "helen@harbourview.example"]
    assert extracted.title == "Quarterly payments"
    assert extracted.people == [("Jane Roe", "", "author")]


CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<office:body><office:text>
<text:h text:outline-level="1">Harbour contract</text:h>
<text:p>Signed by<text:s/>Helen Brandt<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation>
<text:note-body><text:p>Witnessed in Halifax.</text:p></text:note-body></text:note> on Monday.<office:annotation>
<dc:creator>Reviewer</dc:creator><text:p>Check the amount.</text:p></office:annotation></text:p>
<text:list><text:list-item><text:p>First item</text:p></text:list-item></text:list>
<text:p><draw:frame><draw:text-box><text:p>A boxed remark</text:p></draw:text-box></draw:frame></text:p>
<table:table><table:table-row><table:table-cell><text:p>Name</text:p></table:table-cell>
<table:table-cell><text:p>Company</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell><text:p>Priya Raman</text:p></table:table-cell>
<table:table-cell><text:p>Kestrel Bay Council</text:p></table:table-cell>
<table:table-cell table:number-columns-repeated="16000"/></table:table-row></table:table>
</office:text></office:body></office:document-content>"""

META = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0">
<office:meta><meta:initial-creator>Jane Roe</meta:initial-creator><dc:creator>John Doe</dc:creator>
<dc:title>Contract</dc:title><meta:creation-date>2021-06-01T09:00:00</meta:creation-date></office:meta>
</office:document-meta>"""


def opendocument(path, content: str, media_type: str = "application/vnd.oasis.opendocument.text"):
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("mimetype", media_type)
        package.writestr("content.xml", content)
        package.writestr("meta.xml", META)
        package.writestr(
            "META-INF/manifest.xml",
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
            f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{media_type}"/></manifest:manifest>',
        )
    return path


def test_odt_in_order_with_notes_frames_comments_and_tables(tmp_path, read):
    extracted, _ = read(read_opendocument, opendocument(tmp_path / "contract.odt", CONTENT))
    [page] = extracted.pages
    text = flat(extracted)
    order = [
        "Harbour contract",
        "Signed by Helen Brandt on Monday.",
        "Witnessed in Halifax.",
        "Check the amount.",
        "First item",
        "A boxed remark",
    ]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)
    assert "Reviewer" not in text
    [table] = page.tables
    assert table.rows == [["Priya Raman", "Kestrel Bay Council"]]
    assert extracted.title == "Contract" and extracted.published == "2021-06-01"
    assert extracted.people == [("Jane Roe", "", "author"), ("John Doe", "", "last saved by")]


def test_odp_one_page_per_slide(tmp_path, read):
    slides = CONTENT.replace("<office:text>", "<office:presentation>").replace(
        "</office:text>", "</office:presentation>"
    )
    slides = slides.replace("<text:h", "<draw:page><draw:frame><draw:text-box><text:h").replace(
        "</text:h>", "</text:h></draw:text-box></draw:frame></draw:page><draw:page>"
    )
    slides = slides.replace("</office:presentation>", "</draw:page></office:presentation>")
    extracted, _ = read(
        read_opendocument,
        opendocument(tmp_path / "talk.odp", slides, "application/vnd.oasis.opendocument.presentation"),
    )
    assert len(extracted.pages) == 2
    assert extracted.pages[0].text == "Harbour contract"
    assert "Kestrel Bay Council" in extracted.pages[1].text


def test_devset_pptx(read):
    extracted, _ = read(read_pptx, devset_file("testPPT_various.pptx"))
    text = flat(extracted)
    for phrase in ("Here is a text box", "Here is a citation:", "Subject is here", "ゾルゲと尾崎、淡々と最期"):
        assert phrase in text
    assert ("Michael McCandless", "", "author") in extracted.people


def test_devset_odt_and_its_embedded_spreadsheet(read):
    extracted, sink = read(read_opendocument, devset_file("testODFwithOOo3.odt"))
    text = flat(extracted)
    for phrase in (
        "Tika is part of the Lucene project.",
        "This is of course a simple footnote",
        "This is a rectangle with a blue background and dark border",
    ):
        assert phrase in text
    assert [ref.name for ref in sink.finish()] == ["Object 1.ods"]
    assert ("Bart Hanssens", "", "author") in extracted.people


def test_devset_odp(read):
    extracted, _ = read(read_opendocument, devset_file("testODP_NPE.odp"))
    assert "What is social epidemiology" in flat(extracted)
    assert ("Alan S. Berger", "", "author") in extracted.people
