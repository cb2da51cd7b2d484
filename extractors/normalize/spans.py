"""Span repair: a model's span of a page's text in, the spans of the mentions it really holds out.

A span is moved, never its page text, so a mention's ``text`` always equals ``page.text[start:end]``.
Three steps, applied in this order by ``extractors.normalize.mentions``:

- ``split_titled_place`` / ``split_compound``: one span as several typed spans: its first line only,
  credits written "Photographer/Agency" cut at the slashes, an acronym fused to a name cut off,
  "Mayor of Calgary Naheed Nenshi" read as one ORG cut into the place and the person.
- ``repair_span``: trimmed to the name it holds (punctuation, a leading article, a possessive).
- ``refine_span``: general shapes of names (a possessor, a title or occupation before a name, a place
  the model cut short); an ORG that is a plan or a law, or a generic head noun alone, gives no span.

Each returns ``(start, end)`` or ``(start, end, type)`` offsets into the page text.
"""

from __future__ import annotations

import re

from extractors.normalize.gazetteer import place_candidates
from extractors.normalize.layout import _MINOR_WORDS
from extractors.normalize.orgs import _NOT_ORG_HEADS, ORG_HEADS
from extractors.normalize.people import _SUFFIXES, _TITLED_PLACE_WORDS, TITLES, _title_like
from extractors.normalize.places import _known_place, _major_place
from extractors.normalize.surface import _LEADING_ARTICLE, _POSSESSIVE, _squash

_EDGE_PUNCT = "\xa0 \t\r\n,;:!?\"'“”‘’()[]{}<>*•·|/\\-–—_=+#"
_CAP_WORD = re.compile(r"^[A-Z][\w'’.-]*$")
_ACRONYM_WORD = re.compile(r"^[A-Z][A-Z&]{1,5}$")
_NAME_PARTICLE = re.compile(r"^[A-Z][a-z]?['’][A-Z][\w-]+")  # O'Keefe, D'Arcy

_COMPASS = re.compile(
    r"(?i)^(?:Northern|Southern|Eastern|Western|Central|North-?[Ee]astern|North-?[Ww]estern|South-?[Ee]astern"
    r"|South-?[Ww]estern|Northeastern|Northwestern|Southeastern|Southwestern)\s+"
)
_PLACE_OF = re.compile(
    r"\b(?:town|city|village|hamlet|province|state|region|county|district|municipality|island|port|capital)"
    r"\s+of\s+$",
    re.I,
)
_INNER_POSSESSIVE = re.compile(r"['’]s\s+(?=[A-Z])")
_HYPHEN_TAIL = re.compile(r"-[A-Z][a-z]+(?:-[A-Z][a-z]+)*")
_CAP_RUN_WORD = re.compile(r"\s?[A-Z][\w'’.-]*")

#: a last word that ends in its only dot and is no longer than this is an abbreviation whose dot
#: belongs to the name ("Inc.", "Jr.", "St."); a longer one ends a sentence
_ABBREVIATION_MAX_LENGTH = 4
#: characters read before a span for the words that introduce it ("Mayor of", "the town of", a given
#: name): a few words, not the sentence before
_CONTEXT_BEFORE = 30
#: a part of a credit with more words than this is no person's name (a caption fragment)
_CREDIT_NAME_MAX_WORDS = 4
#: a later line of a span keeps the span's type only as a name of at least this many capitalised
#: words; one capitalised word on a line of its own says nothing
_LATER_LINE_MIN_WORDS = 2
#: an acronym is cut off the end of a PERSON span only after a given name and a surname; in a span
#: of two words the capitals may be the surname itself ("Julia ROSS")
_ACRONYM_TAIL_MIN_WORDS = 3
#: characters read after a one-word PERSON span for a surname with a particle ("O'Keefe")
_PARTICLE_LOOKAHEAD = 40
#: the person after a titled place ("Mayor of Calgary Naheed Nenshi") has a full name: two words or more
_TITLED_PERSON_MIN_WORDS = 2
#: a title or occupation and a name of two or three words ("Lawyer Carolina Huanca"); a longer span
#: is more likely an organisation's own name
_TITLED_NAME_MIN_WORDS, _TITLED_NAME_MAX_WORDS = 3, 4
#: a PERSON or ORG span of at most this many words may be the start of a place name the model cut
#: ("Nova" of "Nova Scotia"); the capitalised words after it are tried, up to _CUT_PLACE_MORE_WORDS
_CUT_PLACE_MAX_WORDS = 2
_CUT_PLACE_MORE_WORDS = 2
#: after "town of", "city of" ... a PERSON or ORG span of at most this many words is the place's name
_PLACE_OF_MAX_WORDS = 3


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
            if len(last_word) > _ABBREVIATION_MAX_LENGTH and last_word.count(".") == 1:
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


