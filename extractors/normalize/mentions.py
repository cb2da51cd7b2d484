"""Normalisation: raw mentions in, mentions with repaired spans, canonical names and attributes out.

The stage's entry point, ``normalize_mentions``: each model span is split, repaired and refined
(``extractors.normalize.spans``), spans the layout says name nobody are dropped
(``extractors.normalize.layout``), and each mention gets the canonical name and attributes of its type
from small typed functions, one per entity type (``people``, ``orgs``, ``places``, ``dates``,
``contacts``), each returning ``None`` for input it cannot use (the mention is then dropped). Span
repair moves a mention's offsets (never its page text), so a mention's ``text`` always equals
``page.text[start:end]``. Dates and places are read in the mention's language: its own ``language``
when it has one, else its page's (``pages.language``), else the document's.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from extractors.normalize.contacts import normalize_email, normalize_phone, normalize_url
from extractors.normalize.dates import _YEAR_RE, document_reference_date, normalize_date
from extractors.normalize.layout import _dropped_by_layout
from extractors.normalize.orgs import normalize_org
from extractors.normalize.people import normalize_person, titles_before
from extractors.normalize.places import normalize_place
from extractors.normalize.spans import refine_span, repair_span, split_compound, split_titled_place
from extractors.records import Mention, Page


def normalize_mentions(
    mentions: Iterable[Mention],
    pages: dict[int, Page],
    *,
    published: str | None = None,
    phone_region: str = "US",
    language: str | None = None,
) -> list[Mention]:
    """Repair spans and give each mention its canonical name and attributes; drop unusable ones.

    A model span may become several mentions (a credit "Photographer/Agency") or none (a quoted book
    title, a section heading, a headline fragment). Each keeps ``text == page.text[start:end]``.
    ``language`` is the document's (ISO 639-1), for pages whose own language is not known.
    """
    mentions = list(mentions)
    reference, reference_source = document_reference_date(published, mentions, language=language)
    surfaces = Counter(" ".join(m.text.split()) for m in mentions if m.source == "ner")
    out: list[Mention] = []
    seen: set[tuple[int, int, int]] = set()
    for mention in mentions:
        page = pages[mention.page]
        text = page.text
        if mention.source == "ner" and mention.language not in (None, "en"):
            # a model of another language (extractors.mentions.languages tidied its spans): only the
            # general repairs, not the English rules of refine_span ("Scholars Clive Hamilton")
            span = repair_span(text, mention.start, mention.end, entity_type=mention.type)
            spans = [(*span, mention.type)] if span is not None else []
        elif mention.source == "ner":
            spans = []
            titled = None
            if mention.type in ("ORG", "PERSON"):
                titled = split_titled_place(text, mention.start, mention.end)
            for start, end, entity_type in titled or split_compound(text, mention.start, mention.end, mention.type):
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
            if (
                mention.source == "ner"
                and entity_type in ("PERSON", "ORG")
                and _dropped_by_layout(text, start, end, surfaces)
            ):
                continue
            surface = text[start:end]
            name, attributes = _normalize(
                entity_type,
                surface,
                reference=reference,
                reference_source=reference_source,
                phone_region=phone_region,
                language=getattr(mention, "language", None) or page.language or language,
            )
            if not name:
                continue
            if entity_type == "PERSON":
                extra = titles_before(text, start)
                if extra:
                    attributes["titles"] = sorted(set(attributes.get("titles", [])) | set(extra))
            seen.add((mention.page, start, end))
            out.append(
                Mention.on_page(
                    page,
                    start,
                    end,
                    type=entity_type,
                    source=mention.source,
                    label=mention.label,
                    name=name,
                    attributes=attributes,
                    language=mention.language,
                )
            )
    return out


def _normalize(
    entity_type: str,
    surface: str,
    *,
    reference: dt.date | None,
    reference_source: str | None,
    phone_region: str,
    language: str | None = None,
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
        place = normalize_place(surface, language=language) or _uncased_place(surface)
        if place:
            name, country = place
            if country:
                attributes["country"] = country
    elif entity_type == "DATE":
        date = normalize_date(surface, reference=reference, language=language)
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


def _uncased_place(surface: str) -> tuple[str, None] | None:
    """A place name in a script without case (上海, 海淀区), which ``normalize_place`` cannot tell by its
    capital: kept as written, country unknown."""
    value = " ".join(surface.split())
    if len(value) >= 2 and value[0].isalpha() and value[0].lower() == value[0].upper():
        return value, None
    return None
