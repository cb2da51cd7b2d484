"""Tables: a page's ruling lines and word boxes in, tables as a person reads them out.

Three finders share one cell model (a table is a list of rows, each a list of cell strings):

* ``pdf_page_tables``: pdfplumber's *lines* strategy for ruled tables. A ruled grid whose outer columns
  have no ruling (labels left of the grid, a last column outside it) is re-read by text alignment over
  the grid's full band, so no cell of the row is lost.
* ``alignment_tables``: the fallback for tables without ruling lines, from word boxes alone. Words are
  grouped into text lines, lines into segments at wide gaps; runs of lines with several segments
  whose segments line up form a table, and the columns are the x-projection of those segments. It
  serves text-layer pages (pdfplumber words) and OCR'd pages (tesseract word boxes) alike.
* ``link_continuations``: a table that goes on over the next page keeps one header; a repeated header
  is dropped from the continuation and a missing one is taken from the page before.

Headers: the first row is the header when it reads like one (text, no numbers, no e-mail or phone
values) and the rows below it do not all look like it. Merged cells keep their text in the first cell
they cover, the others are empty strings, so every row of a table has the same length.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

# A gap between two words wider than this many line heights separates two cells.
CELL_GAP = 0.9
# Text lines further apart than this many line heights end a table.
LINE_GAP = 2.6
MIN_TABLE_LINES = 3
# Segments with more words than this on average are prose, not cells.
MAX_WORDS_PER_CELL = 7

_NUMBERISH = re.compile(r"^[\s\d.,:;%()+\-–/*€$£x]+$")


@dataclass(frozen=True)
class WordBox:
    """One word on a page, in page coordinates (y grows downwards)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    start: int | None = None  # character offset of the word in the page text, when known
    confidence: float | None = None

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class FoundTable:
    """A table found on one page: cell strings plus the words each cell was built from."""

    rows: list[list[str]]
    bbox: tuple[float, float, float, float]
    header: list[str] | None = None
    cell_words: list[list[list[WordBox]]] = field(default_factory=list)
    strategy: str = "lines"


# --- text lines and segments -------------------------------------------------------------------


@dataclass
class _Line:
    words: list[WordBox]

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def height(self) -> float:
        return statistics.median(w.height for w in self.words)


def group_lines(words: Iterable[WordBox]) -> list[_Line]:
    """Words into text lines: a word joins the line whose vertical extent holds its middle."""
    lines: list[_Line] = []
    for word in sorted(words, key=lambda w: (w.middle, w.x0)):
        if not word.text.strip():
            continue
        if lines:
            line = lines[-1]
            # against the line's typical word, not its extent, so one tall box cannot swallow rows
            middle = statistics.median(w.middle for w in line.words)
            if abs(word.middle - middle) <= 0.5 * line.height:
                line.words.append(word)
                continue
        lines.append(_Line([word]))
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    return lines


def _segments(line: _Line, gap: float) -> list[list[WordBox]]:
    segments: list[list[WordBox]] = [[line.words[0]]]
    for previous, word in zip(line.words, line.words[1:]):
        if word.x0 - previous.x1 > gap:
            segments.append([word])
        else:
            segments[-1].append(word)
    return segments


def _join(words: Sequence[WordBox]) -> str:
    return " ".join(" ".join(w.text for w in words).split())


# --- the alignment finder ----------------------------------------------------------------------


def alignment_tables(words: Sequence[WordBox], *, min_lines: int = MIN_TABLE_LINES) -> list[FoundTable]:
    """Tables without ruling lines, found from how word boxes line up."""
    lines = group_lines(words)
    if len(lines) < min_lines:
        return []
    unit = statistics.median(line.height for line in lines) or 1.0
    segmented = [_segments(line, CELL_GAP * unit) for line in lines]
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
            if singles > 2:  # three one-cell lines in a row: the table has ended
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
    threshold = 1 if len(multi) >= 4 else 0
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
    return not confidences or statistics.median(confidences) >= 60


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


def _table_from_lines(
    lines: list[_Line], segment_rows: list[list[list[WordBox]]], unit: float
) -> FoundTable | None:
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
    if filled < 0.4 * len(grid) * len(keep):
        return None  # mostly empty: scattered words, not a grid
    rows = [[_join(cell) for cell in row] for row in grid]
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


# --- headers -----------------------------------------------------------------------------------


