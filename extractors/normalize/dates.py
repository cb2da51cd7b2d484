"""Dates: a DATE mention's surface in, ``(iso, precision)`` out, truncated to what the phrase states.

``normalize_date`` gives ``("2016-05", "month")`` for "May 2016", ``("2019-11-21", "day")`` for
"Nov. 21, 2019" and ``None`` for phrases that name no calendar date ("recent years", "the 1990s") or
a date relative to another date of the text ("the next January"). A year-less date ("June 27") takes
its year from a reference date, which ``document_reference_date`` finds for a document: its
publication date, else the latest full date its text states. Common written forms are read by a fast
path; dateparser reads the rest.

Other languages: given the mention's language (ISO 639-1), dateparser reads the phrase in that language
("21 novembre 2019", "1er mars 1920", "21 ноября 2019 г.", "21. November 2019"), and only a phrase that
writes a number counts ("hier", "去年" name no calendar date). Dates written with 年/月/日 (Chinese,
Japanese), in Arabic digits or Chinese numerals (二〇一九年十一月二十一日), are read by the calendar's own
pattern: dateparser takes "2019年" for the year 7 and reads no Chinese numerals.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
from collections.abc import Iterable

from extractors.normalize.surface import _squash
from extractors.records import Mention

log = logging.getLogger(__name__)

# The calendar, not a word list: month abbreviations as the fast forms write them (first three
# letters) and their numbers; _MONTH below spells the same months out for the patterns.
_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_MONTH_RE = re.compile(rf"\b{_MONTH}(?![a-z])", re.IGNORECASE)
_YEAR_RE = re.compile(r"(?<![\d])(1[5-9]\d\d|20\d\d|21\d\d)(?![\d])(?!s)")
_NUMERIC_DATE_RE = re.compile(r"\b\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\b")
_DECADE_RE = re.compile(r"\d0['’]?s\b")
# decades in other languages: "les années 1990", "1990er", "1990-е годы", "90年代"
_DECADE_OTHER = re.compile(r"ann[ée]es\s+(?:\d\d)?\d0\b|\d0(?:er|-?е|-?х)(?!\w)|\d0\s*年代")
_RELATIVE_QUALIFIER = re.compile(
    r"^(?:this|last|the|early|late|mid|mid-|until|since|by|in|on|of|from|before|after|around|about"
    r"|(?:mon|tues|wednes|thurs|fri|satur|sun)day,?|(?:spring|summer|autumn|fall|winter)(?:\s+of)?)\s+",
    re.I,
)
# "the next January", "the following May": relative to another date of the text, not to the document
_ANCHORED = re.compile(r"\b(?:next|following|previous|preceding|that)\s+" + _MONTH, re.I)
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_FAST_FORMS = (
    (re.compile(rf"^{_MONTH}\s+{_DAY},?\s+(\d{{4}})$", re.I), ("month", "day", "year")),
    (re.compile(rf"^{_DAY}\s+(?:of\s+)?{_MONTH},?\s+(\d{{4}})$", re.I), ("day", "month", "year")),
    (re.compile(rf"^{_MONTH},?\s+(\d{{4}})$", re.I), ("month", "year")),
    (re.compile(rf"^{_MONTH}\s+{_DAY}$", re.I), ("month", "day")),
    (re.compile(rf"^{_DAY}\s+(?:of\s+)?{_MONTH}$", re.I), ("day", "month")),
    (re.compile(rf"^{_MONTH}$", re.I), ("month",)),
    (re.compile(r"^(\d{4})$"), ("year",)),
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"), ("year", "month", "day")),
    (re.compile(r"^(\d{4})-(\d{2})$"), ("year", "month")),
)

#: a year-less date takes the reference's year or one of the years after it in which the day exists:
#: eight years always hold a 29 February (leap years are four apart, but 2100 is no leap year)
_YEARS_TO_FIND_A_DAY = 8
#: years a fast form may state: four digits, up to the last century ``_YEAR_RE`` reads (21xx)
_FIRST_YEAR, _LAST_YEAR = 1000, 2199


def _year_for(month: int, day: int, reference: dt.date) -> int | None:
    """The year of a year-less date: the reference's, or the next one in which the day exists."""
    for year in range(reference.year, reference.year + _YEARS_TO_FIND_A_DAY):
        try:
            dt.date(year, month, day)
        except ValueError:
            continue
        return year
    return None


