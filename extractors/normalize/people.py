"""People: a PERSON mention's surface in, ``(name, titles)`` out; titles written before a name.

``normalize_person`` moves titles and honorifics out of a name ("former Ambassador Jane Roe" ->
``("Jane Roe", ["Former Ambassador"])``), drops generational and degree suffixes and returns ``None``
for a surface that cannot be a person's name (digits, "@", "/", no capital). ``titles_before`` reads
the titles written just before a name in the page text. The words (titles, modifiers, prefixes,
suffixes, occupations) are word lists in ``data/``.

Names in caseless scripts (Chinese, Japanese, Korean) are kept as written: no casing test, no
re-casing, the middle dot of a transliterated name kept (纳希德·年希; its look-alikes ・ • ‧ written
as ·), spaces OCR put between characters dropped; Chinese titles (``data/titles_zh.txt``) before or
after the name (副市长纳希德·年希, 王主任) move to "titles".
"""

from __future__ import annotations

import re

from extractors.normalize.gazetteer import script_of
from extractors.normalize.surface import _squash
from extractors.normalize.wordlists import word_list, word_map

#: lower-case title or honorific (no dots, no hyphens) -> the canonical title kept in "titles"
TITLES = word_map("titles")
#: words that qualify the title after them ("former", "acting") and become part of it
_TITLE_MODIFIERS = word_list("title_modifiers")
# words that make one title with the title after them ("Deputy Mayor", "Vice President")
_TITLE_PREFIXES = word_list("title_prefixes")
_SUFFIXES = word_list("name_suffixes")
#: Occupations written before a name like a title ("Lawyer Carolina Huanca", "Scholars Clive Hamilton").
_OCCUPATIONS = word_list("occupations")

#: an ALL-CAPS name longer than this is re-cased ("HELEN BRANDT" -> "Helen Brandt"); up to three
#: characters it is initials or an acronym ("JFK") and keeps its case
_MAX_UNCASED_NAME = 3
#: titles are looked for in this many words before a name: the longest form read is a title held for
#: a place of two words ("Premier of Nova Scotia Tim Houston")
_TITLE_WORDS_BEFORE = 4
#: how many words the place a title is held for may have ("Mayor of Calgary", "Premier of Nova Scotia")
_TITLED_PLACE_WORDS = (1, 2)


#: Chinese titles, longest first so that 副市长 is read before 市长
_TITLES_ZH = tuple(sorted(word_list("titles_zh"), key=len, reverse=True))
#: words before a Chinese title that belong to it: deputy, former, acting, honorary, standing
_TITLE_QUALIFIERS_ZH = ("副", "前", "代", "名誉", "常务", "执行")
_CASELESS = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_MIDDLE_DOTS = re.compile(r"[・•‧∙⋅]")
_CJK_SPACE = re.compile(r"(?<=[\u3400-\u9fff·])\s+(?=[\u3400-\u9fff·])")
#: a Chinese name has at least two characters: one is a bare surname (王) or a title alone
_MIN_CJK_NAME = 2


def _cjk_title_at(value: str, *, end: bool) -> str | None:
    """The title (with its qualifier) that ``value`` ends with (``end``) or starts with."""
    for title in _TITLES_ZH:
        if end and value.endswith(title):
            before = value[: -len(title)]
            qualifier = next((q for q in _TITLE_QUALIFIERS_ZH if before.endswith(q)), "")
            return qualifier + title
        if not end:
            qualifier = next((q for q in _TITLE_QUALIFIERS_ZH if value.startswith(q + title)), "")
            if value.startswith(qualifier + title):
                return qualifier + title
    return None


def _normalize_cjk_person(value: str) -> tuple[str, list[str]] | None:
    """A name in a caseless script as written, titles before and after it moved out."""
    value = _CJK_SPACE.sub("", _MIDDLE_DOTS.sub("·", value)).strip(" ·,，、：:")
    if any(ch.isdigit() for ch in value) or "@" in value or "/" in value:
        return None
    if value in _TITLES_ZH or _cjk_title_at(value, end=True) == value:
        return None  # a title alone (市长, 副市长) names nobody
    titles = []
    while (title := _cjk_title_at(value, end=False)) and len(value) - len(title) >= _MIN_CJK_NAME:
        titles.append(title)
        value = value[len(title) :]
    while (title := _cjk_title_at(value, end=True)) and len(value) - len(title) >= 1:
        titles.append(title)
        value = value[: -len(title)]
    if len(value) < _MIN_CJK_NAME and not titles:
        return None
    if not value:
        return None
    return value, sorted(set(titles))


