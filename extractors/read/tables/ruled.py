"""Ruled tables: a pdfplumber page in, every table on it out (ruled grids first, then aligned text).

pdfplumber's *lines* strategy finds ruled grids. A grid whose outer columns have no ruling (labels
left of the grid, a last column outside it), whose body rows are single wide cells, or whose rows are
stacked in one ruled cell is re-read by text alignment over the grid's full band (``_widen``), so no
cell of the row is lost. Words in a drawn box apart from the grid (a chart, a text box) stay out of it.
A ruled cell's words are the page's words whose middle lies in the cell, so its characters in the page
text are known (``words.table_spans``).
"""

from __future__ import annotations

import statistics

from extractors.read.tables.aligned import alignment_tables
from extractors.read.tables.header import NUMBERISH, with_header
from extractors.read.tables.words import FoundTable, WordBox, pdf_words

# Two cells of consecutive ruled rows with edges this close (points) are one column's cells.
SAME_EDGE = 1
# A drawn box holds a block of text when at least this many line heights wide and tall.
FRAME_MIN_WIDTH = 4
FRAME_MIN_HEIGHT = 3
# A ruled cell of this many lines or more may hold stacked rows.
STACKED_MIN_LINES = 3
# A ruled grid is re-read by alignment when that read fills this many times more cells per row.
WIDEN_FILL_RATIO = 1.5


def _clean_cell(cell: str | None) -> str:
    return " ".join((cell or "").split())


def _inside(word: WordBox, bbox: tuple[float, float, float, float]) -> bool:
    x = (word.x0 + word.x1) / 2
    return bbox[0] <= x <= bbox[2] and bbox[1] <= word.middle <= bbox[3]


def pdf_page_tables(page, text: str | None = None) -> list[FoundTable]:
    """Every table of a pdfplumber page: ruled tables first, then aligned text outside them. With the
    page's ``text`` (``page.extract_text()``), the cells' words know their offsets into it."""
    words = pdf_words(page, text)
    ruled: list[tuple[tuple[float, float, float, float], list[list[str]], list[list[list[WordBox]]]]] = []
    stacked_tables: set[tuple[float, float, float, float]] = set()
    for table in page.find_tables({"vertical_strategy": "lines", "horizontal_strategy": "lines"}):
        raw = table.extract()
        boxes = [row.cells for row in table.rows]
        inside = [w for w in words if _inside(w, table.bbox)]
        rows, cell_words = _ruled_rows(raw, boxes, _ruled_cell_words(inside, boxes))
        kept = [k for k, r in enumerate(rows) if any(r)]
        rows, cell_words = [rows[k] for k in kept], [cell_words[k] for k in kept]
        if rows and (len(rows[0]) >= 2 or len(rows) >= 2):
            bbox = tuple(float(v) for v in table.bbox)
            ruled.append((bbox, rows, cell_words))
            if any(_stacked(row) for row in raw):
                stacked_tables.add(bbox)
    frames = _frames(page, words)
    found: list[FoundTable] = []
    for bbox, rows, cell_words in ruled:
        # words of another ruled table, or inside a box apart from this grid (a chart, a text box),
        # are no columns of this grid
        others = [b for b, _, _ in ruled if b != bbox] + [f for f in frames if _apart(f, bbox)]
        free = [w for w in words if not any(_inside(w, b) for b in others)]
        widened = _widen(free, bbox, rows, stacked=bbox in stacked_tables)
        found.append(widened or FoundTable(rows=rows, bbox=bbox, cell_words=cell_words, strategy="lines"))
    rest = [w for w in words if not any(_inside(w, t.bbox) for t in found)]
    found += alignment_tables(rest)
    found.sort(key=lambda t: (t.bbox[1], t.bbox[0]))
    return [with_header(t) for t in found]


def _ruled_cell_words(words: list[WordBox], boxes: list[list[tuple | None]]) -> list[list[list[WordBox]]]:
    """The words of each cell of a ruled grid (pdfplumber's cell boxes, None where a cell spans from
    the row above): those whose middle lies in the cell, as pdfplumber takes a cell's characters."""
    grid: list[list[list[WordBox]]] = []
    for cells in boxes:
        row: list[list[WordBox]] = []
        for box in cells:
            row.append([w for w in words if box is not None and _inside(w, box)])
        grid.append(row)
    return grid


