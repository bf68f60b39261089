"""Time frames of plan tables ("2025–2027", "2025-27", "Q3 2025", "senast 2026", "Fortlöpande",
"Under planperioden") parsed into a start and end year, and dates where the text gives them.

The raw text is always kept: a cell the parser cannot read ("Enligt RCC:s arbete") is a TimeFrame
with status "unparsed", shown as written, never dropped.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

Status = Literal["dated", "ongoing", "unparsed"]

MONTHS = (
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
)
_MONTH = "|".join(MONTHS)
# Parts of a year, as (first month, last month).
SEASONS = {"våren": (3, 5), "sommaren": (6, 8), "hösten": (9, 11), "vintern": (12, 12)}
ORDINALS = {"första": 1, "andra": 2, "tredje": 3, "fjärde": 4}
ONGOING = re.compile(r"\b(?:fortlöpande|löpande|pågår|pågående|kontinuerlig(?:t|a)?|årligen|återkommande|tills vidare)\b")
PLAN_PERIOD = re.compile(r"\b(?:under |inom )?(?:hela )?(?:plan(?:en)?perioden|planens (?:period|giltighetstid)|perioden)\b")
DEADLINE = re.compile(r"\b(?:senast|före|innan|till|t\.?\s?o\.?\s?m\.?)\s*$")
OPEN_END = re.compile(r"^\s*(?:och |samt )?(?:framåt|framöver|och fortsatt|tills vidare)\b")
FROM = re.compile(r"\b(?:från|fr\.?\s?o\.?\s?m\.?|from|med start|start)\s*$")

# Each pattern gives a span of dates; tried in this order, a matched piece is blanked out.
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"(?<!\d)((?:19|20)\d{2})-(\d{2})-(\d{2})(?!\d)")),
    ("day", re.compile(rf"(?<!\d)(\d{{1,2}}) ({_MONTH}) ((?:19|20)\d{{2}})(?!\d)")),
    ("month", re.compile(rf"\b({_MONTH}) ((?:19|20)\d{{2}})(?!\d)")),
    ("quarter", re.compile(r"\b(?:q|kv|kvartal)\s?([1-4]),? ((?:19|20)\d{2})(?!\d)")),
    ("quarter_word", re.compile(r"\b(första|andra|tredje|fjärde) kvartalet (?:år )?((?:19|20)\d{2})(?!\d)")),
    ("half", re.compile(r"\b(?:h|halvår)\s?([12]),? ((?:19|20)\d{2})(?!\d)")),
    ("half_word", re.compile(r"\b(första|andra) halvåret (?:år )?((?:19|20)\d{2})(?!\d)")),
    ("season", re.compile(r"\b(våren|sommaren|hösten|vintern) ((?:19|20)\d{2})(?!\d)")),
    ("edge", re.compile(r"\b(början|slutet) av (?:år )?((?:19|20)\d{2})(?!\d)")),
    ("range", re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[–—-]\s*((?:19|20)?\d{2})(?![\d-])")),
    ("year", re.compile(r"(?<![\d-])((?:19|20)\d{2})(?![\d])")),
]


@dataclass(frozen=True)
class TimeFrame:
    """A parsed time frame. `start`/`end` are years (None: not given, as in "senast 2026" or
    "2024 och framåt"); `start_date`/`end_date` are ISO dates when the text names a day, month,
    quarter or season, else "". `from_period`: read from the document's period ("Under planperioden")."""

    raw: str
    start: int | None = None
    end: int | None = None
    start_date: str = ""
    end_date: str = ""
    ongoing: bool = False
    from_period: bool = False

    @property
    def status(self) -> Status:
        """"dated" when it has a year, "ongoing" for "Fortlöpande" and the like, else "unparsed"."""
        if self.start is not None or self.end is not None:
            return "dated"
        return "ongoing" if self.ongoing else "unparsed"

    def covers(self, year: int) -> bool:
        """Whether the time frame includes `year`: every year from start to end; "senast 2026"
        counts for 2026 alone, "2024 och framåt" for 2024 and every later year."""
        if self.start is None and self.end is None:
            return False
        first = self.start if self.start is not None else self.end
        assert first is not None
        return first <= year and (self.end is None or year <= self.end)

    def deadline(self) -> tuple[int, str, str]:
        """A sort key: by end (or start) date; open-ended, ongoing and unparsed ones after all
        dated ones, in that order."""
        if self.status == "dated":
            year = self.end if self.end is not None else self.start
            rank = 0 if self.end is not None else 1
            day = self.end_date or (f"{year}-12-31" if self.end is not None else f"{year}-01-01")
            return (rank, day, self.raw)
        return (2 if self.ongoing else 3, "", self.raw)

    def label(self) -> str:
        """Swedish display of the parsed years: "2025–2027", "senast 2026", "från 2024",
        "fortlöpande" or "ej tolkad"."""
        if self.status == "ongoing":
            return "fortlöpande"
        if self.status == "unparsed":
            return "ej tolkad"
        if self.start is None:
            return f"senast {self.end}"
        if self.end is None:
            return f"från {self.start}"
        return str(self.start) if self.start == self.end else f"{self.start}–{self.end}"


