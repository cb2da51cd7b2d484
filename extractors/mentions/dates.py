"""Dates in languages whose NER model has no DATE label (French, Chinese, Russian, German, any other):
page text in, DATE spans out.

Regular expressions find the candidates a reader would call a calendar date: ``2019年11月21日`` (Arabic or
Chinese numerals, year, year-month or month-day), ``21 novembre 2019``, ``1er mai``, ``21 ноября 2019 года``,
``21. November 2019``, ``21 de noviembre de 2019``, a month and a year (``novembre 2019``, ``ноябрь 2019``),
and numeric forms (``2019-11-21``, ``21/11/2019``, ``21.11.2019``, ``2019/11/21``). A bare number is never a
date. Month names of the major European languages (and Indonesian) are known whatever the page's
language: they do not collide with each other next to a day or a year. Turning the span into an ISO value
is normalisation's job (``extractors/normalize/``), which reads it in the mention's language.
"""

from __future__ import annotations

import re

_MONTHS = (
    # French
    "janvier février fevrier mars avril mai juin juillet août aout septembre octobre novembre décembre decembre "
    # German
    "januar jänner februar märz maerz april mai juni juli august september oktober november dezember "
    # Spanish, Portuguese, Italian
    "enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre "
    "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro "
    "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre "
    # Dutch, Indonesian
    "januari februari maart april mei juni juli augustus september oktober november december "
    "januari februari maret april mei juni juli agustus september oktober november desember "
    # Russian: genitive (21 ноября), nominative (ноябрь 2019), prepositional (в ноябре 2019)
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря "
    "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь "
    "январе феврале марте апреле мае июне июле августе сентябре октябре ноябре декабре"
)
_MONTH = "(?:" + "|".join(sorted({re.escape(m) for m in _MONTHS.split()}, key=len, reverse=True)) + ")"
_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
_DAY = r"(?:1er|[12]\d|3[01]|0?[1-9])"
_YEAR_TAIL = r"(?:\s+(?:года|год|г\.))?"
_ZH_NUM = "〇零一二三四五六七八九十"

_PATTERNS = [
    # 21 novembre 2019, 1er mai, 21. November 2019, 21 de noviembre de 2019, 21 ноября 2019 года
    re.compile(
        rf"(?<![\w.]){_DAY}\.?\s+(?:de\s+)?{_MONTH}\b(?:\.?,?\s+(?:de\s+)?{_YEAR}\b{_YEAR_TAIL})?",
        re.IGNORECASE,
    ),
    # novembre 2019, ноябрь 2019, November 2019
    re.compile(rf"(?<!\w){_MONTH}\.?,?\s+(?:de\s+)?{_YEAR}\b{_YEAR_TAIL}", re.IGNORECASE),
    # 2019年11月21日, 二〇一九年十一月, 2019年
    re.compile(
        rf"(?:\d{{4}}|[{_ZH_NUM}]{{4}})\s*年(?:\s*(?:\d{{1,2}}|[{_ZH_NUM}]{{1,3}})\s*月"
        rf"(?:\s*(?:\d{{1,2}}|[{_ZH_NUM}]{{1,3}})\s*[日号])?)?"
    ),
    # 11月21日 (the year is the document's)
    re.compile(
        rf"(?<![\d{_ZH_NUM}年])(?:\d{{1,2}}|[{_ZH_NUM}]{{1,3}})\s*月\s*(?:\d{{1,2}}|[{_ZH_NUM}]{{1,3}})\s*[日号]"
    ),
    # 2019-11-21, 2019/11/21
    re.compile(rf"(?<![\d./-]){_YEAR}([-/])(?:1[0-2]|0?[1-9])\1(?:[12]\d|3[01]|0?[1-9])(?![\d./-]*\d)"),
    # 21/11/2019, 21.11.2019, 21-11-2019
    re.compile(rf"(?<![\d./-])(?:[12]\d|3[01]|0?[1-9])([./-])(?:1[0-2]|0?[1-9])\1{_YEAR}(?![\d./-]*\d)"),
]


def find_dates(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every date written in ``text``, longest first where candidates overlap."""
    found: list[tuple[int, int]] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            while end > start and text[end - 1].isspace():
                end -= 1
            found.append((start, end))
    kept: list[tuple[int, int]] = []
    for start, end in sorted(found, key=lambda s: (s[0] - s[1], s[0])):
        if all(end <= a or start >= b for a, b in kept):
            kept.append((start, end))
    return sorted(kept)