def _looks_like_value(cell: str) -> bool:
    return bool(cell) and (bool(_NUMBERISH.match(cell)) or "@" in cell or sum(ch.isdigit() for ch in cell) >= 5)


def _holds_value(cell: str) -> bool:
    """A value with digits in it (a heading such as "(%)" or "n" is none)."""
    return _looks_like_value(cell) and any(ch.isdigit() or ch == "@" for ch in cell)


def detect_header(rows: list[list[str]]) -> bool:
    """Whether the first row is a header: labels (no values) above rows that hold values."""
    if len(rows) < 2:
        return False
    first = rows[0]
    labels = [c for c in first if c]
    if len(labels) < 2 or any(_looks_like_value(c) for c in labels):
        return False
    body = rows[1:]
    if any(_looks_like_value(c) for row in body for c in row):
        return True
    # all text: a header when its cells are short labels and the body differs from it
    return all(len(c) <= 40 for c in labels) and all(row != first for row in body)


# Lines above a header that are no part of the table (a caption, a running head) are dropped, at most
# this many; lines of OCR debris (a speck read as "i") do not count.
MAX_CAPTION_LINES = 2


def _debris(row: list[str]) -> bool:
    return sum(ch.isalnum() for c in row for ch in c) <= 2


def with_header(table: FoundTable) -> FoundTable:
    """Split off the header row; caption lines above a header (at most MAX_CAPTION_LINES besides
    debris, none of them a full row) are dropped."""
    if table.header is not None:
        return table
    if table.strategy == "lines" and _raise_stub_heading(table.rows, table.cell_words):
        # two heading lines opening a ruled grid, the first now holding the row labels' heading
        table.header, table.rows = table.rows[0], table.rows[1:]
        table.cell_words = table.cell_words[1:] if table.cell_words else []
        return _regroup_row_labels(_join_stacked_headings(table))
    captions = 0
    for index in range(len(table.rows) - 1):
        row = table.rows[index]
        if sum(1 for c in row if c) >= 0.6 * len(row) and detect_header(table.rows[index:]):
            table.header = row
            table.rows = table.rows[index + 1 :]
            table.cell_words = table.cell_words[index + 1 :] if table.cell_words else []
            break
        if sum(1 for c in row if c) >= 0.6 * len(row):
            break  # a full row that is no header: the table has none
        if not _debris(row):
            captions += 1
            if captions > MAX_CAPTION_LINES:
                break
    return _regroup_row_labels(_join_stacked_headings(table))