def _fast_date(value: str, reference: dt.date | None) -> tuple[str, str] | None | bool:
    """The common written forms without dateparser; ``False`` when the phrase is not one of them."""
    for pattern, fields in _FAST_FORMS:
        m = pattern.match(value)
        if not m:
            continue
        parts = dict(zip(fields, m.groups()))
        month = parts.get("month")
        if month is not None:
            month = int(month) if month.isdigit() else _MONTHS[month[:3].lower()]
        day = int(parts["day"]) if "day" in parts else None
        year = int(parts["year"]) if "year" in parts else None
        return _iso(year, month, day, reference)
    return False


@functools.lru_cache(maxsize=64)
def _date_parser(reference: dt.date | None, language: str = "en"):
    from dateparser.date import DateDataParser

    settings = {"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False}
    if reference is not None:
        settings["RELATIVE_BASE"] = dt.datetime(reference.year, reference.month, reference.day)
    return DateDataParser(languages=[language], settings=settings)


# 年/月/日 dates (Chinese, Japanese): the calendar's characters and numerals, not a word list
_CJK_DIGITS = {
    "〇": 0,
    "零": 0,
    "○": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CJK_NUMERAL = re.compile(r"[〇零○一二两三四五六七八九十]+(?=[年月日号])")
_CJK_DATE = re.compile(r"(?<!\d)(?:(\d{4})\s*年)?\s*(?:(\d{1,2})\s*月)?\s*(?:(\d{1,2})\s*[日号])?")
_HAS_CJK_DATE = re.compile(r"[年月日号]")
#: dateparser's language codes are ISO 639-1 for these; a language it does not know falls back to English
_DATEPARSER_LANGUAGES = frozenset(
    "af am ar az be bg bn bo br bs ca cs cy da de dz el en eo es et eu fa ff fi fo fr ga gd gl gu he hi hr hu hy "
    "id is it ja ka kk km kn ko ky lb lo lt lv mk ml mn mr ms mt my nb ne nl nn no or pa pl ps pt qu rm ro ru "
    "se si sk sl so sq sr sv sw ta te th ti tl to tr ug uk ur uz vi yo zh zu".split()
)


def _cjk_number(numeral: str, *, positional: bool) -> int | None:
    """二〇一九 -> 2019 (a year, digit by digit); 十一 -> 11, 二十一 -> 21 (a month or a day)."""
    if positional and "十" not in numeral:
        return int("".join(str(_CJK_DIGITS[ch]) for ch in numeral))
    tens, _, units = numeral.partition("十")
    if "十" not in numeral:
        return _CJK_DIGITS[numeral] if len(numeral) == 1 else None
    if len(tens) > 1 or len(units) > 1:
        return None
    return (_CJK_DIGITS[tens] if tens else 1) * 10 + (_CJK_DIGITS[units] if units else 0)


def _cjk_digits(value: str) -> str:
    def digits(m: re.Match) -> str:
        number = _cjk_number(m.group(0), positional=value[m.end()] == "年")
        return m.group(0) if number is None else str(number)

    return _CJK_NUMERAL.sub(digits, value)


def _cjk_date(value: str, reference: dt.date | None) -> tuple[str, str] | None:
    """2019年11月21日, 2019年11月, 2019年, 11月21日 (the reference's year) as ``(iso, precision)``."""
    value = _cjk_digits(value)
    for m in _CJK_DATE.finditer(value):
        year, month, day = (int(g) if g else None for g in m.groups())
        if year is None and month is None:
            continue
        if day is not None and month is None:
            continue
        return _iso(year, month, day, reference)
    return None


def _iso(year: int | None, month: int | None, day: int | None, reference: dt.date | None) -> tuple[str, str] | None:
    """The ISO value and precision of a date's parts; a missing year is the one nearest ``reference``."""
    if year is None:
        year = _year_for(month, day or 1, reference) if reference is not None else None
        if year is None:
            return None
    if not _FIRST_YEAR <= year <= _LAST_YEAR or (month is not None and not 1 <= month <= 12):
        return None
    if day is not None:
        try:
            return dt.date(year, month, day).isoformat(), "day"
        except ValueError:
            return None
    if month is not None:
        return f"{year:04d}-{month:02d}", "month"
    return f"{year:04d}", "year"


def _localised_date(value: str, language: str, reference: dt.date | None) -> tuple[str, str] | None:
    """A date phrase in ``language`` read by dateparser in that language; precision from what it writes."""
    if not re.search(r"\d", value):
        return None  # "hier", "l'an dernier", "в прошлом году": no calendar date
    data = _date_parser(reference, language).get_date_data(value)
    if data is None or data.date_obj is None:
        year = _YEAR_RE.search(value)
        return (year.group(1), "year") if year else None
    date = data.date_obj.date()
    written = _YEAR_RE.search(value)
    has_year = written is not None
    if has_year and date.year != int(written.group(1)):
        return written.group(1), "year"  # dateparser misread the phrase ("в 1990 году" as the year 36)
    if not has_year:
        if reference is None:
            return None
        year = _year_for(date.month, date.day, reference)
        if year is None:
            return None
        date = date.replace(year=year)
    if data.period == "year":
        return f"{date.year:04d}", "year"
    if data.period == "month" or (has_year and len(re.findall(r"\d+", value)) == 1):
        return f"{date.year:04d}-{date.month:02d}", "month"  # a day is only stated by a second number
    return date.isoformat(), "day"


@functools.lru_cache(maxsize=8192)
def normalize_date(
    surface: str, *, reference: dt.date | None = None, language: str | None = None
) -> tuple[str, str] | None:
    """``(iso, precision)`` for a phrase naming a calendar date, truncated to what it states.

    Returns ``None`` for phrases that name no calendar date ("recent years", "a decade", "the 1990s",
    "this year"), for dates relative to another date of the text ("the next January") and for
    year-less dates when no reference date is known to supply the year. Common written forms are read
    by a fast path; dateparser reads the rest. ``language`` (ISO 639-1) is the phrase's language: other
    than English, dateparser reads it in that language; 年/月/日 dates are read in any.
    """
    value = _squash(surface).strip(" .,;:")
    if _DECADE_OTHER.search(value):
        return None
    if _HAS_CJK_DATE.search(value) and re.search(r"[\d〇零○一二两三四五六七八九十]\s*[年月日号]", value):
        return _cjk_date(value, reference)
    if language and language != "en" and language in _DATEPARSER_LANGUAGES:
        local = _localised_date(value, language, reference)
        if local is not None or not _MONTH_RE.search(value):
            return local
    if _DECADE_RE.search(value) or _ANCHORED.search(value):
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
        stripped = stripped[m.end() :]
        candidates.append(stripped)
    for tail in (r"\s+(?:this|last)\s+year$",):
        if re.search(tail, stripped, re.I) and has_month and not has_year:
            candidates.append(re.sub(tail, "", stripped, flags=re.I))
    for candidate in reversed(candidates):
        fast = _fast_date(candidate, reference)
        if fast is not False:
            if fast is not None:
                return fast
            if not has_year:
                return None
    if numeric:
        candidates.append(numeric.group(0))
    log.debug("date %r left to dateparser", value)
    parser = _date_parser(reference)
    for candidate in candidates:
        data = parser.get_date_data(candidate)
        if data is None or data.date_obj is None:
            continue
        date = data.date_obj.date()
        period = data.period or "day"
        if not has_year and not numeric and reference is not None:
            year = _year_for(date.month, date.day, reference)
            if year is not None:
                date = date.replace(year=year)
        if period == "year" or (has_year and not has_month and not numeric):
            return f"{date.year:04d}", "year"
        if period == "month" or (
            has_month and not re.search(r"\d", _MONTH_RE.sub("", candidate).replace(str(date.year), ""))
        ):
            return f"{date.year:04d}-{date.month:02d}", "month"
        if period in ("day", "week", "time"):
            return date.isoformat(), "day"
    if has_year:
        year = _YEAR_RE.search(value).group(1)
        return year, "year"
    return None


def document_reference_date(
    published: str | None, mentions: Iterable[Mention], *, language: str | None = None
) -> tuple[dt.date | None, str | None]:
    """The date year-less dates are resolved against, and where it came from.

    The document's own publication date when known, else the latest full date its text states (read in
    ``language``, the document's).
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
        parsed = normalize_date(mention.text, language=language)
        if parsed and parsed[1] == "day":
            day = dt.date.fromisoformat(parsed[0])
            if latest is None or day > latest:
                latest = day
    return latest, ("latest date in text" if latest else None)
