"""Filters and outputs of the activity register: by region or document, body (name variants
grouped), year and free text, sorted by deadline; counts per filter; CSV and JSON rows.

Activities whose time frame is "fortlöpande" or unparsed are never dropped by a year filter: they
are kept and flagged (`year_match` "ongoing" or "unparsed" in the JSON rows).
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from plansearch.knowledge.activities import Activity, Body
from plansearch.knowledge.roles import role_key
from plansearch.text.normalise import fold

# The CSV's columns, in Swedish, in this order.
CSV_COLUMNS = (
    "Aktivitet", "Hur", "Vem", "När", "Ansvarig", "Uppföljning", "Tidsram", "Start", "Slut",
    "Målområde", "Region", "Dokument", "Avsnitt-id",
)
YEAR_LIMITS = (1900, 2100)


@dataclass(frozen=True)
class ActivityFilter:
    """What to keep; empty or None means no filter. `region` matches the region's name or the
    document's (folded, any part: "Gävleborg", "norr"); `document` a doc_id or part of a title;
    `body` a body named as responsible or doer, any of its name variants or inflections."""

    region: str = ""
    document: str = ""
    body: str = ""
    year: int | None = None
    text: str = ""

    def __post_init__(self) -> None:
        if self.year is not None and not YEAR_LIMITS[0] <= self.year <= YEAR_LIMITS[1]:
            raise ValueError(f"Året måste vara mellan {YEAR_LIMITS[0]} och {YEAR_LIMITS[1]}.")


def filter_activities(activities: list[Activity], f: ActivityFilter) -> list[Activity]:
    """The activities that pass every filter, sorted by deadline (the time frame's end), then
    document order. With a year, those covering it come first; ongoing, then unparsed, after."""
    kept = [a for a in activities if _matches(a, f)]
    order = {id(a): n for n, a in enumerate(activities)}
    return sorted(kept, key=lambda a: (a.time_frame.deadline()[:2], order[id(a)]))


def year_match(a: Activity, year: int | None) -> str:
    """ "covers" when the time frame includes the year (or there is no year filter), else its
    status: "ongoing" or "unparsed"; "" when a dated time frame misses the year."""
    if year is None or a.time_frame.covers(year):
        return "covers"
    return "" if a.time_frame.status == "dated" else a.time_frame.status


def _matches(a: Activity, f: ActivityFilter) -> bool:
    if f.region and not _contains(f.region, a.region, a.document, a.doc_id):
        return False
    if f.document and f.document != a.doc_id and not _contains(f.document, a.document):
        return False
    if f.body and not any(body_matches(b, f.body) for b in a.all_bodies()):
        return False
    if f.year is not None and not year_match(a, f.year):
        return False
    if f.text:
        return all(fold(word) in a.folded for word in f.text.lower().split())
    return True


_MATCHES: dict[int, tuple[list[Activity], dict[str, set[int]]]] = {}


def _body_matches(activities: list[Activity]) -> dict[str, set[int]]:
    """Each body group named in the register -> the ids of the activities the body filter keeps
    for it; computed once per register (the server keeps one list per index)."""
    cached = _MATCHES.get(id(activities))
    if cached is not None and cached[0] is activities:
        return cached[1]
    groups = sorted({b.group for a in activities for b in a.all_bodies()})
    found = {g: {id(a) for a in activities if any(body_matches(b, g) for b in a.all_bodies())} for g in groups}
    _MATCHES.clear()  # one register at a time: a new index replaces the old one
    _MATCHES[id(activities)] = (activities, found)
    return found


def _contains(needle: str, *values: str) -> bool:
    n = _folded(needle.strip())
    return any(n in _folded(v) for v in values)


def body_matches(body: Body, query: str) -> bool:
    """Whether a body is the one asked for: same name-variant key ("RCC Norrs" for "RCC Norr"),
    the key's words inside the body's ("RCC Norrs processledare"), or the name containing it."""
    key = _key(query)
    if key and (key == body.key or f" {key} " in f" {body.key} "):
        return True
    needle = _folded(query.strip())
    return bool(needle) and (needle in _folded(body.name) or needle in _folded(body.group))


# The same few queries and body names are folded for every row of every request.
_key = lru_cache(maxsize=1024)(role_key)


@lru_cache(maxsize=4096)
def _folded(text: str) -> str:
    return fold(text.lower())


def counts(activities: list[Activity], f: ActivityFilter) -> dict[str, dict[str, int]]:
    """How many activities each choice of a filter would give, the other filters kept:
    {"region": {"Region Gävleborg": 41, …}, "body": {…}, "year": {"2025": 92, "fortlöpande": 0,
    "ej tolkad": 0}}. Years run over every year a dated time frame covers."""
    def without(**change: Any) -> list[Activity]:
        return [a for a in activities if _matches(a, ActivityFilter(**{**f.__dict__, **change}))]

    regions = Counter(a.region for a in without(region="", document=""))
    # A body's count is what choosing it gives: the filter matches every name variant and the
    # bodies whose names hold it ("RCC Norr" keeps "RCC Norrs processledare" too).
    kept = {id(a) for a in without(body="")}
    bodies = Counter({group: len(ids & kept) for group, ids in _body_matches(activities).items()})
    bodies = +bodies  # drop the zeros
    years: Counter[str] = Counter()
    for a in without(year=None):
        tf = a.time_frame
        if tf.status != "dated":
            years["fortlöpande" if tf.status == "ongoing" else "ej tolkad"] += 1
            continue
        first = tf.start if tf.start is not None else tf.end
        last = tf.end if tf.end is not None else first  # "2024 och framåt" counts for 2024 here
        assert first is not None and last is not None
        years.update(str(y) for y in range(first, last + 1))
    return {
        "region": dict(regions.most_common()),
        "body": dict(bodies.most_common()),
        "year": dict(sorted(years.items())),
    }


def csv_row(a: Activity) -> dict[str, str]:
    """One activity under the CSV's Swedish column names."""
    tf = a.time_frame
    return dict(zip(CSV_COLUMNS, (
        a.text, a.how, a.who, a.when, a.responsible, a.follow_up, tf.raw,
        "" if tf.start is None else str(tf.start), "" if tf.end is None else str(tf.end),
        a.goal_area, a.region, a.document, a.passage_id,
    ), strict=True))


def to_csv(activities: list[Activity]) -> str:
    """The activities as CSV text (comma-separated, a header row, quoted where needed)."""
    return csv_text(CSV_COLUMNS, (csv_row(a) for a in activities))


def csv_text(columns: tuple[str, ...], rows: Iterable[dict[str, str]]) -> str:
    """Rows under `columns` as CSV text: comma-separated, a header row, quoted where needed."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def json_row(a: Activity, year: int | None = None) -> dict[str, Any]:
    """An activity as JSON, with its time frame's status and Swedish label and how it meets `year`."""
    data = a.to_dict()
    data["time_frame"] |= {"status": a.time_frame.status, "label": a.time_frame.label()}
    data["year_match"] = year_match(a, year)
    return data
