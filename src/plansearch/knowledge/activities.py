"""The activity register: every row of the plans' activity and goal tables ("Aktivitet / Ansvarig /
Tidsram", "Mål / Ansvarig / Tidsram", Gävleborg's "Aktivitet / Hur? / Vem? / När? / Ansvarig /
Uppföljning / Tidsram") as a typed record with its bodies and parsed time frame.

Built at ingest (knowledge/derive.py) and kept with the index as activities.jsonl.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from functools import cached_property
from typing import Any

from plansearch.knowledge.roles import role_key, split_names
from plansearch.knowledge.timeframes import TimeFrame, parse_timeframe
from plansearch.models import DocumentMeta, Passage, Role
from plansearch.text.normalise import fold

# Column names (lower case, without "?" or ":") and the Activity field each fills.
ACTIVITY_COLUMNS = ("aktivitet", "aktiviteter", "mål", "delmål", "åtgärd", "åtgärder", "insats", "insatser")
COLUMN_FIELDS = {
    "hur": "how",
    "vem": "who",
    "ansvarig": "responsible", "ansvariga": "responsible",
    "när": "when",
    "uppföljning": "follow_up",
    "tidsram": "time_frame", "tidplan": "time_frame", "tidpunkt": "time_frame",
}
NUMBERING = re.compile(r"^(?:(?:tabell|kapitel|avsnitt)\s+)?\d+(?:\.\d+)*[a-z]?[.:]?\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Body:
    """A body named in a responsible or doer cell. `key` groups name variants (roles.role_key);
    `group` is the roles directory's name for that key; `support`: named after "med stöd av"."""

    name: str
    key: str
    group: str
    support: bool = False


@dataclass(frozen=True)
class Activity:
    """One row of an activity or goal table. Cells a table lacks are ""; `time_frame` is parsed
    from the Tidsram (or Tidplan) cell, else from När?."""

    text: str
    column: str  # the activity column's name: "Aktivitet", "Mål"
    how: str
    who: str
    responsible: str
    when: str
    follow_up: str
    time_frame: TimeFrame
    goal_area: str  # the innermost heading of the row's section, without its number
    section: str
    region: str
    doc_id: str
    document: str  # the document's title
    passage_id: str
    bodies: tuple[Body, ...] = ()  # from the responsible cell
    doers: tuple[Body, ...] = ()  # from the Vem? cell
    extra: tuple[tuple[str, str], ...] = field(default=())  # other columns, as (name, cell)

    def all_bodies(self) -> tuple[Body, ...]:
        return self.bodies + self.doers

    def to_dict(self) -> dict[str, Any]:
        """The row as plain data (a fresh copy of the top level; nested values are shared)."""
        return {**self._plain, "time_frame": dict(self._plain["time_frame"])}

    @cached_property
    def _plain(self) -> dict[str, Any]:
        # asdict copies every nested record: once per row, not once per request.
        return asdict(self)

    @cached_property
    def folded(self) -> str:
        """Every cell, folded and lower-cased, for the register's free-text filter."""
        return fold(" ".join((self.text, self.how, self.who, self.responsible, self.follow_up, self.goal_area, self.when)).lower())

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Activity:
        data = dict(data)
        data["time_frame"] = TimeFrame(**data["time_frame"])
        data["bodies"] = tuple(Body(**b) for b in data["bodies"])
        data["doers"] = tuple(Body(**b) for b in data["doers"])
        data["extra"] = tuple(tuple(pair) for pair in data.get("extra", ()))
        return cls(**data)


def column_name(name: str) -> str:
    """ "Uppföljning?" -> "uppföljning"."""
    return name.strip().strip("?:").strip().lower()


def is_activity_table(columns: list[str]) -> bool:
    """An activity or goal column and a responsible, doer or time column."""
    names = [column_name(c) for c in columns]
    has_activity = any(n in ACTIVITY_COLUMNS for n in names)
    return has_activity and any(COLUMN_FIELDS.get(n) in ("responsible", "who", "time_frame", "when") for n in names)


def extract_activities(
    passages: list[Passage], metas: dict[str, DocumentMeta], roles: list[Role] | None = None
) -> list[Activity]:
    """Every table_row passage of an activity or goal table, in passage order, as an Activity.
    `metas` gives each document's region, title and period ("Under planperioden"); `roles` the
    directory whose names label body groups."""
    # Every variant's key names its role's group: the directory merged "Verksamheter na" into
    # "Verksamheterna" (knowledge/roles.py).
    groups = {role_key(v): r.name for r in roles or [] for v in r.variants} | {r.key: r.name for r in roles or []}
    out = []
    for p in passages:
        if p.kind != "table_row" or not p.fields or not is_activity_table([c for c, _ in p.fields]):
            continue
        meta = metas.get(p.doc_id) or DocumentMeta(p.doc_id, p.doc_id, "")
        out.append(_activity(p, meta, groups))
    return out


def _activity(p: Passage, meta: DocumentMeta, groups: dict[str, str]) -> Activity:
    cells: dict[str, str] = {}
    column, text = "", ""
    extra = []
    for name, cell in p.fields:
        cell = " ".join(cell.split())
        key = column_name(name)
        if not column and key in ACTIVITY_COLUMNS:
            column, text = name.strip(), cell
        elif COLUMN_FIELDS.get(key) and COLUMN_FIELDS[key] not in cells:
            cells[COLUMN_FIELDS[key]] = cell
        else:
            extra.append((name, cell))
    raw_time = cells.get("time_frame") or cells.get("when", "")
    return Activity(
        text=text,
        column=column,
        how=cells.get("how", ""),
        who=cells.get("who", ""),
        responsible=cells.get("responsible", ""),
        when=cells.get("when", ""),
        follow_up=cells.get("follow_up", ""),
        time_frame=parse_timeframe(raw_time, meta.period),
        goal_area=goal_area(p.section),
        section=p.section,
        region=meta.region,
        doc_id=p.doc_id,
        document=meta.title,
        passage_id=p.id,
        bodies=_bodies(cells.get("responsible", ""), groups),
        doers=_bodies(cells.get("who", ""), groups),
        extra=tuple(extra),
    )


def goal_area(section: str) -> str:
    """The innermost heading without its number: "Kapitel 3 › Tabell 3c Screening" -> "Screening"."""
    heading = section.split(" › ")[-1] if section else ""
    return NUMBERING.sub("", heading).strip()


def _bodies(cell: str, groups: dict[str, str]) -> tuple[Body, ...]:
    out: list[Body] = []
    for name, support in split_names(cell):
        name = " ".join(name.split()).strip(" .:-")
        key = role_key(name)
        if key and all(b.key != key for b in out):
            out.append(Body(name, key, groups.get(key, name), support))
    return tuple(out)
