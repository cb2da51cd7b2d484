"""Tables on a page: ruled grids (pdfplumber), aligned text and OCR word boxes, headers, continuations."""