def _ruled_rows(
    raw: list[list[str | None]], boxes: list[list[tuple | None]], words: list[list[list[WordBox]]]
) -> tuple[list[list[str]], list[list[list[WordBox]]]]:
    """A ruled grid's cell texts and cell words, rows whose only cell continues the one above joined to it.

    Such a row has a single cell of its own, exactly under a filled cell of the row above, and
    every other column is covered by a cell of the row above that spans both (no cell starts
    there): a row label wrapped onto a second ruled line ("Chlorine and inorganic compounds" over
    "(as HCl)") beside values that take both lines."""
    rows: list[list[str]] = []
    row_words: list[list[list[WordBox]]] = []
    above: list | None = None
    for texts, cells, cell_words in zip(raw, boxes, words):
        row = [_clean_cell(c) for c in texts]
        own = [k for k, cell in enumerate(cells) if cell is not None]
        if rows and above is not None and len(own) == 1 and len(cells) > 1 and row[own[0]]:
            k = own[0]
            mine, theirs = cells[k], above[k] if k < len(above) else None
            previous = rows[-1]
            if (
                theirs is not None
                and abs(mine[0] - theirs[0]) < SAME_EDGE
                and abs(mine[2] - theirs[2]) < SAME_EDGE
                and previous[k]
                and any(c for j, c in enumerate(previous) if j != k)
            ):
                previous[k] = f"{previous[k]} {row[k]}"
                row_words[-1][k] = row_words[-1][k] + cell_words[k]
                continue
        rows.append(row)
        row_words.append([list(c) for c in cell_words])
        above = cells
    return rows, row_words


def _frames(page, words: list[WordBox]) -> list[tuple[float, float, float, float]]:
    """Drawn boxes big enough to hold a block of text (a chart's frame, a text box): at least
    three lines tall and a few words wide."""
    if not words:
        return []
    unit = statistics.median(w.height for w in words) or 1.0
    boxes = {
        (round(float(r["x0"]), 1), round(float(r["top"]), 1), round(float(r["x1"]), 1), round(float(r["bottom"]), 1))
        for r in page.rects
    }
    return [b for b in boxes if b[2] - b[0] >= FRAME_MIN_WIDTH * unit and b[3] - b[1] >= FRAME_MIN_HEIGHT * unit]


def _apart(box, bbox, margin: float = 2.0) -> bool:
    """Whether two boxes are clearly separate (neither touches nor overlaps the other)."""
    return (
        box[0] > bbox[2] + margin or box[2] < bbox[0] - margin or box[1] > bbox[3] + margin or box[3] < bbox[1] - margin
    )


def _filled_per_row(rows: list[list[str]]) -> float:
    return sum(1 for row in rows for c in row if c) / max(1, len(rows))


def _stacked(row: list[str | None]) -> bool:
    """Whether a ruled row holds several table rows: two or more cells of three or more lines each,
    with about as many lines in each, one of them a number per line (a body without row rulings).
    Wrapped text cells are not that."""
    cells = [[line for line in c.splitlines() if line.strip()] for c in row if c and c.strip()]
    tall = [lines for lines in cells if len(lines) >= STACKED_MIN_LINES]
    if len(tall) < 2:
        return False
    counts = [len(lines) for lines in tall]
    # a column of one number per line: records, not a wrapped sentence
    numeric = any(all(NUMBERISH.match(line) for line in lines) for lines in tall)
    return numeric and max(counts) - min(counts) <= max(1, max(counts) // 5)


def _widen(words: list[WordBox], bbox, rows: list[list[str]], *, stacked: bool = False) -> FoundTable | None:
    """Re-read a ruled grid by text alignment when the ruling misses some of its columns.

    Three cases: words on the grid's rows sit outside its ruling (outer columns without lines), the
    grid's body rows are single wide cells while the text in them lines up in columns (only the
    header or the row separators are ruled), or several rows are stacked in one ruled row's cells
    (column rulings, but none between the body rows).
    """
    x0, top, x1, bottom = bbox
    band = [w for w in words if top - 1 <= w.middle <= bottom + 1]
    outside = [w for w in band if (w.x0 + w.x1) / 2 < x0 or (w.x0 + w.x1) / 2 > x1]
    tables = alignment_tables(band, min_lines=2)
    if len(tables) != 1:
        return None
    table = tables[0]
    if len(outside) >= max(2, len(rows) // 3):
        return table
    if len(table.rows) >= 2 and _filled_per_row(table.rows) >= WIDEN_FILL_RATIO * _filled_per_row(rows):
        return table
    if stacked and len(table.rows) > len(rows):
        return table  # rows stacked in one ruled cell, read apart by their lines
    return None
