"""Route: "vad ansvarar cancersamordnaren för?" answered from the roles directory."""

from __future__ import annotations

import re

from plansearch.answer.context import Context
from plansearch.answer.phrasing import DUTY_DEFAULT, DUTY_LABELS, plural, sentence_case
from plansearch.answer.records import Answer, Citation
from plansearch.models import Duty, Role
from plansearch.search.query import Question
from plansearch.text.sentences import shorten
from plansearch.text.swedish import RESPONSIBLE_COLUMNS

ROLE_QUESTION = re.compile(
    # "gör" only after "vad" ("Vad gör cancersamordnaren?"): "I vilka sociala medier gör Region
    # Gävleborg kampanjer?" asks for a list, not for the region's duties.
    r"\b(vad|vilka|vilken)\b.*\b(ansvarar|ansvarig|uppgift|uppgifter|aktiviteter|roll)\b|\bvad\b.*\bgör\b"
    r"|what does .* do|responsible for what",
    re.IGNORECASE,
)
WHO = re.compile(r"\bvem\b|\bwho\b", re.IGNORECASE)  # asks for a body, not for a body's duties
SHOWN = 4


def answer(question: Question, ctx: Context) -> Answer | None:
    """The duties of the role the question names, those sharing its words first."""
    if not ROLE_QUESTION.search(question.asked) or WHO.search(question.asked) or not question.bodies:
        return None
    role = question.bodies[0]
    duties = [d for d in role.duties if d.column in (*RESPONSIBLE_COLUMNS, "Beslut", "Roll")]
    if not duties:
        return None
    english = question.language == "en"
    citations: list[Citation] = []
    items = []
    for duty in rank_duties(ctx, question.asked, role, duties)[:SHOWN]:
        passage = ctx.passage(duty.passage_id)
        if passage is None:
            continue
        n = len(citations) + 1
        citations.append(ctx.cite(n, passage, _mention(passage.text, role.variants) or duty.activity))
        column = DUTY_LABELS[question.language].get(duty.column, DUTY_DEFAULT[question.language])
        items.append(f"{sentence_case(shorten(duty.activity, 140))} ({ctx.short(passage)}, {column}) [{n}]")
    if not citations:
        return None
    more = len(duties) - min(len(duties), SHOWN)
    if english:
        count = plural(len(duties), "activity", "activities")
        head = f"In the documents, {role.name} is named for {count}" + (", among them:" if more > 0 else ":")
        tail = f" ({more} more on the roles page.)" if more > 0 else ""
    else:
        count = plural(len(duties), "aktivitet", "aktiviteter")
        head = f"Enligt dokumenten ansvarar {role.name} för eller deltar i {count}" + (", bland annat:" if more > 0 else ":")
        tail = f" ({more} till finns på rollsidan.)" if more > 0 else ""
    text = head + "\n" + "\n".join(f"• {item}" for item in items) + tail
    return Answer(
        question.asked, text, tuple(citations), False, question.language, question.intent, "roles", 1.0, question.text
    )


def rank_duties(ctx: Context, asked: str, role: Role, duties: list[Duty]) -> list[Duty]:
    """Duties whose activity shares words with the question first, then responsible before support."""
    analyzer = ctx.index.lexical.analyzer
    words = set(analyzer.terms(asked)) - set(analyzer.terms(" ".join(role.variants)))

    def key(duty: Duty) -> tuple[int, bool, bool]:
        overlap = len(words & set(analyzer.terms(duty.activity)))
        return (-overlap, duty.support, duty.column not in ("Ansvarig", "Ansvariga"))

    return sorted(duties, key=key)


def _mention(text: str, variants: list[str]) -> str | None:
    """The longest name variant the text contains."""
    for variant in sorted(variants, key=len, reverse=True):
        if variant.lower() in text.lower():
            return variant
    return None
