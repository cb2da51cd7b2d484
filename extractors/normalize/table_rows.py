"""Table rows as records: a document's Tables and Pages in, normalised ``source="table"`` Mentions out.

A table with a person-name column is a list of people: each row becomes one PERSON mention whose
attributes hold the row's title, organisation, place, country, e-mail and phone, plus one ORG, PLACE,
EMAIL or PHONE mention for each of those cells, so the person is linked to those entities by their
canonical names.

Column roles come from the header's words ("Name", "Title", "Organisation", "City", "E-mail", "Tel"...);
a table without a header gets roles from its cells' content (e-mail addresses, phone numbers that
``phonenumbers`` accepts, country names). Every mention points at the cell's characters in the page
text (``start``/``end``, ``text == page.text[start:end]``): the span the reading stage gave the cell
from the words it was built from (``Table.spans``), never a search of the page text. A cell without a
span gives no mention, but its value still goes into the person's attributes.

The normalisers are those of ``extractors.normalize.mentions``; this stage only decides what each cell is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from extractors.normalize.contacts import normalize_email, normalize_phone
from extractors.normalize.orgs import normalize_org
from extractors.normalize.people import TITLES, normalize_person, other_script_form
from extractors.normalize.places import normalize_place
from extractors.normalize.wordlists import word_groups, word_list
from extractors.records import Mention, Page, Table

ROLES = ("name", "given_name", "family_name", "title", "organisation", "place", "country", "email", "phone")
#: the roles that name the person of a row: a full-name column, or given and family names apart
PERSON_ROLES = ("name", "given_name", "family_name")

# Header words per role, checked in this order ("Organisation name" is an organisation, not a name).
_HEADER_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = word_groups("table_header_words")

# quote marks, bars and dashes OCR reads from ruling lines and specks at a cell's edges
_STRAY = " \t\n‘’“”'\"|_—–-.,;:!"
_ORG_WORDS = re.compile(
    r"\b(" + "|".join(re.escape(w) for w in sorted(word_list("table_org_words"))) + r")\b",
    re.I,
)
_TOKEN = re.compile(r"[^\W\d_][\w.\-]*")
#: Han characters: a header in Chinese has no spaces between its words
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class ColumnRoles:
    """Which column holds which role (column index by role)."""

    columns: dict[str, int]

    def cell(self, row: Sequence[str], role: str) -> str:
        index = self.columns.get(role)
        if index is None or index >= len(row):
            return ""
        return row[index].strip(_STRAY)


def header_role(cell: str) -> str | None:
    """The role a header cell names; OCR misreads of one letter ("Neme", "Emall") still count."""
    value = " ".join(cell.lower().split())
    tokens = _TOKEN.findall(value)
    han = _HAN.search(value) is not None
    for role, words in _HEADER_WORDS:
        for word in words:
            if (" " in word and word in value) or word in tokens or value == word:
                return role
            if han and len(word) >= 2 and word in value:  # 联系电话, 工作单位, 姓名/Name
                return role
    letters = ["".join(ch for ch in t if ch.isalpha()) for t in tokens]
    for role, words in _HEADER_WORDS:
        for word in words:
            if len(word) >= 4 and word.isalpha() and any(len(t) >= 4 and _one_edit(t, word) for t in letters):
                return role
    return None


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by at most one substituted, inserted or deleted letter."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) <= 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    for i in range(len(long_)):
        if long_[:i] + long_[i + 1 :] == short:
            return True
    return False


#: a column without a header role gets one from its cells only when this share of rows fills it
MIN_FILLED_SHARE = 0.6
#: ... and when this share of its cells looks like the role (e-mail, phone, country, title, city, name)
CONTENT_ROLE_SHARE = 0.6
#: organisation names vary more ("Town of X", "X Ltd"): half the cells naming an organisation will do
ORG_COLUMN_SHARE = 0.5


def _share(cells: list[str], test) -> float:
    return sum(1 for c in cells if test(c)) / len(cells) if cells else 0.0


def column_roles(table: Table, *, phone_region: str = "US") -> ColumnRoles:
    """Roles from the header when there is one, else from what the cells hold."""
    columns: dict[str, int] = {}
    if table.header:
        for index, cell in enumerate(table.header):
            role = header_role(cell)
            if role and role not in columns:
                columns[role] = index
    if not table.rows:
        return ColumnRoles(columns)
    width = max(len(r) for r in table.rows)
    # Columns the header does not name (no header, or a label OCR could not read) get a role from
    # what their cells hold.
    content_tests = (
        ("email", lambda c: repair_email(c) is not None),
        ("phone", lambda c: _phone(c, phone_region) is not None),
        ("country", lambda c: _country(c) is not None),
        ("title", _looks_like_title),
        ("place", _looks_like_city),
    )
    for index in range(width):
        cells = [r[index].strip() for r in table.rows if index < len(r) and r[index].strip()]
        if len(cells) < max(1, MIN_FILLED_SHARE * len(table.rows)) or index in columns.values():
            continue
        for role, test in content_tests:
            if role in columns or (role == "place" and "name" not in columns):
                continue
            if _share(cells, test) >= CONTENT_ROLE_SHARE:  # the first role its cells fit, in this order
                columns[role] = index
                break
    if "organisation" not in columns:
        index = _first_column(table, width, columns, lambda cells: _share(cells, _ORG_WORDS.search) >= ORG_COLUMN_SHARE)
        if index is not None:
            columns["organisation"] = index
    # A list of people without a header: contact columns plus a first column of personal names.
    if not any(role in columns for role in PERSON_ROLES) and ("email" in columns or "phone" in columns):
        index = _first_column(
            table, width, columns, lambda cells: _share(cells, _looks_like_person) >= CONTENT_ROLE_SHARE
        )
        if index is not None:
            columns["name"] = index
    return ColumnRoles(columns)


def _first_column(table: Table, width: int, columns: dict[str, int], accept) -> int | None:
    """The first column without a role whose non-empty cells ``accept`` takes."""
    for index in range(width):
        if index in columns.values():
            continue
        cells = [r[index] for r in table.rows if index < len(r) and r[index].strip()]
        if cells and accept(cells):
            return index
    return None


def _looks_like_title(cell: str) -> bool:
    """A short cell holding a title or office ("Mayor", "Director of Trade", "Lord Provost")."""
    words = [w.strip(_STRAY).lower().rstrip(".") for w in cell.split()]
    return 1 <= len(words) <= 6 and any(w in TITLES for w in words) and not _ORG_WORDS.search(cell)


def _looks_like_city(cell: str) -> bool:
    """A cell naming a known place that is not a country."""
    return _country(cell) is None and (place := normalize_place(cell)) is not None and place[1] is not None


def _looks_like_person(cell: str) -> bool:
    words = cell.split()
    return (
        2 <= len(words) <= 5
        and normalize_person(cell) is not None
        and all(w[0].isupper() for w in words if w[0].isalpha())
    )


def _phone(cell: str, region: str) -> str | None:
    if sum(ch.isdigit() for ch in cell) < 6:
        return None
    return normalize_phone(cell, region=region)


def _country(cell: str) -> str | None:
    place = normalize_place(cell)
    if place is None or place[1] is None:
        return None
    import pycountry

    try:
        found = pycountry.countries.lookup(place[0])
    except LookupError:  # a country named in another language or script (美国, Allemagne)
        from extractors.normalize.gazetteer import localised_candidates

        named = localised_candidates(cell.strip(_STRAY), None)
        return place[1] if named and named[0].kind == "country" and named[0].country == place[1] else None
    return found.alpha_2 if found.alpha_2 == place[1] else None


# --- OCR repair of e-mail cells ----------------------------------------------------------------

# What OCR makes of "@": the copyright and registered signs, "@" with a bracket read beside it, "(a)".
_AT_MISREADS = re.compile(r"\(\s*@\s*\)|\(\s*@|@\s*\)|[©®]|\(a\)|\s+@\s+|@@+")
_EMAIL_LOCAL = re.compile(r"^[a-z0-9][a-z0-9._%+'\-]*$")
_EMAIL_DOMAIN = re.compile(r"^[a-z0-9][a-z0-9\-]*(\.[a-z0-9][a-z0-9\-]*)*\.[a-z]{2,}$")


def repair_email(cell: str) -> str | None:
    """An e-mail address from a cell of an e-mail column read by OCR, or None when it is not one.

    Only for cells whose column is known to hold e-mail addresses: the usual misreads of "@" (a
    copyright sign, "(@", "@)") become "@", an "@" lost altogether between two words is put back when
    the second is a domain, a comma becomes a dot, and a space inside the domain is a dot OCR lost
    ("heda example" -> "heda.example"); a space in the local part is dropped.
    """
    value = cell.strip().strip(_STRAY).lower()
    if not value:
        return None
    value = _AT_MISREADS.sub("@", value)
    value = value.replace(",", ".")
    if "@" not in value and len(parts := value.split()) == 2 and "." in parts[1]:
        value = "@".join(parts)  # "@" lost entirely: "hemi.walker otaraia.example"
    if value.count("@") != 1:
        return None
    local, domain = value.split("@")
    local = "".join(local.split()).strip(".")
    domain = ".".join(domain.split()).strip(".")
    domain = re.sub(r"\.{2,}", ".", domain)
    if not _EMAIL_LOCAL.match(local) or not _EMAIL_DOMAIN.match(domain):
        return None
    return normalize_email(f"{local}@{domain}")


def repair_phone(cell: str, *, region: str = "US") -> str | None:
    """A phone number from a cell of a phone column, in E.164; OCR's usual misread of a leading "+"
    as "4" is undone when only the repaired form is a valid number."""
    phone = normalize_phone(cell, region=region)
    if phone is not None:
        return phone
    value = cell.strip().strip(_STRAY)
    if value.startswith("4") and sum(ch.isdigit() for ch in value) >= 8:
        import phonenumbers

        try:
            number = phonenumbers.parse("+" + value[1:], None)
        except phonenumbers.NumberParseException:
            return None
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return None


# --- where cells are in the page text ----------------------------------------------------------


def cell_span(
    page: Page, row_spans: Sequence[list[int] | None], roles: ColumnRoles, role: str
) -> tuple[int, int] | None:
    """The characters of the row's ``role`` cell in the page text: the cell's span (``Table.spans``),
    less the stray marks at its edges that ``ColumnRoles.cell`` strips too; None without a span."""
    index = roles.columns.get(role)
    if index is None or index >= len(row_spans) or row_spans[index] is None:
        return None
    start, end = row_spans[index]
    if not 0 <= start <= end <= len(page.text):
        return None
    while start < end and page.text[start] in _STRAY:
        start += 1
    while end > start and page.text[end - 1] in _STRAY:
        end -= 1
    return (start, end) if start < end else None


# --- the stage ---------------------------------------------------------------------------------


def table_mentions(
    tables: Iterable[Table],
    pages: dict[int, Page],
    *,
    phone_region: str = "US",
) -> list[Mention]:
    """Normalised mentions for every row of every table with a person-name column."""
    out: list[Mention] = []
    for table in tables:
        page = pages.get(table.page)
        if page is None:
            continue
        roles = column_roles(table, phone_region=phone_region)
        if not any(role in roles.columns for role in PERSON_ROLES):
            continue
        spans = table.spans or []
        for number, row in enumerate(table.rows):
            out += _row_mentions(row, spans[number] if number < len(spans) else [], roles, page, phone_region)
    return out


def _display_name(surface: str, email_cell: str) -> tuple[str, list[str]] | None:
    """A name the person-name rules refuse ("Nicolas1 23456", "Chang@FT (張毓倫)") is still the
    person's name as they wrote it when it stands beside their e-mail address (a message's sender, a
    contact card): taken as written, unless it is itself an address or holds no word."""
    value = " ".join(surface.split())
    if not email_cell or not repair_email(email_cell) or repair_email(value) or "<" in value:
        return None
    if not re.search(r"[^\W\d_]{2,}", value) or len(value) > 80:
        return None
    return value, []


def _row_mentions(
    row: Sequence[str], row_spans: Sequence[list[int] | None], roles: ColumnRoles, page: Page, phone_region: str
) -> list[Mention]:
    surface = roles.cell(row, "name") or " ".join(
        part for part in (roles.cell(row, "given_name"), roles.cell(row, "family_name")) if part
    )
    main, other_form = other_script_form(surface)
    person = normalize_person(main) if other_form else None
    if person is None:  # one form (or a display name beside an address: kept as written)
        other_form = None
        person = normalize_person(surface) or _display_name(surface, roles.cell(row, "email"))
    if person is None:
        return []
    name, titles = person
    attributes: dict = {}
    other = normalize_person(other_form) if other_form else None
    if other and other[0] != name:  # the name in another script: the same person (extractors.resolve.entities)
        attributes["other_names"] = [other[0]]
    linked: list[tuple[str, str, str, dict]] = []  # (type, cell's role, canonical name, attributes)
    title = roles.cell(row, "title")
    if title:
        attributes["titles"] = sorted(set(titles) | {" ".join(title.split())})
    elif titles:
        attributes["titles"] = titles
    organisation = normalize_org(roles.cell(row, "organisation"))
    if organisation:
        attributes["organisation"] = organisation
        linked.append(("ORG", "organisation", organisation, {}))
    country_cell = roles.cell(row, "country")
    country_place = normalize_place(country_cell) if country_cell else None
    country = country_place[1] if country_place else None
    place_cell = roles.cell(row, "place")
    place = normalize_place(place_cell) if place_cell else None
    if place:
        place_name, place_country = place
        attributes["place"] = place_name
        attributes["city"] = place_name
        country = country or place_country
        linked.append(("PLACE", "place", place_name, {"country": country} if country else {}))
    if country:
        attributes["country"] = country
    if country_place:
        extra = {"country": country_place[1]} if country_place[1] else {}
        linked.append(("PLACE", "country", country_place[0], extra))
    email = repair_email(roles.cell(row, "email"))
    if email:
        attributes["email"] = email
        linked.append(("EMAIL", "email", email, {}))
    phone = repair_phone(roles.cell(row, "phone"), region=_region(country, phone_region))
    if phone:
        attributes["phone"] = phone
        linked.append(("PHONE", "phone", phone, {}))

    mentions: list[Mention] = []
    span = cell_span(page, row_spans, roles, "name") or _name_parts_span(page, row_spans, roles)
    if span is None:
        return []
    mentions.append(_mention(page, span, "PERSON", "table:name", name, attributes))
    for entity_type, role, canonical, extra in linked:
        where = cell_span(page, row_spans, roles, role)
        if where is not None:
            mentions.append(_mention(page, where, entity_type, f"table:{entity_type.lower()}", canonical, extra))
    return mentions


def _name_parts_span(page: Page, row_spans: Sequence[list[int] | None], roles: ColumnRoles) -> tuple[int, int] | None:
    """From the first to the last character of the given- and family-name cells (either may be empty)."""
    parts = [cell_span(page, row_spans, roles, role) for role in ("given_name", "family_name")]
    parts = [p for p in parts if p is not None]
    if not parts:
        return None
    return min(p[0] for p in parts), max(p[1] for p in parts)


def _region(country: str | None, default: str) -> str:
    return country or default


def _mention(page: Page, span: tuple[int, int], entity_type: str, label: str, name: str, attributes: dict) -> Mention:
    start, end = span
    return Mention.on_page(
        page, start, end, type=entity_type, source="table", label=label, name=name, attributes=attributes
    )


def drop_in_headers(mentions: Sequence[Mention], tables: Iterable[Table], pages: dict[int, Page]) -> list[Mention]:
    """NER mentions less those in a table's header line: column names are no entities, but a model reads
    "Организация Страна Телефон" or "Organisation City Country" as an organisation's name. The header line
    is the last non-blank line before the first body row that holds every header cell."""
    regions: dict[int, list[tuple[int, int]]] = {}
    for table in tables:
        page = pages.get(table.page)
        cells = [c.strip() for c in table.header or [] if c.strip()]
        starts = [span[0] for span in (table.spans or [[]])[0] if span]
        if page is None or not cells or not starts:
            continue
        end = page.text.rfind("\n", 0, min(starts))
        while end > 0 and page.text[end - 1] == "\n":
            end -= 1
        begin = page.text.rfind("\n", 0, end) + 1 if end > 0 else 0
        if end > 0 and all(cell in page.text[begin:end] for cell in cells):
            regions.setdefault(table.page, []).append((begin, end))
    return [
        m
        for m in mentions
        if m.source != "ner" or not any(s < m.end and m.start < e for s, e in regions.get(m.page, []))
    ]


def drop_overlapped(mentions: Sequence[Mention], table_ms: Sequence[Mention]) -> list[Mention]:
    """Mentions found in running text, less those that overlap a table cell ``table_ms`` already reads.

    spaCy reads a table's text layer line by line and fuses neighbouring cells ("Fiona MacLeod Head of",
    "Trade Harbourview Economic Development Agency") or mislabels a lone name cell: where a cell was read
    as part of its row, the row is the better evidence, so NER mentions touching that cell go, and
    pattern mentions (e-mail, phone) that the cells already give are not counted twice. Cells the row
    reading did not use (an unrecognised column) keep their NER mentions.
    """
    cells: dict[int, list[tuple[int, int]]] = {}
    for m in table_ms:
        cells.setdefault(m.page, []).append((m.start, m.end))
    exact = {(m.page, m.start, m.end, m.type) for m in table_ms}
    kept = []
    for mention in mentions:
        touches = any(s < mention.end and mention.start < e for s, e in cells.get(mention.page, []))
        if touches and mention.source == "ner":
            continue
        if (mention.page, mention.start, mention.end, mention.type) in exact:
            continue
        kept.append(mention)
    return kept
