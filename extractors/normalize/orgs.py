"""Organisations: an ORG mention's surface in, its canonical name (or ``None``) out, and the words that
say whether a name is an organisation's.

``ORG_HEADS`` are the head nouns of organisation names ("Agency", "University", "Times"): a name ending
in one is an organisation whatever the model said (used by span refinement and by
``extractors.resolve.aliases``). ``_NOT_ORG_HEADS`` end names of things that are no organisation
(plans, laws, programmes). Both are word lists in ``data/``.
"""

from __future__ import annotations

from extractors.normalize.surface import _LEADING_ARTICLE, _POSSESSIVE, _squash
from extractors.normalize.wordlists import word_list

#: Head nouns of organisation names, in any language's English news: a name ending in one of these is
#: an organisation whatever the model said. Generic words, not names.
ORG_HEADS = word_list("org_heads")
#: Capitalised last words of things that are no organisation: programmes, laws, policies, plans.
_NOT_ORG_HEADS = word_list("not_org_heads")


def normalize_org(surface: str) -> str | None:
    value = _squash(surface)
    value = _LEADING_ARTICLE.sub("", value)
    value = _POSSESSIVE.sub("", value).strip()
    if len(value) < 2 or not any(ch.isalpha() for ch in value):
        return None
    return value
