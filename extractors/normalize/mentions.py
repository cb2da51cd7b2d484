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
from collections import Counter
from collections.abc import Iterable

import logging

import phonenumbers

from extractors.normalize.gazetteer import choose_country, is_known_place, place_candidates
from extractors.records import Mention, Page

log = logging.getLogger(__name__)

# --- span repair -------------------------------------------------------------------------------

_EDGE_PUNCT = "\xa0 \t\r\n,;:!?\"'“”‘’()[]{}<>*•·|/\\-–—_=+#"
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
# words that make one title with the title after them ("Deputy Mayor", "Vice President")
_TITLE_PREFIXES = {"deputy", "vice", "assistant", "associate"}
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
        if bare in _TITLE_PREFIXES and len(words) > 2 and words[1].rstrip(".").lower() in TITLES:
            modifier.append(words.pop(0).rstrip(".").capitalize())
            continue
        if bare in TITLES:
            words.pop(0)
            titles.append(" ".join(modifier + [TITLES[bare]]) if modifier else TITLES[bare])
            modifier = []
            continue
        break
    if modifier:  # "Acting Smith": the modifier was the title
        titles.append(" ".join(modifier))
    while len(words) > 1 and words[-1].rstrip(".").lower() in _SUFFIXES:
        words.pop()
    if not words:
        return None
    name = " ".join(words)
    if not name[0].isupper() or not name[0].isalpha():
        return None
    if name.isupper() and len(name) > 3:
        name = " ".join(w.capitalize() for w in name.split())
    return name, sorted(set(titles))


# --- compound spans ----------------------------------------------------------------------------

#: Head nouns of organisation names, in any language's English news: a name ending in one of these is
#: an organisation whatever the model said. Generic words, not names.
ORG_HEADS = {
    "agency", "association", "authority", "bank", "board", "bureau", "center", "centre", "college",
    "commission", "committee", "company", "consulate", "corporation", "corp", "council", "court",
    "department", "embassy", "federation", "forum", "foundation", "group", "images", "inc", "institute",
    "league", "ltd", "llc", "media", "ministry", "news", "office", "organization", "organisation",
    "partnership", "party", "police", "press", "school", "service", "society", "times", "tribune",
    "union", "university", "post", "herald", "journal", "gazette", "network", "photos", "pictures",
}
_CAP_WORD = re.compile(r"^[A-Z][\w'’.-]*$")
_ACRONYM_WORD = re.compile(r"^[A-Z][A-Z&]{1,5}$")
_NAME_PARTICLE = re.compile(r"^[A-Z][a-z]?['’][A-Z][\w-]+")  # O'Keefe, D'Arcy


def credit_type(part: str) -> str | None:
    """The type of one part of a photo credit or byline ("Adrian Wyld", "AFP", "Getty Images")."""
    words = part.split()
    if not words or not all(_CAP_WORD.match(w) for w in words):
        return None
    if words[0] in ("The", "THE") or words[-1].lower().rstrip(".") in ORG_HEADS:
        return "ORG"
    if len(words) == 1:
        return "ORG" if _ACRONYM_WORD.match(words[0]) else None
    if any(_ACRONYM_WORD.match(w) for w in words) or len(words) > 4:
        return None
    return "PERSON"


