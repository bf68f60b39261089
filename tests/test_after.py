"""The one after (answer/after.py): a follow-up asking for the one after what the question before
was answered with gets a later one, or an abstention; never that answer again."""

from __future__ import annotations

import pytest

from plansearch.answer.after import asks_the_one_after, later_than, latest_date
from plansearch.answer.candidates import Unit
from plansearch.models import Hit, Passage
from plansearch.service import Service


def unit(text: str, passage_id: str = "d:1") -> Unit:
    passage = Passage(passage_id, "d", 1, text, "", None, "paragraph", 0, len(text))
    return Unit(Hit(passage, 1.0, 1), 0, len(text), text, "sentence", 0)


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Digitalt möte via Teams tisdag 8 april 2025, kl. 15-17.", (2025, 4, 8)),
        ("fastställa minnesanteckningen från mötet den 12 november 2024", (2024, 11, 12)),
        ("Mötet 4 februari och mötet 8 april 2025", (2025, 4, 8)),  # a date without a year takes the text's
        ("Under 2025 avsattes 418 miljoner kronor", (2025, 0, 0)),
        ("Inget datum här", None),
    ],
)
def test_the_latest_date_a_text_names(text, date):
    assert latest_date(text) == date


def test_only_later_units_than_the_previous_answer_are_left():
    previous = unit("Nästa möte hålls 8 april 2025.")
    earlier, later, undated = unit("Mötet 12 november 2024.", "d:2"), unit("Mötet 3 juni 2025.", "d:3"), unit(
        "Mötet hålls digitalt.", "d:4")
    assert later_than([previous, earlier, later, undated], previous) == [later]
    # Without a date in the previous answer, only that answer is left out.
    assert later_than([previous, undated], undated) == [previous]


def test_the_one_after_is_asked_only_by_a_follow_up():
    assert asks_the_one_after("och mötet efter det?", "När är nästa möte?")
    assert asks_the_one_after("and the one after that?", "When is the next meeting?")
    assert not asks_the_one_after("och mötet efter det?", "")  # no question before it
    assert not asks_the_one_after("var hålls det?", "När är nästa möte?")


@pytest.fixture(scope="module")
def service(real_settings):
    return Service(real_settings)


def test_the_meeting_after_the_next_one_is_not_the_next_one_again(service):
    # The minutes name only the next meeting; stop 30 gave its date again.
    history = [{"role": "user", "content": "När hålls nästa RPO Cancer-möte?"}]
    answer, _ = service.ask("när är mötet därefter?", history)
    assert answer.abstained and "8 april" not in answer.text
    answer, _ = service.ask("var hålls det?", history)
    assert not answer.abstained and "8 april" in answer.text
