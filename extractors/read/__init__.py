"""Stage 1, reading: file bytes in, a ``DocumentResult`` with its Document, Pages and Tables out.

``dispatch.read_document`` sniffs the media type and hands the file to one reader per family of formats
(``text``, ``html``, ``pdf``, ``images``); pages without a usable text layer go to ``ocr/``, and tables
are found by ``tables/``. Imports only the top-level modules (records, errors, settings)."""
