"""Dates: ISO forms truncated to what the phrase states, year-less dates and the reference year."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from extractors.normalize.dates import normalize_date

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def test_issue_dates_precision():
    assert normalize_date("May 2016") == ("2016-05", "month")
    assert normalize_date("June 27", reference=dt.date(2023, 3, 3)) == ("2023-06-27", "day")
    assert normalize_date("June 27") is None  # no year to be had
    assert normalize_date("Nov. 21, 2019") == ("2019-11-21", "day")
    assert normalize_date("in 2010") == ("2010", "year")
    assert normalize_date("this June", reference=dt.date(2023, 3, 3)) == ("2023-06", "month")
    assert normalize_date("Feb. 29", reference=dt.date(2019, 11, 21)) == ("2020-02-29", "day")


def test_phrases_naming_no_calendar_date():
    for phrase in ("recent years", "a decade", "the late 1970s", "Earlier this year", "The next January"):
        assert normalize_date(phrase, reference=dt.date(2023, 1, 1)) is None


@given(
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    st.sampled_from(["{m} {d}, {y}", "{d} {m} {y}", "{m3}. {d}, {y}"]),
)
def test_full_dates_round_trip(date, form):
    month = MONTHS[date.month - 1]
    text = form.format(m=month, m3=month[:3], d=date.day, y=date.year)
    assert normalize_date(text) == (date.isoformat(), "day")


@given(st.integers(1900, 2100), st.integers(1, 12))
def test_month_dates_are_truncated(year, month):
    assert normalize_date(f"{MONTHS[month - 1]} {year}") == (f"{year:04d}-{month:02d}", "month")
    assert normalize_date(f"in {year}") == (f"{year:04d}", "year")


@given(
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2050, 12, 31)),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2050, 12, 31)),
)
def test_year_less_dates_take_the_reference_year(date, reference):
    result = normalize_date(f"{MONTHS[date.month - 1]} {date.day}", reference=reference)
    assert result is not None
    iso, precision = result
    assert precision == "day" and iso.endswith(f"-{date.month:02d}-{date.day:02d}")
    assert int(iso[:4]) >= reference.year
