"""Office, OpenDocument and other structured documents: a file in, its pages of text (paragraphs and
tables in reading order, slides as pages), metadata and embedded files as parts out.

``READERS`` maps a media type (``extractors.read.sniff``) to its reader,
``reader(path, sink, settings) -> Extracted``. The modules import their libraries (olefile,
striprtf, defusedxml) inside the functions that use them, so this package imports fast.

- ``word``: .docx; ``slides``: .pptx; ``opendoc``: .odt, .odp; ``rtf``: .rtf
- ``legacy``: .doc (antiword, catdoc) and .ppt (``ppt_records``); ``embedded``: embedded files and OLE objects
- ``epub``: .epub (``markup`` writes its XHTML); ``xmldoc``: .xml, SpreadsheetML
- ``database``: .dbf, Access .mdb/.accdb (mdbtools)
- ``workbook_meta``: header/footer text and author metadata of workbooks, for the spreadsheet reader
"""

from __future__ import annotations

from extractors.read import sniff
from extractors.read.office.database import read_access, read_dbf
from extractors.read.office.epub import read_epub
from extractors.read.office.legacy import read_doc, read_ppt
from extractors.read.office.opendoc import read_opendocument
from extractors.read.office.rtf import read_rtf
from extractors.read.office.slides import read_pptx
from extractors.read.office.word import read_docx
from extractors.read.office.xmldoc import read_xml

READERS: dict = {
    sniff.DOCX: read_docx,
    sniff.PPTX: read_pptx,
    sniff.ODT: read_opendocument,
    sniff.ODP: read_opendocument,
    sniff.RTF: read_rtf,
    sniff.DOC: read_doc,
    sniff.PPT: read_ppt,
    sniff.EPUB: read_epub,
    sniff.SPREADSHEETML: read_xml,
    sniff.XML: read_xml,
    sniff.DBF: read_dbf,
    sniff.MDB: read_access,
}