def split_compound(text: str, start: int, end: int, entity_type: str) -> list[tuple[int, int, str]]:
    """One model span as the ``(start, end, type)`` spans it really holds.

    A span runs over a line break only by mistake (bylines, captions, headings), so only its first
    line with a letter is kept. Credits written "Photographer/Agency" are cut at the slashes and each
    part typed on its own; an acronym fused to the end of a name ("Nicolas Asfouri AFP") is cut off.
    """
    span = text[start:end]
    if "\n" in span:
        lines: list[tuple[int, int]] = []
        offset = 0
        for line in span.split("\n"):
            if any(ch.isalnum() for ch in line):
                lines.append((start + offset, start + offset + len(line)))
            offset += len(line) + 1
        if not lines:
            return []
        # "Reuters\n\nMilan", "United Front\n\nChina": a later line keeps no type of its own, but a
        # line the gazetteer knows as a place is that place
        later = []
        for s, e in lines[1:]:
            value = text[s:e].strip(_EDGE_PUNCT)
            if _known_place(value) and value[:1].isupper():
                later.append((s, e, "PLACE"))
            elif (
                len(value.split()) >= 2
                and all(_CAP_WORD.match(w) or w in _MINOR_WORDS for w in value.split())
                and text[e:e + 1] not in ("\n", "")  # a whole short line is a heading or a footer
            ):
                later.append((s, e, entity_type))
        start, end = lines[0]
        return split_compound(text, start, end, entity_type) + later
    parts: list[tuple[int, int, str]] = []
    if "/" in span and entity_type in ("PERSON", "ORG"):
        position = start
        for piece in span.split("/"):
            stripped = piece.strip()
            if stripped:
                piece_start = position + piece.index(stripped)
                piece_type = credit_type(stripped)
                if piece_type:
                    parts.append((piece_start, piece_start + len(stripped), piece_type))
            position += len(piece) + 1
        if parts:
            return [p for q in parts for p in _split_acronym_tail(text, *q)]
        return []
    return _split_acronym_tail(text, start, end, entity_type)


def _split_acronym_tail(text: str, start: int, end: int, entity_type: str) -> list[tuple[int, int, str]]:
    if entity_type != "PERSON":
        return [(start, end, entity_type)]
    words = text[start:end].split()
    if len(words) >= 3 and _ACRONYM_WORD.match(words[-1]) and not words[-1].rstrip(".").lower() in _SUFFIXES:
        cut = text.rindex(words[-1], start, end)
        head_end = cut
        while head_end > start and text[head_end - 1].isspace():
            head_end -= 1
        return [(start, head_end, "PERSON"), (cut, end, "ORG")]
    # a surname with a particle the model cut at its apostrophe ("Dennis" of "Dennis O'Keefe")
    following = text[end:end + 40]
    m = _NAME_PARTICLE.match(following.lstrip(" ")) if following.startswith(" ") else None
    if m and len(words) == 1:
        return [(start, end + 1 + m.end(), "PERSON")]
    return [(start, end, entity_type)]


_QUOTE_OPEN = "“\"‘«"
_QUOTE_CLOSE = "”\"’»"


def is_quoted_title(text: str, start: int, end: int) -> bool:
    """Whether a span is exactly what a pair of quotation marks holds (a book, film or slogan)."""
    before = text[start - 1] if start > 0 else ""
    after = text[end:end + 2].lstrip(",.")[:1]
    return before in _QUOTE_OPEN and after in _QUOTE_CLOSE


def is_heading_line(text: str, start: int, end: int) -> bool:
    """Whether a span is the whole of a short line set apart by blank lines (a section heading)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if text[line_start:start].strip() or text[end:line_end].strip():
        return False
    before = text[max(0, line_start - 2):line_start]
    after = text[line_end:line_end + 2]
    return before == "\n\n" and after == "\n\n"


_TITLE_LINE_WORDS = re.compile(r"[A-Za-z][\w'’-]*")


def is_title_case_line(text: str, start: int, end: int) -> bool:
    """Whether a span lies on a headline: a line of five or more words, nearly all capitalised."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start:(len(text) if line_end < 0 else line_end)]
    words = _TITLE_LINE_WORDS.findall(line)
    if len(words) < 5 or line.rstrip().endswith("."):
        return False
    capitalised = sum(1 for w in words if w[0].isupper() or w.lower() in _MINOR_WORDS)
    return capitalised / len(words) >= 0.9


_MINOR_WORDS = {"a", "an", "and", "as", "at", "but", "by", "for", "in", "of", "on", "or", "the", "to", "with"}