def parse_timeframe(raw: str, period: str = "") -> TimeFrame:
    """Parse a time-frame cell. `period` is the document's period ("2025–2027"), used for
    "Under planperioden". Never raises: what cannot be read is kept with status "unparsed"."""
    text = " ".join(raw.split())
    low = text.lower()
    spans, blanked = _spans(low)
    ongoing = bool(ONGOING.search(low))
    if not spans:
        if PLAN_PERIOD.search(low) and period and period != raw:
            from_plan = parse_timeframe(period)
            if from_plan.status == "dated":
                return replace(from_plan, raw=text, ongoing=ongoing, from_period=True)
        return TimeFrame(text, ongoing=ongoing)
    first, last = min(spans, key=lambda s: s[0]), max(spans, key=lambda s: s[1])
    start_date, end_date = (first[0].isoformat() if first[2] else ""), (last[1].isoformat() if last[2] else "")
    start: int | None = first[0].year
    end: int | None = last[1].year
    before, after = blanked[: first[3]], blanked[last[4]:]
    if len(spans) == 1 and DEADLINE.search(before):
        start, start_date = None, ""
    elif OPEN_END.search(after) or (len(spans) == 1 and FROM.search(before)):
        end, end_date = None, ""
    return TimeFrame(text, start, end, start_date, end_date, ongoing)


def years_named(text: str) -> list[tuple[int, int]]:
    """Every span of years a text names, as (first year, last year): "2023–2024", "våren 2025",
    "2025-03-01", "2022-23"."""
    return [(first.year, last.year) for first, last, *_ in _spans(text.lower())[0]]


# (first day, last day, precise, where it starts in the text, where it ends)
_Span = tuple[date, date, bool, int, int]


def _spans(low: str) -> tuple[list[_Span], str]:
    """Every date span the text names, and the text with them blanked out."""
    spans: list[_Span] = []
    for name, pattern in PATTERNS:
        for match in pattern.finditer(low):
            span = _span(name, match)
            if span is not None:
                spans.append((*span, match.start(), match.end()))
                low = low[: match.start()] + " " * (match.end() - match.start()) + low[match.end():]
    return spans, low


def _span(name: str, m: re.Match[str]) -> tuple[date, date, bool] | None:
    g = m.groups()
    if name == "iso":
        try:
            day = date(int(g[0]), int(g[1]), int(g[2]))
        except ValueError:
            return None
        return day, day, True
    if name == "day":
        month = MONTHS.index(g[1]) + 1
        if not 1 <= int(g[0]) <= calendar.monthrange(int(g[2]), month)[1]:
            return None
        day = date(int(g[2]), month, int(g[0]))
        return day, day, True
    if name == "month":
        month = MONTHS.index(g[0]) + 1
        return _months(int(g[1]), month, month)
    if name in ("quarter", "quarter_word"):
        q = int(g[0]) if name == "quarter" else ORDINALS[g[0]]
        return _months(int(g[1]), 3 * q - 2, 3 * q)
    if name in ("half", "half_word"):
        h = int(g[0]) if name == "half" else ORDINALS[g[0]]
        return _months(int(g[1]), 6 * h - 5, 6 * h)
    if name == "season":
        return _months(int(g[1]), *SEASONS[g[0]])
    if name == "edge":
        return _months(int(g[1]), 1, 3) if g[0] == "början" else _months(int(g[1]), 10, 12)
    if name == "range":
        first = int(g[0])
        last = int(g[1]) if len(g[1]) == 4 else first // 100 * 100 + int(g[1])
        if last < first:
            return None
        return date(first, 1, 1), date(last, 12, 31), False
    year = int(g[0])
    return date(year, 1, 1), date(year, 12, 31), False


def _months(year: int, first: int, last: int) -> tuple[date, date, bool]:
    return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1]), True
