"""Headers: a found table in, the same table with its header row split off and its heading rows repaired.

The first row is the header when it reads like one (text, no numbers, no e-mail or phone values) and
the rows below it do not all look like it (``detect_header``). ``with_header`` also drops caption lines
above the header, joins headings set on two lines, lifts the row labels' heading to a spanning
heading's line and moves a group's label to the group's first row; cell words move with their cells.
"""

from __future__ import annotations

import re

from extractors.read.tables.words import FoundTable

# A cell of digits, separators, signs and currency symbols only: a value, never a label.
NUMBERISH = re.compile(r"^[\s\d.,:;%()+\-–/*€$£x]+$")
# A cell with this many digits is a value (a phone number, an id, a date), whatever else it holds.
VALUE_MIN_DIGITS = 5
# Header cells above an all-text body are short labels: none longer than this many characters.
MAX_LABEL_LENGTH = 40
# A row with at least this share of its cells filled is a full row (a header or a body row), not a caption.
FULL_ROW_SHARE = 0.6
# Row groups repeat with a period of at most this many rows, over at least this share of the body.
MAX_GROUP_PERIOD = 8
GROUP_COVERAGE = 0.75


def _looks_like_value(cell: str) -> bool:
    return bool(cell) and (
        bool(NUMBERISH.match(cell)) or "@" in cell or sum(ch.isdigit() for ch in cell) >= VALUE_MIN_DIGITS
    )


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
    return all(len(c) <= MAX_LABEL_LENGTH for c in labels) and all(row != first for row in body)


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
        if sum(1 for c in row if c) >= FULL_ROW_SHARE * len(row) and detect_header(table.rows[index:]):
            table.header = row
            table.rows = table.rows[index + 1 :]
            table.cell_words = table.cell_words[index + 1 :] if table.cell_words else []
            break
        if sum(1 for c in row if c) >= FULL_ROW_SHARE * len(row):
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
    for period in range(2, min(MAX_GROUP_PERIOD, len(keys) // 2) + 1):
        first = keys[:period]
        if len(set(first)) < period:
            continue
        length = 0
        while length < len(keys) and keys[length] == first[length % period]:
            length += 1
        length -= length % period
        if length >= 2 * period and length >= GROUP_COVERAGE * len(keys):
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