def titles_before(text: str, start: int) -> list[str]:
    """Titles written just before a name ("Mayor Marianne Alto", "then-Vancouver mayor Kennedy Stewart")."""
    line_start = text.rfind("\n", 0, start) + 1
    words = text[line_start:start].split()[-4:]
    titles: list[str] = []
    # "Mayor of Calgary Naheed Nenshi": the title is written before the place it holds
    for n in (1, 2):
        if len(words) >= n + 2 and words[-n - 1].lower() == "of" and all(w[:1].isupper() for w in words[-n:]):
            bare = words[-n - 2].strip(",;:()“”\"").rstrip(".").lower()
            if bare in TITLES:
                return [TITLES[bare]]
    modifier = ""
    for word in reversed(words):
        bare = word.strip(",;:()“”\"").rsplit("-", 1)[-1].rstrip(".").lower()
        if bare in TITLES:
            titles.append(TITLES[bare])
            modifier = word
            continue
        if titles and word.lower().split("-", 1)[0] in ("former", "acting", "interim") and word != modifier:
            titles[-1] = f"{word.split('-', 1)[0].capitalize()} {titles[-1]}"
        break
    return titles


def split_titled_place(text: str, start: int, end: int) -> list[tuple[int, int, str]] | None:
    """"Mayor of Calgary Naheed Nenshi" read as one ORG: the place and the person it holds."""
    before = text[max(0, start - 30):start].split()
    if len(before) < 2 or before[-1].lower() != "of" or before[-2].strip(",").lower() not in TITLES:
        return None
    words = text[start:end].split()
    for cut in (1, 2):
        if len(words) - cut >= 2 and _known_place(" ".join(words[:cut])):
            head = " ".join(words[:cut])
            head_end = start + text[start:end].index(head) + len(head)
            rest = text.index(words[cut], head_end, end)
            if all(_CAP_WORD.match(w) for w in words[cut:]):
                return [(start, head_end, "PLACE"), (rest, end, "PERSON")]
    return None


# --- span refinement (after repair) ------------------------------------------------------------

#: Occupations written before a name like a title ("Lawyer Carolina Huanca", "Scholars Clive Hamilton").
_OCCUPATIONS = {
    "lawyer", "lawyers", "scholar", "scholars", "analyst", "analysts", "economist", "economists", "author",
    "authors", "writer", "writers", "journalist", "journalists", "activist", "activists", "researcher",
    "researchers", "historian", "historians", "commentator", "commentators", "lawmaker", "lawmakers",
    "photographer", "editor", "editors", "actor", "actress", "singer", "coach", "striker", "defender",
    "midfielder", "goalkeeper", "manager", "executive", "founder", "chef", "artist", "designer", "architect",
    "novelist", "poet", "filmmaker", "director", "producer", "investor", "billionaire", "entrepreneur",
    "diplomat", "envoy", "dissident", "businessman", "businesswoman", "tycoon", "candidate", "veteran",
}
#: Capitalised last words of things that are no organisation: programmes, laws, policies, plans.
_NOT_ORG_HEADS = {
    "plan", "initiative", "act", "bill", "program", "programme", "policy", "strategy", "regulation",
    "regulations", "doctrine", "treaty", "accord", "agreement", "project", "scheme", "campaign",
}
_COMPASS = re.compile(
    r"(?i)^(?:Northern|Southern|Eastern|Western|Central|North-?[Ee]astern|North-?[Ww]estern|South-?[Ee]astern"
    r"|South-?[Ww]estern|Northeastern|Northwestern|Southeastern|Southwestern)\s+"
)
_PLACE_OF = re.compile(
    r"\b(?:town|city|village|hamlet|province|state|region|county|district|municipality|island|port|capital)"
    r"\s+of\s+$", re.I,
)
_INNER_POSSESSIVE = re.compile(r"['’]s\s+(?=[A-Z])")
_HYPHEN_TAIL = re.compile(r"-[A-Z][a-z]+(?:-[A-Z][a-z]+)*")
_CAP_RUN_WORD = re.compile(r"\s?[A-Z][\w'’.-]*")


def _title_like(word: str) -> bool:
    bare = word.strip(",;:()“”\"").rstrip(".").lower().replace("-", "")
    return bare in TITLES or bare in _OCCUPATIONS