#: a name with another form of it in brackets: "约翰·史密斯（John Smith）", "Иван Петров (Ivan Petrov)"
_BRACKETED = re.compile(r"^(?P<main>[^()（）]+?)\s*[（(](?P<other>[^()（）]+)[)）]$")


def other_script_form(surface: str) -> tuple[str, str | None]:
    """A name cell that gives the name in two scripts, the second in brackets, as ``(name, other form)``;
    any other value as ``(value, None)`` ("John Smith (Acme)" is one script: left as it is)."""
    match = _BRACKETED.match(" ".join(surface.split()))
    if match is None:
        return surface, None
    main, other = match["main"].strip(), match["other"].strip()
    scripts = script_of(main), script_of(other)
    return (main, other) if None not in scripts and scripts[0] != scripts[1] else (surface, None)


def normalize_person(surface: str) -> tuple[str, list[str]] | None:
    """``(name, titles)`` for a person's name as written, titles and honorifics moved out."""
    value = _squash(surface)
    if _CASELESS.search(value):
        return _normalize_cjk_person(value)
    if not value or any(ch.isdigit() for ch in value) or "@" in value or "/" in value:
        return None
    value = _family_last(value)
    words = value.replace(",", " ").split()
    if value.islower() and 2 <= len(words) <= 4:  # "henry feldman" in an author field or a table cell
        words = [w.capitalize() for w in words]
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
    if not name[0].isalpha() or not (name[0].isupper() or _uncased(name[0])):
        return None  # a script without case (王小明, 纳希德·年希) cannot be told by its capital
    if name.isupper() and len(name) > _MAX_UNCASED_NAME:
        name = " ".join(w.capitalize() for w in name.split())
    return name, sorted(set(titles))


def _family_last(value: str) -> str:
    """ "Allison, Timothy B." (family name first, as directories and Outlook write it) as "Timothy B.
    Allison"; anything else unchanged (a suffix after the comma, "Smith, Jr.", stays where it is)."""
    family, comma, given = value.partition(",")
    if not comma or "," in given:
        return value
    family_words, given_words = family.split(), given.split()
    if not (1 <= len(family_words) <= 2 and 1 <= len(given_words) <= 3):
        return value
    if given_words[0].rstrip(".").lower() in _SUFFIXES or any(w.rstrip(".").lower() in TITLES for w in family_words):
        return value
    if not all(w[:1].isupper() for w in family_words + given_words):
        return value
    return " ".join(given_words + family_words)


def titles_before(text: str, start: int) -> list[str]:
    """Titles written just before a name ("Mayor Marianne Alto", "then-Vancouver mayor Kennedy Stewart",
    "北京市副市长纳希德·年希")."""
    if start and _CASELESS.match(text, start - 1):
        title = _cjk_title_at(text[max(0, start - 8) : start], end=True)
        return [title] if title else []
    line_start = text.rfind("\n", 0, start) + 1
    words = text[line_start:start].split()[-_TITLE_WORDS_BEFORE:]
    titles: list[str] = []
    # "Mayor of Calgary Naheed Nenshi": the title is written before the place it holds
    for n in _TITLED_PLACE_WORDS:
        if len(words) >= n + 2 and words[-n - 1].lower() == "of" and all(w[:1].isupper() for w in words[-n:]):
            bare = words[-n - 2].strip(',;:()“”"').rstrip(".").lower()
            if bare in TITLES:
                return [TITLES[bare]]
    modifier = ""
    for word in reversed(words):
        bare = word.strip(',;:()“”"').rsplit("-", 1)[-1].rstrip(".").lower()
        if bare in TITLES:
            titles.append(TITLES[bare])
            modifier = word
            continue
        if titles and word.lower().split("-", 1)[0] in ("former", "acting", "interim") and word != modifier:
            titles[-1] = f"{word.split('-', 1)[0].capitalize()} {titles[-1]}"
        break
    return titles


def _title_like(word: str) -> bool:
    bare = word.strip(',;:()“”"').rstrip(".").lower().replace("-", "")
    return bare in TITLES or bare in _OCCUPATIONS


def _uncased(ch: str) -> bool:
    """A letter of a script without case (Chinese, Japanese, Arabic ...)."""
    return ch.isalpha() and ch.lower() == ch.upper()