def credit_type(part: str) -> str | None:
    """The type of one part of a photo credit or byline ("Adrian Wyld", "AFP", "Getty Images")."""
    words = part.split()
    if not words or not all(_CAP_WORD.match(w) for w in words):
        return None
    if words[0] in ("The", "THE") or words[-1].lower().rstrip(".") in ORG_HEADS:
        return "ORG"
    if len(words) == 1:
        return "ORG" if _ACRONYM_WORD.match(words[0]) else None
    if any(_ACRONYM_WORD.match(w) for w in words) or len(words) > _CREDIT_NAME_MAX_WORDS:
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
                len(value.split()) >= _LATER_LINE_MIN_WORDS
                and all(_CAP_WORD.match(w) or w in _MINOR_WORDS for w in value.split())
                and text[e : e + 1] not in ("\n", "")  # a whole short line is a heading or a footer
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
    if (
        len(words) >= _ACRONYM_TAIL_MIN_WORDS
        and _ACRONYM_WORD.match(words[-1])
        and words[-1].rstrip(".").lower() not in _SUFFIXES
    ):
        cut = text.rindex(words[-1], start, end)
        head_end = cut
        while head_end > start and text[head_end - 1].isspace():
            head_end -= 1
        return [(start, head_end, "PERSON"), (cut, end, "ORG")]
    # a surname with a particle the model cut at its apostrophe ("Dennis" of "Dennis O'Keefe")
    following = text[end : end + _PARTICLE_LOOKAHEAD]
    m = _NAME_PARTICLE.match(following.lstrip(" ")) if following.startswith(" ") else None
    if m and len(words) == 1:
        return [(start, end + 1 + m.end(), "PERSON")]
    return [(start, end, entity_type)]


def split_titled_place(text: str, start: int, end: int) -> list[tuple[int, int, str]] | None:
    """ "Mayor of Calgary Naheed Nenshi" read as one ORG: the place and the person it holds."""
    before = text[max(0, start - _CONTEXT_BEFORE) : start].split()
    if len(before) < 2 or before[-1].lower() != "of" or before[-2].strip(",").lower() not in TITLES:
        return None
    words = text[start:end].split()
    for cut in _TITLED_PLACE_WORDS:
        if len(words) - cut >= _TITLED_PERSON_MIN_WORDS and _known_place(" ".join(words[:cut])):
            head = " ".join(words[:cut])
            head_end = start + text[start:end].index(head) + len(head)
            rest = text.index(words[cut], head_end, end)
            if all(_CAP_WORD.match(w) for w in words[cut:]):
                return [(start, head_end, "PLACE"), (rest, end, "PERSON")]
    return None


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
    if m and entity_type in ("ORG", "PLACE") and m.start() > 0 and _known_place(span[: m.start()]):
        head_end, rest = start + m.start(), start + m.end()
        return [(start, head_end, "PLACE")] + refine_span(text, rest, end, entity_type)
    words = span.split()
    if (
        entity_type in ("PERSON", "ORG")
        and _TITLED_NAME_MIN_WORDS <= len(words) <= _TITLED_NAME_MAX_WORDS
        and _title_like(words[0])
        and all(_CAP_WORD.match(w) for w in words[1:])
        and words[-1].lower().rstrip(".") not in ORG_HEADS | _NOT_ORG_HEADS
    ):
        rest = start + span.index(words[1], len(words[0]))
        return refine_span(text, rest, end, "PERSON")
    if entity_type in ("PERSON", "ORG") and len(words) <= _CUT_PLACE_MAX_WORDS:
        # the capitalised run from the span's start, up to three words: a place the model cut
        run_end = end
        for _ in range(_CUT_PLACE_MORE_WORDS):
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
            m = re.search(r"(?<=[a-z,;:] )([A-Z][a-z]+)\s$", text[max(0, start - _CONTEXT_BEFORE) : start])
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
        if m and not _known_place(span) and _known_place(span[m.end() :]):
            start += m.end()
    if (
        entity_type in ("PERSON", "ORG")
        and _PLACE_OF.search(text[max(0, start - _CONTEXT_BEFORE) : start])
        and len(words) <= _PLACE_OF_MAX_WORDS
    ):
        return [(start, end, "PLACE")]
    if entity_type == "ORG":
        last = words[-1].lower().rstrip(".,") if words else ""
        if last in _NOT_ORG_HEADS:
            return []
        if len(words) == 1 and last in ORG_HEADS:
            return []
    return [(start, end, entity_type)]
