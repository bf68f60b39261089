"""What the /aktiviteter page shows: the filter form's choices with counts, and the activities as a
timeline grouped by the year their time frame ends, with "fortlöpande" and unparsed ones last."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from plansearch.errors import NotFound
from plansearch.knowledge.activities import Activity
from plansearch.knowledge.register import YEAR_LIMITS, ActivityFilter, counts
from plansearch.server.api import check_places


@dataclass(frozen=True)
class YearGroup:
    """One heading of the timeline ("Klart 2025", "Från 2024", "Fortlöpande", "Tidsram ej tolkad")."""

    heading: str
    activities: list[Activity]


def parse_year(text: str) -> tuple[int | None, str]:
    """The year field of the form: (year or None, Swedish error or "")."""
    text = text.strip()
    if not text:
        return None, ""
    if not text.isdigit() or not YEAR_LIMITS[0] <= int(text) <= YEAR_LIMITS[1]:
        return None, f"Året ”{text[:20]}” är inte ett år mellan {YEAR_LIMITS[0]} och {YEAR_LIMITS[1]}; alla år visas."
    return int(text), ""


def place_problem(f: ActivityFilter, activities: list[Activity]) -> str:
    """The API's 404 reason for a region that names nothing in the register, or ""."""
    try:  # the API's own check, so that the page and the API say the same
        check_places(f, activities)
    except NotFound as exc:
        return str(exc)
    return ""


def timeline(found: list[Activity]) -> list[YearGroup]:
    """The activities (already sorted by deadline) under the year their time frame ends."""
    groups: dict[str, list[Activity]] = {}
    for a in found:
        tf = a.time_frame
        if tf.status == "ongoing":
            heading = "Fortlöpande"
        elif tf.status == "unparsed":
            heading = "Tidsram ej tolkad"
        elif tf.end is None:
            heading = f"Från {tf.start}"
        else:
            heading = f"Klart {tf.end}"
        groups.setdefault(heading, []).append(a)
    return [YearGroup(h, items) for h, items in groups.items()]


def choices(activities: list[Activity], f: ActivityFilter) -> dict[str, list[tuple[str, int]]]:
    """Each filter's options with how many activities each would give, the other filters kept."""
    c = counts(activities, f)
    return {name: list(values.items()) for name, values in c.items()}


def download_links(f: ActivityFilter) -> dict[str, str]:
    """The API's CSV and JSON of the same filters."""
    query = {k: v for k, v in (("region", f.region), ("body", f.body), ("year", f.year), ("text", f.text)) if v}
    return {fmt: "/api/activities?" + urlencode({**query, "format": fmt}) for fmt in ("csv", "json")}