def _cycle(keys: list[str]) -> int | None:
    """The period of a repeating run of row stubs ("Count", "Percentage", "Count", ...): the
    shortest one of at least two distinct stubs that holds over two periods or more and over
    most of the run (a few closing rows, a grand total, may break it)."""
    for period in range(2, min(8, len(keys) // 2) + 1):
        first = keys[:period]
        if len(set(first)) < period:
            continue
        length = 0
        while length < len(keys) and keys[length] == first[length % period]:
            length += 1
        length -= length % period
        if length >= 2 * period and length >= 0.75 * len(keys):
            return period
    return None


def _raise_stub_heading(rows: list[list[str]], words: list) -> bool:
    """Two heading lines opening a table, a spanning heading ("Male students") over sub-headings
    ("Sample", "Population"), with the row labels' heading ("Faculty cluster") set beside the
    lower one: that heading spans both lines and goes with the upper one, as a spanning cell goes
    with its first row. Whether it was moved."""
    first_value = next((i for i, row in enumerate(rows) if any(_holds_value(c) for c in row)), None)
    label = _label_column(rows[2:]) if first_value == 2 else None
    if label is None:
        return False
    upper = 0
    top, bottom = rows[upper], rows[upper + 1]
    spanning = [k for k, c in enumerate(top) if c]
    subheadings = [k for k, c in enumerate(bottom) if c and k != label]
    if (
        len(top) != len(bottom)
        or top[label]
        or not bottom[label]
        or any(k < label for k in spanning + subheadings)
        or not spanning
        or len(spanning) >= len(subheadings)
    ):
        return False
    top[label], bottom[label] = bottom[label], ""
    if len(words) == len(rows) and words[upper] and words[upper + 1]:
        words[upper][label], words[upper + 1][label] = words[upper + 1][label], []
    return True


def _regroup_row_labels(table: FoundTable) -> FoundTable:
    """A label that covers a group of rows goes with the group's first row.

    In a table whose rows come in repeating groups (a stub column cycling "Men", "Women", "Total"
    beside a first column naming each group), the group's name may be set beside the middle of the
    group, or wrapped over the group's lines; it belongs to the group's first row. Applies when
    the stubs (the first filled cell after the first column) are text repeating with a fixed
    period, every group has a name (a year, say) and most groups have it on one line only."""
    rows = table.rows
    start = next((i for i, row in enumerate(rows) if any(_holds_value(c) for c in row)), None)
    if start is None or not rows or len(rows[0]) < 3:
        return table
    body = rows[start:]
    if any(len(r) != len(rows[0]) for r in body):
        return table
    keys = []
    for row in body:
        stub = next((c for c in row[1:] if c), "")
        if not stub or _looks_like_value(stub):
            return table
        keys.append(stub)
    period = _cycle(keys)
    if period is None:
        return table
    groups = [range(g, g + period) for g in range(0, len(keys) - len(keys) % period, period)]
    groups = [g for g in groups if all(keys[i] == keys[i % period] for i in g)]
    named = [[i for i in g if body[i][0]] for g in groups]
    if not all(named) or sum(1 for n in named if len(n) == 1) * 2 <= len(named):
        return table
    words = table.cell_words if len(table.cell_words) == len(rows) else None
    for group, names in zip(groups, named):
        first = start + group[0]
        text = " ".join(body[i][0] for i in names)
        moved = [w for i in names for w in words[start + i][0]] if words else []
        for i in names:
            rows[start + i][0] = ""
            if words:
                words[start + i][0] = []
        rows[first][0] = text
        if words:
            words[first][0] = moved
    return table


def _label_column(rows: list[list[str]]) -> int | None:
    """The row labels' column: the first one filled in at least half the rows."""
    width = max((len(r) for r in rows), default=0)
    for k in range(width):
        if sum(1 for r in rows if k < len(r) and r[k]) * 2 >= len(rows):
            return k
    return None


def _join_stacked_headings(table: FoundTable) -> FoundTable:
    """Column headings set on two or more lines ("Signed TA" over "(EUR m)") become one heading.

    Among the lines above the first row that holds a value, a line continues the one above it when
    it has nothing in the row labels' column and every cell it fills is filled in the line above
    too (a wrapped heading, not a new level of headings under a spanning one)."""
    rows = ([table.header] if table.header is not None else []) + table.rows
    words = ([[]] if table.header is not None else []) + list(table.cell_words or [[] for _ in table.rows])
    first_value = next((i for i, row in enumerate(rows) if any(_holds_value(c) for c in row)), None)
    if first_value is None or first_value < 2:
        return table
    label = _label_column(rows[first_value:])
    i = 0
    while i + 1 < first_value:
        upper, lower = rows[i], rows[i + 1]
        filled = [k for k, c in enumerate(lower) if c]
        if (
            len(lower) == len(upper)
            and filled
            and (label is None or not lower[label])
            and all(upper[k] for k in filled)
        ):
            rows[i] = [f"{a} {b}" if b else a for a, b in zip(upper, lower)]
            if words[i] and words[i + 1]:
                words[i] = [a + b for a, b in zip(words[i], words[i + 1])]
            del rows[i + 1], words[i + 1]
            first_value -= 1
            continue
        i += 1
    if table.header is not None:
        table.header, table.rows = rows[0], rows[1:]
        table.cell_words = words[1:] if table.cell_words else []
    else:
        table.rows = rows
        table.cell_words = words if table.cell_words else []
    return table


# --- pdfplumber pages --------------------------------------------------------------------------


def _clean_cell(cell: str | None) -> str:
    return " ".join((cell or "").split())


def pdf_words(page) -> list[WordBox]:
    return [
        WordBox(w["text"], float(w["x0"]), float(w["top"]), float(w["x1"]), float(w["bottom"]))
        for w in page.extract_words(keep_blank_chars=False, use_text_flow=False)
    ]


def _inside(word: WordBox, bbox: tuple[float, float, float, float]) -> bool:
    x = (word.x0 + word.x1) / 2
    return bbox[0] <= x <= bbox[2] and bbox[1] <= word.middle <= bbox[3]


def pdf_page_tables(page) -> list[FoundTable]:
    """Every table of a pdfplumber page: ruled tables first, then aligned text outside them."""
    words = pdf_words(page)
    ruled: list[tuple[tuple[float, float, float, float], list[list[str]]]] = []
    stacked_tables: set[tuple[float, float, float, float]] = set()
    for table in page.find_tables({"vertical_strategy": "lines", "horizontal_strategy": "lines"}):
        raw = table.extract()
        rows = _ruled_rows(raw, [row.cells for row in table.rows])
        rows = [r for r in rows if any(r)]
        if rows and (len(rows[0]) >= 2 or len(rows) >= 2):
            bbox = tuple(float(v) for v in table.bbox)
            ruled.append((bbox, rows))
            if any(_stacked(row) for row in raw):
                stacked_tables.add(bbox)
    frames = _frames(page, words)
    found: list[FoundTable] = []
    for bbox, rows in ruled:
        # words of another ruled table, or inside a box apart from this grid (a chart, a text box),
        # are no columns of this grid
        others = [b for b, _ in ruled if b != bbox] + [f for f in frames if _apart(f, bbox)]
        free = [w for w in words if not any(_inside(w, b) for b in others)]
        widened = _widen(free, bbox, rows, stacked=bbox in stacked_tables)
        found.append(widened or FoundTable(rows=rows, bbox=bbox, strategy="lines"))
    rest = [w for w in words if not any(_inside(w, t.bbox) for t in found)]
    found += alignment_tables(rest)
    found.sort(key=lambda t: (t.bbox[1], t.bbox[0]))
    return [with_header(t) for t in found]


def _ruled_rows(raw: list[list[str | None]], boxes: list[list[tuple | None]]) -> list[list[str]]:
    """A ruled grid's cell texts, rows whose only cell continues the one above joined to it.

    Such a row has a single cell of its own, exactly under a filled cell of the row above, and
    every other column is covered by a cell of the row above that spans both (no cell starts
    there): a row label wrapped onto a second ruled line ("Chlorine and inorganic compounds" over
    "(as HCl)") beside values that take both lines."""
    rows: list[list[str]] = []
    above: list | None = None
    for texts, cells in zip(raw, boxes):
        row = [_clean_cell(c) for c in texts]
        own = [k for k, cell in enumerate(cells) if cell is not None]
        if rows and above is not None and len(own) == 1 and len(cells) > 1 and row[own[0]]:
            k = own[0]
            mine, theirs = cells[k], above[k] if k < len(above) else None
            previous = rows[-1]
            if (
                theirs is not None
                and abs(mine[0] - theirs[0]) < 1
                and abs(mine[2] - theirs[2]) < 1
                and previous[k]
                and any(c for j, c in enumerate(previous) if j != k)
            ):
                previous[k] = f"{previous[k]} {row[k]}"
                continue
        rows.append(row)
        above = cells
    return rows


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
    return [b for b in boxes if b[2] - b[0] >= 4 * unit and b[3] - b[1] >= 3 * unit]


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
    tall = [lines for lines in cells if len(lines) >= 3]
    if len(tall) < 2:
        return False
    counts = [len(lines) for lines in tall]
    # a column of one number per line: records, not a wrapped sentence
    numeric = any(all(_NUMBERISH.match(line) for line in lines) for lines in tall)
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
    if len(table.rows) >= 2 and _filled_per_row(table.rows) >= 1.5 * _filled_per_row(rows):
        return table
    if stacked and len(table.rows) > len(rows):
        return table  # rows stacked in one ruled cell, read apart by their lines
    return None


def ocr_word_boxes(words) -> list[WordBox]:
    """Tesseract's words (``OcrWord``) as word boxes that keep their offsets into the page text."""
    return [
        WordBox(w.text, w.left, w.top, w.left + w.width, w.top + w.height, w.start, w.confidence)
        for w in words
        if any(ch.isalnum() for ch in w.text) and w.confidence >= 20  # ruling-line debris
    ]


def link_continuations(pages: list[tuple[int, list[FoundTable]]]) -> None:
    """A headerless table right after a table of the same width (on the same page or the page
    before) continues it and takes its header; a repeated header was already split off."""
    previous: FoundTable | None = None
    previous_page = None
    for number, tables in pages:
        for table in tables:
            if (
                table.header is None
                and previous is not None
                and previous.header
                and previous_page in (number, number - 1)
                and all(len(r) == len(previous.header) for r in table.rows)
            ):
                table.header = list(previous.header)
            previous, previous_page = table, number
