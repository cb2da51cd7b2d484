"""In-document resolution: one document's normalised mentions in, the same mentions with consistent
types and canonical names out.

Runs after ``extractors.normalize.mentions`` and before cross-document resolution, on one document at a time:

1. Acronyms: "Long Name (ACR)" defines ACR in the text; a mention of ACR then takes the long name
   (and both get ``attributes.acronym``). An acronym that is never defined joins an organisation of
   the document whose initials it spells.
2. Short names: a one-word PERSON, ORG or PLACE mention that is a word of exactly one full PERSON name
   of the document ("Pompeo", "Mr. Gui", "Nenshi" tagged ORG) becomes that person; a one-word ORG
   that is a word of one longer ORG name ("the Globe") becomes that organisation.
3. Label consistency: a name tagged with several types takes the type most of its mentions have; a
   tie goes to PLACE when the gazetteer knows the name. A place whose last word is an organisation
   head noun ("Chinese Embassy") is an ORG.
4. Places: an ambiguous place name takes the country the document's context supports: a country or
   province written right after it ("Victoria, B.C."), places of known country near it, then the
   document's countries as a whole.

Only the document's own evidence is used; nothing is looked up in lists of names.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from extractors.normalize.gazetteer import Place, choose_country, place_candidates
from extractors.normalize.orgs import ORG_HEADS, normalize_org
from extractors.records import Mention, Page

_STOPWORDS = {"of", "for", "and", "the", "on", "in", "with", "to", "at", "de", "du", "des", "la", "le", "&"}
_DEFINITION = re.compile(
    r"((?:[A-Z][\w’'.-]*|of|for|and|the|on|in|with|to|at|&)(?:[ \t]+(?:[A-Z][\w’'.-]*|of|for|and|the|on|in|with|to|at|&)){1,12})"
    r"[ \t]*\(([A-Z][A-Za-z&.]{1,9})\)"
)


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w.lower() not in _STOPWORDS and w[:1].isupper())


def _acronym_letters(acronym: str) -> str:
    return "".join(ch for ch in acronym if ch.isupper())


def find_acronym_definitions(text: str) -> dict[str, str]:
    """ACR -> long name for every "Long Name (ACR)" whose capitalised words spell ACR."""
    found: dict[str, str] = {}
    for m in _DEFINITION.finditer(text):
        words, acronym = m.group(1).split(), m.group(2)
        letters = _acronym_letters(acronym)
        if len(letters) < 2:
            continue
        # the shortest tail of the phrase whose initials spell the acronym
        for i in range(len(words) - 1, -1, -1):
            if words[i].lower() in _STOPWORDS:
                continue
            if _initials(words[i:]) == letters:
                long_name = normalize_org(" ".join(words[i:]))
                if long_name:
                    found.setdefault(acronym, long_name)
                break
    return found


def _replace(mention: Mention, **changes) -> Mention:
    return dataclasses.replace(mention, **changes)


def _apply_acronyms(mentions: list[Mention], definitions: dict[str, str]) -> list[Mention]:
    orgs = {m.name for m in mentions if m.type == "ORG" and m.name and len(m.name.split()) > 1}
    by_spelling: dict[str, set[str]] = defaultdict(set)
    for name in orgs:
        by_spelling[_initials(name.split())].add(name)
    long_to_acronym = {v.casefold(): k for k, v in definitions.items()}
    out = []
    for m in mentions:
        if m.type in ("ORG", "PLACE", "PERSON") and m.name in definitions and m.name.isupper():
            m = _replace(m, type="ORG", name=definitions[m.name], attributes={**m.attributes, "acronym": m.name})
            m.attributes.pop("country", None)
        elif m.type == "ORG" and m.name and m.name.casefold() in long_to_acronym:
            m = _replace(m, attributes={**m.attributes, "acronym": long_to_acronym[m.name.casefold()]})
        elif m.type == "ORG" and m.name and m.name.isupper() and len(by_spelling.get(m.name, ())) == 1:
            (long_name,) = by_spelling[m.name]
            m = _replace(m, name=long_name, attributes={**m.attributes, "acronym": m.name})
        out.append(m)
    return out


def _apply_short_names(mentions: list[Mention]) -> list[Mention]:
    people = Counter(m.name for m in mentions if m.type == "PERSON" and m.name and len(m.name.split()) > 1)
    orgs = Counter(m.name for m in mentions if m.type == "ORG" and m.name and len(m.name.split()) > 1)
    out = []
    for m in mentions:
        if m.type in ("PERSON", "ORG", "PLACE") and m.name and len(m.name.split()) == 1:
            token = m.name
            last = [p for p in people if p.split()[-1] == token]
            anywhere = [p for p in people if token in p.split()]
            match = last if len(last) == 1 else (anywhere if not last and len(anywhere) == 1 else [])
            if match:
                attributes = {k: v for k, v in m.attributes.items() if k == "titles"}
                out.append(_replace(m, type="PERSON", name=match[0], attributes=attributes))
                continue
            if m.type == "ORG":
                containing = [o for o in orgs if token in o.split()]
                containing.sort(key=lambda o: -orgs[o])
                if len(containing) == 1 or (len(containing) > 1 and orgs[containing[0]] > orgs[containing[1]]):
                    out.append(_replace(m, name=containing[0]))
                    continue
        out.append(m)
    return out


def _apply_label_consistency(mentions: list[Mention]) -> list[Mention]:
    retyped = []
    for m in mentions:
        last = (m.name or "").split()[-1:] or [""]
        if m.type in ("PLACE", "PERSON") and len(m.name.split()) > 1 and last[0].lower() in ORG_HEADS:
            m = _replace(m, type="ORG", name=normalize_org(m.text) or m.name, attributes={})
        retyped.append(m)
    types: dict[str, Counter] = defaultdict(Counter)
    for m in retyped:
        if m.type in ("PERSON", "ORG", "PLACE"):
            types[m.name.casefold()][m.type] += 1
    out = []
    for m in retyped:
        votes = types.get((m.name or "").casefold())
        if votes and len(votes) > 1:
            ranked = votes.most_common()
            best = ranked[0][0]
            if ranked[0][1] == ranked[1][1]:
                if "PLACE" in votes and place_candidates(m.name):
                    best = "PLACE"
                else:
                    best = "ORG" if "ORG" in votes else m.type
            if best != m.type:
                attributes = {}
                if best == "PLACE":
                    candidates = place_candidates(m.name)
                    if candidates and candidates[0].country:
                        attributes["country"] = candidates[0].country
                m = _replace(m, type=best, attributes=attributes)
        out.append(m)
    return out


_AFTER_PLACE = re.compile(r"^,\s*((?:[A-Z][\w.'’]*\.?)(?:\s+[A-Z][\w.'’]*){0,3})")


def _context_evidence(mention: Mention, text: str, places: list[tuple[Mention, Place]]) -> list[tuple[str, float]]:
    evidence: list[tuple[str, float]] = []
    m = _AFTER_PLACE.match(text[mention.end : mention.end + 40])
    if m:
        qualifier = m.group(1)
        for candidate in place_candidates(qualifier):
            if candidate.country and candidate.kind in ("country", "subdivision"):
                evidence.append((candidate.country, 10.0))
    for other, place in places:
        if other is mention or other.page != mention.page or not place.country:
            continue
        distance = abs(other.start - mention.start)
        if distance <= 250:
            evidence.append((place.country, 1.0))
        evidence.append((place.country, 0.1))
    return evidence


def _apply_place_context(mentions: list[Mention], pages: dict[int, Page]) -> list[Mention]:
    # places whose name has one reading give the context for those with several
    settled: list[tuple[Mention, Place]] = []
    for m in mentions:
        if m.type != "PLACE":
            continue
        candidates = place_candidates(m.name)
        countries = {c.country for c in candidates}
        if len(countries) == 1 and candidates[0].country:
            settled.append((m, candidates[0]))
    # one sense per document: the evidence around every mention of a name is pooled
    evidence: dict[str, list[tuple[str, float]]] = defaultdict(list)
    ambiguous = {
        m.name
        for m in mentions
        if m.type == "PLACE" and ("." in m.name or len({c.country for c in place_candidates(m.name)}) > 1)
    }
    written = {m.name.casefold() for m in mentions if m.type == "PLACE" and m.name}
    for m in mentions:
        if m.type == "PLACE" and m.name in ambiguous:
            evidence[m.name].extend(_context_evidence(m, pages[m.page].text, settled))
            # "N.S." in a text that also writes "Nova Scotia": the document's own expansion
            evidence[m.name].extend(
                (c.country, 10.0)
                for c in place_candidates(m.name)
                if c.country and c.name.casefold() in written and c.name.casefold() != m.name.casefold()
            )
    chosen: dict[str, Place | None] = {}
    out = []
    for m in mentions:
        if m.type == "PLACE":
            if m.name not in chosen:
                candidates = place_candidates(m.name)
                chosen[m.name] = None
                if len({c.country for c in candidates}) > 1 or (candidates and "." in m.name):
                    # an abbreviation needs near context to be read at all
                    if "." not in m.name or any(w >= 1 for _, w in evidence[m.name]):
                        chosen[m.name] = choose_country(candidates, evidence[m.name])
            best = chosen[m.name]
            if best is not None:
                m = _replace(m, name=best.name, attributes={**m.attributes, "country": best.country})
        out.append(m)
    return out


_LOCATIVE = re.compile(r"\b(?:in|to|from|at|near|for|across|outside|via|into|toward|towards)\s+$", re.I)


_COORDINATED = re.compile(r"(?:,|\s+and|\s+or)\s+$")


def _apply_locatives(mentions: list[Mention], pages: dict[int, Page]) -> list[Mention]:
    """A one-word PERSON or ORG that the gazetteer knows is a PLACE when it follows a locative
    preposition ("travel to Copenhagen") or is coordinated with a place ("Bologna and Ravenna")."""
    place_ends = {(m.page, m.end) for m in mentions if m.type == "PLACE"}
    out = []
    for m in mentions:
        if m.type in ("PERSON", "ORG") and m.name and len(m.name.split()) == 1 and not m.name.isupper():
            text = pages[m.page].text
            before = text[max(0, m.start - 12) : m.start]
            coordinated = _COORDINATED.search(before)
            after_place = coordinated is not None and (m.page, m.start - len(coordinated.group(0))) in place_ends
            candidates = place_candidates(m.name) if _LOCATIVE.search(before) or after_place else []
            if candidates:
                m = _replace(
                    m,
                    type="PLACE",
                    name=candidates[0].name,
                    attributes={"country": candidates[0].country} if candidates[0].country else {},
                )
        out.append(m)
    return out


def resolve_document(mentions: Iterable[Mention], pages: dict[int, Page]) -> list[Mention]:
    """One document's normalised mentions with in-document aliases joined and types made consistent."""
    mentions = list(mentions)
    definitions: dict[str, str] = {}
    for page in pages.values():
        for acronym, long_name in find_acronym_definitions(page.text).items():
            definitions.setdefault(acronym, long_name)
    mentions = _apply_acronyms(mentions, definitions)
    mentions = _apply_locatives(mentions, pages)
    mentions = _apply_label_consistency(mentions)
    mentions = _apply_short_names(mentions)
    mentions = _apply_label_consistency(mentions)
    mentions = _apply_place_context(mentions, pages)
    return mentions


__all__ = ["find_acronym_definitions", "resolve_document"]
