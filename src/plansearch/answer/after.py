"""The one after: "och mötet efter det?" after "När är nästa möte i RPO Cancer?" asks for a later
meeting than the answer before gave, not that answer again. The documents often know only the
next one; then nothing is left to answer with and the chat abstains."""

from __future__ import annotations

import re

from plansearch.answer.candidates import Unit, overlaps

AFTER_THAT = re.compile(
    r"\b(?:efter det|efter den|efter detta|därefter|därpå|after that|after this|the one after)\b", re.IGNORECASE
)
MONTH_NUMBERS = {
    name: n for n, names in enumerate((
        ("januari", "january", "jan"), ("februari", "february", "feb"), ("mars", "march", "mar"), ("april", "apr"),
        ("maj", "may"), ("juni", "june", "jun"), ("juli", "july", "jul"), ("augusti", "august", "aug"),
        ("september", "sep", "sept"), ("oktober", "october", "okt", "oct"), ("november", "nov"),
        ("december", "dec"),
    ), 1) for name in names
}
DAY_MONTH_YEAR = re.compile(
    r"\b(?:(\d{1,2})\s+)?(" + "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True)) + r")\.?(?:\s+((?:19|20)\d\d))?\b"
    r"|\b((?:19|20)\d\d)\b",
    re.IGNORECASE,
)


def asks_the_one_after(asked: str, carried: str) -> bool:
    """Whether a follow-up (one that carries the question before it) asks for the one after what
    that question was answered with."""
    return bool(carried) and bool(AFTER_THAT.search(asked))


def latest_date(text: str) -> tuple[int, int, int] | None:
    """The latest (year, month, day) the text names; a missing day or month counts as 0, a date
    without a year is taken as of the latest year the text names."""
    years = [int(m.group(3) or m.group(4)) for m in DAY_MONTH_YEAR.finditer(text) if m.group(3) or m.group(4)]
    default = max(years, default=0)
    dates = []
    for m in DAY_MONTH_YEAR.finditer(text):
        if m.group(4):
            dates.append((int(m.group(4)), 0, 0))
        else:
            dates.append((int(m.group(3)) if m.group(3) else default, MONTH_NUMBERS[m.group(2).lower()],
                          int(m.group(1) or 0)))
    return max(dates, default=None)


def later_than(units: list[Unit], previous: Unit) -> list[Unit]:
    """The units other than the previous answer's that name a date after the latest it names;
    with no date in the previous answer, only that answer is left out."""
    others = [u for u in units if not overlaps(u, previous)]
    before = latest_date(previous.text)
    if before is None:
        return others
    return [u for u in others if (date := latest_date(u.text)) is not None and date > before]
