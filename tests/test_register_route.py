"""The chat's register route on the shipped corpus: list and timeline questions answered from the
activity register and the decision log, with a link to the filtered page that shows the same
rows; other questions fall through to the routes before it was added."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from plansearch.answer.engine import AnswerEngine
from plansearch.answer.routes import register
from plansearch.knowledge.decision_register import DecisionFilter, filter_decisions
from plansearch.knowledge.register import ActivityFilter, filter_activities

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def engine(real_searcher):
    return AnswerEngine(real_searcher)


def params(link: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(link).query).items()}


def count_in(text: str) -> int:
    return int(re.search(r"(\d+) (?:aktivitet|beslut)", text).group(1))


def test_what_is_due_in_a_year_in_a_region(engine, real_searcher):
    answer = engine.answer("vad ska vara klart 2024 i Gävleborg?")
    assert answer.route == "register" and not answer.abstained
    assert params(answer.link) == {"region": "Region Gävleborg", "year": "2024"}
    [cited] = answer.citations
    assert cited.passage.doc_id == "handlingsplan-gavleborg-2025-2027" and "Beslut klart under 2024." in cited.passage.text
    assert "[1]" in answer.text and "vara klar 2024" in answer.text


def test_a_year_nothing_ends_in_says_so_and_lists_what_runs_through_it(engine, real_searcher):
    answer = engine.answer("vad ska vara klart 2025 i Gävleborg?")
    assert answer.route == "register" and "ingen aktivitet i Region Gävleborg 2025 som sista år" in answer.text
    shown = filter_activities(real_searcher.index.activity_list, ActivityFilter(**params(answer.link) | {"year": 2025}))
    assert count_in(answer.text.split("men ")[1]) == sum(a.time_frame.status == "dated" for a in shown)


def test_what_a_body_is_responsible_for_with_the_same_rows_as_the_page(engine, real_searcher):
    answer = engine.answer("vilka aktiviteter ansvarar RCC Norr för?")
    assert answer.route == "register" and params(answer.link) == {"body": "RCC Norr"}
    on_page = filter_activities(real_searcher.index.activity_list, ActivityFilter(body="RCC Norr"))
    ids = {a.passage_id for a in on_page}
    assert len(answer.citations) == register.SHOWN and {c.passage.id for c in answer.citations} <= ids
    assert count_in(answer.text) <= len(on_page)  # the page also lists rows where RCC Norr only does the work


def test_what_was_decided_about_a_topic(engine, real_searcher):
    answer = engine.answer("vad beslutades om nationella vårdprogram?")
    assert answer.route == "register" and answer.link.startswith("/beslut?")
    [cited] = answer.citations
    assert cited.passage.id == "minnesanteckningar-rpo-cancer-norr-2025-02-04:3"
    assert "Ställa sig bakom remissvaren" in answer.text and "punkt 3" in answer.text
    assert len(filter_decisions(real_searcher.index.decision_list, DecisionFilter(text=params(answer.link)["q"]))) == count_in(answer.text)


def test_decisions_of_a_body_named_in_the_log(engine):
    answer = engine.answer("vilka beslut fattade RCC i samverkan?")
    assert answer.route == "register" and params(answer.link) == {"meeting": "RCC i samverkan"} and len(answer.citations) == 2


def test_what_a_body_decided_at_a_meeting_named_by_its_date_lists_every_decision(engine):
    answer = engine.answer("Vad beslutade RPO Cancer på mötet den 4 februari?")
    assert answer.route == "register" and count_in(answer.text) == 2
    assert "Fastställa minnesanteckningen" in answer.text and "Ställa sig bakom remissvaren" in answer.text


@pytest.mark.parametrize(
    "asked",
    [
        "Vad beslutade RPO Cancer på mötet den 12 mars?",  # a day the log has no meeting on
        "Vad beslutade RPO Cancer på mötet den 12 november 2024?",  # another meeting than the one in the log
        "Vad beslutades på RPO Cancer-mötet den 12 november 2024?",
        "Vad beslutade RCC Norrs styrgrupp på sitt senaste möte?",  # a body that decided nothing in the log
        "Vad beslutade NPO Cancer om remissvaren för de nationella vårdprogrammen?",
        "Vilka aktiviteter ansvarar Folkhälsomyndigheten för i Gävleborgs handlingsplan?",
        "vilka aktiviteter finns?",  # no filter: too wide for a list
        "vad beslutades?",
        "Vem beslutade om visionen för RCC Norr?",  # asks for a body, not a list
        "Which activities is RCC Norr responsible for?",
        "vad ansvarar cancersamordnaren för?",
    ],
)
def test_other_questions_fall_through(engine, asked):
    assert engine.answer(asked).route != "register"


def test_activities_of_a_plan_named_by_its_regions_initials_done_within_a_body(engine):
    # "RG:s handlingsplan" is Region Gävleborg's (the plan writes "RG" for it); "ska göras" only
    # says that something is done, so the topic is SUSSA-samverkan alone. Stop 29 refused the
    # question as naming a plan the documents lack.
    answer = engine.answer("vilka aktiviteter i RG:s handlingsplan ska göras inom SUSSA-samverkan?")
    assert answer.route == "register" and not answer.abstained
    assert count_in(answer.text) == 3 and "i Gävleborgs handlingsplan" in answer.text
    assert params(answer.link)["region"] == "handlingsplan-gavleborg-2025-2027"
