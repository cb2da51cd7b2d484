"""Tables built for the table tests: word boxes laid out in a grid, a table after header detection."""

from extractors.read.tables.header import with_header
from extractors.read.tables.words import FoundTable, WordBox


def headed(rows: list[list[str]]) -> FoundTable:
    """A found table of these rows (copied), after header detection and row repair."""
    return with_header(FoundTable(rows=[list(r) for r in rows], bbox=(0, 0, 1, 1)))


def laid_out_words(rows, *, x_step=120, y_step=20):
    words = []
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            x = 50 + c * x_step
            for w in cell.split():
                words.append(WordBox(w, x, 100 + r * y_step, x + 6 * len(w), 110 + r * y_step))
                x += 6 * len(w) + 4
    return words


def text_grid_pdf(path, lines: list[list[str]]):
    """A one-page PDF with each line's cells set as loose text in a grid (no rulings), 40 mm apart."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for r, line in enumerate(lines):
        for c, cell in enumerate(line):
            if cell:
                pdf.text(20 + 40 * c, 40 + 5 * r, cell)
    pdf.output(str(path))
    return path
