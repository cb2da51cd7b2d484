"""Tables on a page: ruling lines and word boxes in, tables as a person reads them out.

Every finder shares one cell model (``words.FoundTable``: a list of rows, each a list of cell strings,
plus the words each cell was built from). Merged cells keep their text in the first cell they cover,
the others are empty strings, so every row of a table has the same length.

* ``words``: word boxes (pdfplumber or tesseract), text lines, cell segments.
* ``ruled``: pdfplumber's *lines* strategy for ruled tables, re-read by alignment where rulings miss columns.
* ``aligned``: the fallback for tables without ruling lines, from word boxes alone (text and OCR pages).
* ``header``: the header row split off, captions dropped, stacked headings and row-label groups repaired.
* ``continuations``: a table that goes on over the next page keeps one header.
"""