def refine_span(text: str, start: int, end: int, entity_type: str) -> list[tuple[int, int, str]]:
    """A repaired span as the CoNLL-style mentions it holds (general shapes, no lists of names).

    - "Daqing’s Foreign Affairs Office": the possessor is a mention of its own (a place when the
      gazetteer knows it), the rest keeps the type.
    - Titles and occupations at the start of a name go ("Lawyer Carolina Huanca" is a PERSON).
    - A span cut inside a place name the gazetteer knows is that place ("Nova" of "Nova Scotia").
    - A span cut at a hyphen takes the rest of a capitalised compound ("Emilia" of "Emilia-Romagna").
    - A compass word before a country ("Northern Italy") is no part of the name.
    - After "town of", "city of" ... a PERSON or ORG is a place ("the small town of Conselice").
    - Programmes, laws and plans are no ORG; nor is a generic head noun alone ("Party").
    """
    if entity_type not in ("PERSON", "ORG", "PLACE"):
        return [(start, end, entity_type)]
    span = text[start:end]
    m = _INNER_POSSESSIVE.search(span)
    if m and entity_type in ("ORG", "PLACE") and m.start() > 0 and _known_place(span[:m.start()]):
        head_end, rest = start + m.start(), start + m.end()
        return [(start, head_end, "PLACE")] + refine_span(text, rest, end, entity_type)
    words = span.split()
    if entity_type in ("PERSON", "ORG") and 3 <= len(words) <= 4 and _title_like(words[0]) and all(
        _CAP_WORD.match(w) for w in words[1:]
    ) and words[-1].lower().rstrip(".") not in ORG_HEADS | _NOT_ORG_HEADS:
        rest = start + span.index(words[1], len(words[0]))
        return refine_span(text, rest, end, "PERSON")
    if entity_type in ("PERSON", "ORG") and len(words) <= 2:
        # the capitalised run from the span's start, up to three words: a place the model cut
        run_end = end
        for _ in range(2):
            nxt = _CAP_RUN_WORD.match(text, run_end)
            if not nxt or nxt.group(0).startswith("\n") or not nxt.group(0).startswith(" "):
                break
            run_end = nxt.end()
            candidate = text[start:run_end].rstrip(".,")
            places = place_candidates(_squash(candidate))
            if places and places[0].kind in ("country", "subdivision") and len(candidate.split()) > len(words):
                return [(start, start + len(candidate), "PLACE")]
    if entity_type == "PERSON" and len(words) == 1:
        # "Scholars Clive Hamilton" read as "Hamilton": the given names before it, never the first
        # word of a sentence or line (a capital there says nothing), a title or a place
        while True:
            m = re.search(r"(?<=[a-z,;:] )([A-Z][a-z]+)\s$", text[max(0, start - 30):start])
            if not m or _title_like(m.group(1)) or _major_place(m.group(1)) or m.group(1).lower() in _MINOR_WORDS:
                break
            start -= len(m.group(0))
            words = text[start:end].split()
    tail = _HYPHEN_TAIL.match(text, end)
    if tail and entity_type in ("PLACE", "PERSON", "ORG") and "." not in span:
        end = tail.end()
        span = text[start:end]
    if entity_type == "PLACE":
        m = _COMPASS.match(span)
        if m and not _known_place(span) and _known_place(span[m.end():]):
            start += m.end()
    if entity_type in ("PERSON", "ORG") and _PLACE_OF.search(text[max(0, start - 30):start]) and len(words) <= 3:
        return [(start, end, "PLACE")]
    if entity_type == "ORG":
        last = words[-1].lower().rstrip(".,") if words else ""
        if last in _NOT_ORG_HEADS:
            return []
        if len(words) == 1 and last in ORG_HEADS:
            return []
    return [(start, end, entity_type)]


# --- organisations -----------------------------------------------------------------------------


def normalize_org(surface: str) -> str | None:
    value = _squash(surface)
    value = _LEADING_ARTICLE.sub("", value)
    value = _POSSESSIVE.sub("", value).strip()
    if len(value) < 2 or not any(ch.isalpha() for ch in value):
        return None
    return value


# --- places ------------------------------------------------------------------------------------

_PLACE_PREFIX = re.compile(r"^(?:City|Town|Municipality|Village|Province|State|Republic) of\s+", re.I)
_PLACE_SUFFIX = re.compile(r"\s+(?:Province|Autonomous Region|Region|District|State|Prefecture|City)$")


