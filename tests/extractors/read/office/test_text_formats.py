"""RTF, EPUB, SpreadsheetML and other XML: text decoded right, chapters in spine order, worksheets
as tables, hostile XML refused."""

from __future__ import annotations

import zipfile

import pytest

from extractors.errors import CorruptFileError
from extractors.read.office.epub import read_epub
from extractors.read.office.rtf import read_rtf
from extractors.read.office.xmldoc import read_xml
from tests.extractors.read.office.conftest import devset_file, flat

RTF = (
    r"{\rtf1\ansi\ansicpg1250\uc1{\fonttbl{\f0 Times;}}{\info{\title Zpr\'e1va}{\author Jana Nov\'e1kov\'e1}"
    r"{\creatim\yr2010\mo10\dy13}}"
    r"\f0 \u268?l\u225?nek t\u253?dne\par P\'f8\'edli\'9a \'9elu\'9dou\'e8k\'fd k\'f9\'f2\par}"
)


def test_rtf_unicode_escapes_and_code_page_bytes(tmp_path, read):
    path = tmp_path / "clanek.rtf"
    path.write_bytes(RTF.encode("ascii"))
    extracted, _ = read(read_rtf, path)
    text = flat(extracted)
    assert "Článek týdne" in text
    assert "Příliš žluťoučký kůň" in text
    assert extracted.title == "Zpráva" and extracted.published == "2010-10-13"
    assert extracted.people == [("Jana Nováková", "", "author")]


def test_not_rtf_fails(tmp_path, read):
    path = tmp_path / "fake.rtf"
    path.write_text("plain words")
    with pytest.raises(CorruptFileError):
        read(read_rtf, path)


def test_devset_rtf_czech(read):
    text = flat(read(read_rtf, devset_file("testRTFWord2010CzechCharacters.rtf"))[0])
    assert "Článek týdne" in text and "starověké židovské náboženské texty" in text


def book(path):
    opf = """<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" xmlns:dc="http://purl.org/dc/elements/1.1/">
<metadata><dc:title>The Harbour Files</dc:title><dc:creator>Jane Roe</dc:creator><dc:date>2020-02-03</dc:date></metadata>
<manifest><item id="b" href="text/two.xhtml" media-type="application/xhtml+xml"/>
<item id="a" href="text/one.xhtml" media-type="application/xhtml+xml"/></manifest>
<spine><itemref idref="a"/><itemref idref="b"/></spine></package>"""
    chapter = "<html><head><title>skip me</title></head><body><h1>{}</h1><p>Text&nbsp;of {}</p>{}</body></html>"
    table = "<table><tr><th>Name</th><th>E-mail</th></tr><tr><td>Helen Brandt</td><td>helen@harbourview.example</td></tr></table>"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("mimetype", "application/epub+zip")
        package.writestr(
            "META-INF/container.xml",
            '<container xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
            '<rootfile full-path="OEBPS/book.opf" media-type="application/oebps-package+xml"/></rootfiles></container>',
        )
        package.writestr("OEBPS/book.opf", opf)
        package.writestr(
            "OEBPS/text/one.xhtml",
            chapter.format("One", "chapter one", '<div style="display:none">nothing to see</div>'),
        )
        package.writestr("OEBPS/text/two.xhtml", chapter.format("Two", "chapter two", table))
    return path


def test_epub_chapters_in_spine_order(tmp_path, read):
    extracted, _ = read(read_epub, book(tmp_path / "book.epub"))
    first, second = extracted.pages
    assert first.text == "One\n\nText of chapter one"
    assert second.tables[0].rows == [["Helen Brandt", "helen@harbourview.example"]]
    assert extracted.title == "The Harbour Files" and extracted.published == "2020-02-03"
    assert extracted.people == [("Jane Roe", "", "author")]


def test_devset_epub(read):
    extracted, _ = read(read_epub, devset_file("testEPUB.epub"))
    text = flat(extracted)
    assert "Plus a simple div" in text and "Table data" in text and "This is the text for chapter Two" in text
    assert ("Bart Hanssens", "", "author") in extracted.people


SPREADSHEET = """<?xml version="1.0"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:o="urn:schemas-microsoft-com:office:office"
 xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <DocumentProperties xmlns="urn:schemas-microsoft-com:office:office"><Author>Roe, Jane</Author>
 <Created>2016-04-27T18:51:58Z</Created></DocumentProperties>
 <Worksheet ss:Name="Staff"><Table>
  <Row><Cell><Data ss:Type="String">Name</Data></Cell><Cell><Data ss:Type="String">Company</Data></Cell>
   <Cell><Data ss:Type="String">Amount</Data></Cell></Row>
  <Row><Cell><Data ss:Type="String">Helen Brandt</Data></Cell>
   <Cell ss:Index="3"><Data ss:Type="Number">1.1000000000000001</Data></Cell>
   <Cell ss:HRef="https://harbourview.example/"><Data ss:Type="String">site</Data></Cell></Row>
 </Table><WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel"><PageSetup>
 <Header x:Data="&amp;CFor Internal Use Only"/></PageSetup></WorksheetOptions></Worksheet>
</Workbook>"""


def test_spreadsheetml_worksheets_are_tables(tmp_path, read):
    path = tmp_path / "staff.xml"
    path.write_text(SPREADSHEET)
    extracted, _ = read(read_xml, path)
    [page] = extracted.pages
    assert page.tables[0].rows == [["Helen Brandt", "", "1.1", "site"]]
    assert "https://harbourview.example/" in page.text and "For Internal Use Only" in page.text
    assert extracted.people == [("Roe, Jane", "", "author")]
    assert extracted.published == "2016-04-27"


def test_generic_xml_one_line_per_element(tmp_path, read):
    path = tmp_path / "export.xml"
    path.write_text("<records><record><name>Helen Brandt</name><city>Halifax</city></record>tail words</records>")
    extracted, _ = read(read_xml, path)
    assert extracted.pages[0].text == "tail words\nHelen Brandt\nHalifax"


def test_entity_expansion_is_refused(tmp_path, read):
    path = tmp_path / "bomb.xml"
    path.write_text('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]><r>&b;</r>')
    with pytest.raises(CorruptFileError):
        read(read_xml, path)


def test_devset_spreadsheetml(read):
    extracted, _ = read(read_xml, devset_file("testEXCEL2003.xml"))
    assert "Col4" in flat(extracted) and "tika_hyperlink" in flat(extracted)
    assert ("Allison, Timothy B.", "", "author") in extracted.people
