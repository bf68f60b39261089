"""How well the activity register matches a hand-made list of a document's activity rows
(evaluation/register/*.json): rows found, cells right, years right, bodies found; and how well the
decision log matches a hand-made list of a minutes document's decisions (score_decisions).

A hand row is {"goal_area", "activity" (its first words), "responsible" (bodies as a reader
splits them), "time_frame" (as written), "start", "end"}.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from plansearch.knowledge.activities import Activity
from plansearch.knowledge.decisions import Decision
from plansearch.knowledge.roles import role_key
from plansearch.text.normalise import fold


def _norm(text: str) -> str:
    return fold(" ".join(text.split()).lower())


def load_hand_list(path: Path) -> dict[str, Any]:
    """The hand-made list: {"document": doc_id, "goal_area"?: one chapter, "rows": [hand row, …]}."""
    return json.loads(path.read_text(encoding="utf-8"))


def score_register(activities: list[Activity], hand: dict[str, Any]) -> dict[str, Any]:
    """Precision and recall of the register's rows of `hand["document"]` (and of its chapter
    `hand["goal_area"]` when given) against the hand rows,
    and the share of found rows whose time frame, years, goal area and bodies are right; body
    precision/recall counts every body of every found row. `misses` lists what went wrong."""
    area = _norm(hand.get("goal_area", ""))  # a list of one chapter: only its rows count
    mine = [a for a in activities if a.doc_id == hand["document"] and (not area or _norm(a.goal_area) == area)]
    unused = list(mine)
    found = 0
    right = {"time_frame": 0, "years": 0, "goal_area": 0, "bodies": 0}
    bodies_hand = bodies_mine = bodies_both = 0
    misses: list[str] = []
    for row in hand["rows"]:
        match = next((a for a in unused if _norm(a.text).startswith(_norm(row["activity"]))), None)
        if match is None:
            misses.append(f"row not found: {row['activity']}")
            continue
        unused.remove(match)
        found += 1
        tf = match.time_frame
        checks = {
            "time_frame": _norm(tf.raw) == _norm(row["time_frame"]),
            "years": (tf.start, tf.end) == (row["start"], row["end"]),
            "goal_area": _norm(match.goal_area) == _norm(row["goal_area"]),
        }
        want = {role_key(b) for b in row["responsible"]}
        got = {b.key for b in match.bodies}
        checks["bodies"] = want == got
        bodies_hand, bodies_mine, bodies_both = bodies_hand + len(want), bodies_mine + len(got), bodies_both + len(want & got)
        for name, ok in checks.items():
            right[name] += ok
            if not ok:
                misses.append(f"{name} wrong: {row['activity']}: {_shown(name, match)}")
    misses += [f"extra row: {a.text[:80]}" for a in unused]
    return {
        "hand_rows": len(hand["rows"]),
        "register_rows": len(mine),
        **_rates(len(hand["rows"]), len(mine), found, right),
        "body_recall": bodies_both / bodies_hand if bodies_hand else 1.0,
        "body_precision": bodies_both / bodies_mine if bodies_mine else 0.0,
        "misses": misses,
    }


def _shown(name: str, a: Activity) -> str:
    if name == "bodies":
        return ", ".join(b.name for b in a.bodies)
    if name == "goal_area":
        return a.goal_area
    return f"{a.time_frame.raw} -> {a.time_frame.start}..{a.time_frame.end}"


def score_decisions(decisions: list[Decision], hand: dict[str, Any]) -> dict[str, Any]:
    """Precision and recall of the decision log's decisions of `hand["document"]` against the hand
    rows ({"item", "body", "decision": its first words}), and the share of found decisions whose
    agenda item number and deciding body are right. `misses` lists what went wrong."""
    mine = [d for d in decisions if d.doc_id == hand["document"]]
    unused = list(mine)
    found = 0
    right = {"item": 0, "body": 0}
    misses: list[str] = []
    for row in hand["rows"]:
        match = next((d for d in unused if _norm(d.text).startswith(_norm(row["decision"]))), None)
        if match is None:
            misses.append(f"decision not found: {row['decision']}")
            continue
        unused.remove(match)
        found += 1
        checks = {"item": match.item_number == row["item"], "body": role_key(match.body) == role_key(row["body"])}
        for name, ok in checks.items():
            right[name] += ok
            if not ok:
                misses.append(f"{name} wrong: {row['decision']}: {match.item_number} / {match.body}")
    misses += [f"extra decision: {d.text[:80]}" for d in unused]
    return {
        "hand_decisions": len(hand["rows"]),
        "register_decisions": len(mine),
        **_rates(len(hand["rows"]), len(mine), found, right),
        "misses": misses,
    }


def _rates(hand: int, mine: int, found: int, right: dict[str, int]) -> dict[str, Any]:
    """Recall against the `hand` rows, precision of `mine`, and each check's share of the `found`."""
    return {
        "recall": found / hand if hand else 1.0,
        "precision": found / mine if mine else 0.0,
        "right": {name: n / found if found else 0.0 for name, n in right.items()},
    }