def _major_place(value: str) -> bool:
    """A country, a first-level subdivision or a city of 250,000 people or more."""
    return any(p.kind != "city" or p.population >= 250_000 for p in place_candidates(_squash(value)))


def _known_place(value: str) -> bool:
    return is_known_place(_squash(value))


def normalize_place(surface: str) -> tuple[str, str | None] | None:
    """``(canonical name, ISO 3166-1 alpha-2 country or None)`` for a place name.

    Without context the largest place of that name wins; ``extractors.resolve.aliases`` re-decides ambiguous
    names ("Victoria", "Richmond") by the evidence of the document.
    """
    value = _LEADING_ARTICLE.sub("", _squash(surface))
    if not _known_place(value):
        value = _POSSESSIVE.sub("", value).strip()
    if len(value) < 2 or not value[0].isalpha() or not value[0].isupper():
        return None
    candidates = place_candidates(value)
    for pattern in (_PLACE_PREFIX, _PLACE_SUFFIX):
        bare = pattern.sub("", value)
        if not candidates and bare != value and len(bare) > 2:
            candidates = place_candidates(bare)
    if not candidates:
        return value, None
    best = candidates[0] if candidates[0].kind in ("country", "continent") else choose_country(candidates, ())
    if best.kind == "subdivision" and "." in value:
        return value, None  # an abbreviation is only resolved with the document's context
    return best.name, best.country


# --- dates -------------------------------------------------------------------------------------

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
    "nov": 11, "dec": 12,
}
_MONTH = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_MONTH_RE = re.compile(rf"\b{_MONTH}(?![a-z])", re.IGNORECASE)
_YEAR_RE = re.compile(r"(?<![\d])(1[5-9]\d\d|20\d\d|21\d\d)(?![\d])(?!s)")
_NUMERIC_DATE_RE = re.compile(r"\b\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\b")
_DECADE_RE = re.compile(r"\d0['’]?s\b")
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


def _year_for(month: int, day: int, reference: dt.date) -> int | None:
    """The year of a year-less date: the reference's, or the next one in which the day exists."""
    for year in range(reference.year, reference.year + 8):
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
        if year is None:
            if reference is None:
                return None
            year = _year_for(month, day or 1, reference)
            if year is None:
                return None
        if not 1000 <= year <= 2199 or (month is not None and not 1 <= month <= 12):
            return None
        if day is not None:
            try:
                return dt.date(year, month, day).isoformat(), "day"
            except ValueError:
                return None
        if month is not None:
            return f"{year:04d}-{month:02d}", "month"
        return f"{year:04d}", "year"
    return False


