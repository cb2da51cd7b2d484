"""OCR of page images: preprocessing, tesseract, PP-OCR characters, the word check, the page cache."""
