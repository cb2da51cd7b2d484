"""The alignment finder: word boxes in, the tables their alignment shows out (no ruling lines needed).

Words are grouped into text lines, lines into segments at wide gaps (``CELL_GAP``); runs of lines
with several segments whose segments line up form a table, and the columns are the x-projection of
those segments. It serves text-layer pages (pdfplumber words) and OCR'd pages (tesseract word boxes)
alike, and re-reads ruled grids whose rulings miss columns (``ruled.py``).
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence

from extractors.read.tables.words import FoundTable, TextLine, WordBox, group_lines, join_words, line_segments

# A gap between two words wider than this many line heights separates two cells.
CELL_GAP = 0.9
# Text lines further apart than this many line heights end a table.
LINE_GAP = 2.6
# A table has at least this many text lines (two multi-cell lines are a heading and its row).
MIN_TABLE_LINES = 3
# Segments with more words than this on average are prose, not cells.
MAX_WORDS_PER_CELL = 7
# More one-cell lines in a row than this end a table (fewer are wrapped cells or a subtotal line).
MAX_SINGLE_LINES = 2
# A line read with a lower median word confidence is OCR noise and defines no columns.
LEGIBLE_CONFIDENCE = 60
# From this many multi-cell lines on, an x range covered by one line only is no column of its own.
SHARED_COLUMN_LINES = 4
# A grid with fewer of its cells filled than this share is scattered words, not a table.
MIN_FILLED_SHARE = 0.4


def alignment_tables(words: Sequence[WordBox], *, min_lines: int = MIN_TABLE_LINES) -> list[FoundTable]:
    """Tables without ruling lines, found from how word boxes line up."""
    lines = group_lines(words)
    if len(lines) < min_lines:
        return []
    unit = statistics.median(line.height for line in lines) or 1.0
    segmented = [line_segments(line, CELL_GAP * unit) for line in lines]
    tables: list[FoundTable] = []
    run: list[int] = []

    def flush() -> None:
        nonlocal run
        # trim single-segment lines off both ends: a table starts and ends on a multi-cell line
        while run and len(segmented[run[0]]) < 2:
            run.pop(0)
        while run and len(segmented[run[-1]]) < 2:
            run.pop()
        if run:
            table = _table_from_lines([lines[i] for i in run], [segmented[i] for i in run], unit)
            if table is not None:
                tables.append(table)
        run = []

    singles = 0
    for i, segments in enumerate(segmented):
        if run and lines[i].top - lines[run[-1]].bottom > LINE_GAP * unit:
            flush()
            singles = 0
        if len(segments) >= 2:
            run.append(i)
            singles = 0
        elif run:
            singles += 1
            if singles > MAX_SINGLE_LINES:  # three one-cell lines in a row: the table has ended
                flush()
                singles = 0
            else:
                run.append(i)
    flush()
    return tables


def _column_spans(segment_rows: list[list[list[WordBox]]]) -> list[tuple[float, float]]:
    """Columns: x ranges covered by the cells of several multi-cell lines.

    A range covered by a single line only (a caption or a header cell spanning columns) is no
    column of its own and does not join its neighbours into one.
    """
    multi = [segs for segs in segment_rows if len(segs) >= 2 and _legible(segs)]
    if not multi:
        return []
    left = min(seg[0].x0 for segs in multi for seg in segs)
    right = max(seg[-1].x1 for segs in multi for seg in segs)
    size = int(right - left) + 2
    coverage = [0] * size
    for segs in multi:
        for seg in segs:
            for x in range(int(seg[0].x0 - left), int(seg[-1].x1 - left) + 1):
                coverage[x] += 1
    threshold = 1 if len(multi) >= SHARED_COLUMN_LINES else 0
    spans: list[tuple[float, float]] = []
    start = None
    for x, count in enumerate(coverage + [0]):
        if count > threshold and start is None:
            start = x
        elif count <= threshold and start is not None:
            spans.append((left + start, left + x - 1))
            start = None
    return spans


def _legible(segments: list[list[WordBox]]) -> bool:
    """Whether a line was read well enough to define columns (OCR noise lines are not)."""
    confidences = [w.confidence for seg in segments for w in seg if w.confidence is not None]
    return not confidences or statistics.median(confidences) >= LEGIBLE_CONFIDENCE


def _column_of(segment: list[WordBox], spans: list[tuple[float, float]]) -> int:
    x0, x1 = segment[0].x0, segment[-1].x1
    best, best_overlap = 0, -1.0
    for index, (a, b) in enumerate(spans):
        overlap = min(x1, b) - max(x0, a)
        if overlap > best_overlap:
            best, best_overlap = index, overlap
    if best_overlap <= 0:  # in a gutter: the nearest column
        middle = (x0 + x1) / 2
        best = min(range(len(spans)), key=lambda k: abs((spans[k][0] + spans[k][1]) / 2 - middle))
    return best


def _table_from_lines(lines: list[TextLine], segment_rows: list[list[list[WordBox]]], unit: float) -> FoundTable | None:
    multi = [s for s in segment_rows if len(s) >= 2]
    if len(multi) < MIN_TABLE_LINES:
        return None
    cells = [seg for segs in multi for seg in segs]
    if statistics.mean(len(seg) for seg in cells) > MAX_WORDS_PER_CELL / 2 + 1 and max(len(s) for s in multi) < 3:
        return None  # two wide blocks of words per line: a two-column page layout, not a table
    spans = _column_spans(segment_rows)
    if len(spans) < 2:
        return None
    grid: list[list[list[WordBox]]] = []
    for segments in segment_rows:
        row: list[list[WordBox]] = [[] for _ in spans]
        for segment in segments:
            row[_column_of(segment, spans)].extend(segment)
        grid.append(row)
    grid = _merge_wrapped_lines(grid)
    # columns that never hold anything are artefacts of a stray word
    keep = [k for k in range(len(spans)) if sum(1 for row in grid if row[k]) >= 1]
    grid = [[row[k] for k in keep] for row in grid]
    if len(keep) < 2:
        return None
    filled = sum(1 for row in grid for cell in row if cell)
    if filled < MIN_FILLED_SHARE * len(grid) * len(keep):
        return None  # mostly empty: scattered words, not a grid
    rows = [[join_words(cell) for cell in row] for row in grid]
    words = [w for line in lines for w in line.words]
    bbox = (min(w.x0 for w in words), min(w.top for w in words), max(w.x1 for w in words), max(w.bottom for w in words))
    return FoundTable(rows=rows, bbox=bbox, cell_words=grid, strategy="text")


def _merge_wrapped_lines(grid: list[list[list[WordBox]]]) -> list[list[list[WordBox]]]:
    """A line holding one cell that is not the first column continues the row above (a wrapped cell)."""
    merged: list[list[list[WordBox]]] = []
    for row in grid:
        filled = [k for k, cell in enumerate(row) if cell]
        if merged and len(filled) == 1 and filled[0] > 0 and merged[-1][filled[0]]:
            merged[-1][filled[0]] = merged[-1][filled[0]] + row[filled[0]]
            continue
        merged.append(row)
    return merged