@functools.lru_cache(maxsize=64)
def _date_parser(reference: dt.date | None):
    from dateparser.date import DateDataParser

    settings = {"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False}
    if reference is not None:
        settings["RELATIVE_BASE"] = dt.datetime(reference.year, reference.month, reference.day)
    return DateDataParser(languages=["en"], settings=settings)


@functools.lru_cache(maxsize=8192)
def normalize_date(surface: str, *, reference: dt.date | None = None) -> tuple[str, str] | None:
    """``(iso, precision)`` for a phrase naming a calendar date, truncated to what it states.

    Returns ``None`` for phrases that name no calendar date ("recent years", "a decade", "the 1990s",
    "this year"), for dates relative to another date of the text ("the next January") and for
    year-less dates when no reference date is known to supply the year. Common written forms are read
    by a fast path; dateparser reads the rest.
    """
    value = _squash(surface).strip(" .,;:")
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
        stripped = stripped[m.end():]
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
        if period == "month" or (has_month and not re.search(r"\d", _MONTH_RE.sub("", candidate).replace(str(date.year), ""))):
            return f"{date.year:04d}-{date.month:02d}", "month"
        if period in ("day", "week", "time"):
            return date.isoformat(), "day"
    if has_year:
        year = _YEAR_RE.search(value).group(1)
        return year, "year"
    return None


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
    """Repair spans and give each mention its canonical name and attributes; drop unusable ones.

    A model span may become several mentions (a credit "Photographer/Agency") or none (a quoted book
    title, a section heading, a headline fragment). Each keeps ``text == page.text[start:end]``.
    """
    mentions = list(mentions)
    reference, reference_source = document_reference_date(published, mentions)
    surfaces = Counter(" ".join(m.text.split()) for m in mentions if m.source == "ner")
    out: list[Mention] = []
    seen: set[tuple[int, int, int]] = set()
    for mention in mentions:
        page = pages[mention.page]
        text = page.text
        if mention.source == "ner":
            spans = []
            titled = None
            if mention.type in ("ORG", "PERSON"):
                titled = split_titled_place(text, mention.start, mention.end)
            for start, end, entity_type in titled or split_compound(
                text, mention.start, mention.end, mention.type
            ):
                span = repair_span(text, start, end, entity_type=entity_type)
                if span is not None:
                    for part in refine_span(text, *span, entity_type):
                        repaired = repair_span(text, part[0], part[1], entity_type=part[2])
                        if repaired is not None:
                            spans.append((*repaired, part[2]))
        else:
            spans = [(mention.start, mention.end, mention.type)]
        for start, end, entity_type in spans:
            if (mention.page, start, end) in seen:
                continue
            if mention.source == "ner" and entity_type in ("PERSON", "ORG") and _dropped_by_layout(
                text, start, end, surfaces
            ):
                continue
            surface = text[start:end]
            name, attributes = _normalize(
                entity_type, surface, reference=reference, reference_source=reference_source,
                phone_region=phone_region,
            )
            if not name:
                continue
            if entity_type == "PERSON":
                extra = titles_before(text, start)
                if extra:
                    attributes["titles"] = sorted(set(attributes.get("titles", [])) | set(extra))
            seen.add((mention.page, start, end))
            out.append(
                dataclasses.replace(
                    mention, start=start, end=end, text=surface, type=entity_type, name=name,
                    attributes=attributes,
                )
            )
    return out


def is_caps_headline(text: str, start: int, end: int) -> bool:
    """Whether a span lies on an ALL-CAPS line of three or more words that is no byline."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start:(len(text) if line_end < 0 else line_end)]
    words = _TITLE_LINE_WORDS.findall(line)
    return len(words) >= 3 and line.isupper() and not re.search(r"\bBY\b", line)


def _dropped_by_layout(text: str, start: int, end: int, surfaces: Counter) -> bool:
    """Quoted titles of works, section headings and headline fragments name no person or organisation.

    On an ALL-CAPS headline a name the text never writes again in ordinary case is a fragment
    ("DATA TRANSFERS"); a short acronym ("EU") stays.
    """
    if is_quoted_title(text, start, end):
        return True
    surface = " ".join(text[start:end].split())
    if is_caps_headline(text, start, end) and len(surface) > 3:
        pattern = r"\b" + r"\s+".join(re.escape(w) for w in surface.split()) + r"\b"
        if not any(m.group(0) != text[start:end] for m in re.finditer(pattern, text, re.I)):
            return True
    if is_heading_line(text, start, end) and surfaces[surface] <= 1:
        return True
    return len(surface.split()) >= 4 and is_title_case_line(text, start, end) and surfaces[surface] <= 2


def _normalize(
    entity_type: str, surface: str, *, reference: dt.date | None, reference_source: str | None,
    phone_region: str,
) -> tuple[str | None, dict]:
    name: str | None = None
    attributes: dict = {}
    if entity_type == "PERSON":
        person = normalize_person(surface)
        if person:
            name, titles = person
            if titles:
                attributes["titles"] = titles
    elif entity_type == "ORG":
        name = normalize_org(surface)
    elif entity_type == "PLACE":
        place = normalize_place(surface)
        if place:
            name, country = place
            if country:
                attributes["country"] = country
    elif entity_type == "DATE":
        date = normalize_date(surface, reference=reference)
        if date:
            name, precision = date
            attributes = {"iso": name, "precision": precision}
            if not _YEAR_RE.search(surface) and reference_source:
                attributes["year_from"] = reference_source
    elif entity_type == "EMAIL":
        name = normalize_email(surface)
    elif entity_type == "PHONE":
        name = normalize_phone(surface, region=phone_region)
    elif entity_type == "URL":
        name = normalize_url(surface)
    return name, attributes
