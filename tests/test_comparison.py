"""The comparison route: each side named in the question answered from its own documents, about the
question's subject, or plainly "inget om …". The real-corpus questions were written by reading the
documents (none is in a QA set)."""

from __future__ import annotations

import pytest

from plansearch.answer.phrasing import subject_topic
from plansearch.service import Service

NORR = "cancerplan-norr-2022-2024"
GAVLEBORG = "handlingsplan-gavleborg-2025-2027"
MELLANSVERIGE = "cancerplan-mellansverige-2025-2027"


@pytest.mark.parametrize(
    ("subject", "topic"),
    [
        ("Vilka mål om palliativ vård har ?", "mål om palliativ vård"),
        ("Står det något om cancerskolan eller ?", "cancerskolan"),
        ("Vad säger om PET-DT?", "PET-DT"),
        ("Hur skiljer sig för prehabilitering?", "prehabilitering"),
        ("Vem ansvarar för kvalitetssäkringen av teledermatoskopi ?", "kvalitetssäkringen av teledermatoskopi"),
        ("What does say about prehabilitation?", "prehabilitation"),
        ("Hur mycket ?", "Hur mycket"),  # nothing left but the frame: the subject as it stands
    ],
)
def test_the_topic_of_a_comparison_is_the_subject_without_its_frame(subject, topic):
    assert subject_topic(subject) == topic


@pytest.fixture(scope="module")
def service(real_settings):
    return Service(real_settings)


def test_each_side_is_answered_from_its_own_plan_with_who_and_when_for_a_table_row(service):
    answer, _ = service.ask("Vad säger Norrs cancerplan och Gävleborgs handlingsplan om Min vårdplan?")
    assert answer.route == "comparison" and not answer.abstained
    lines = answer.text.splitlines()
    assert len(lines) == 2 and [c.passage.doc_id for c in answer.citations] == [NORR, GAVLEBORG]
    norr, gavleborg = lines
    assert "Min vårdplan" in norr and "2022–2024" in norr  # the row's goal with its time frame
    assert "Min vårdplan" in gavleborg and "ansvarig: Regionerna" in gavleborg


def test_a_side_without_the_topic_says_so_and_the_other_is_still_answered(service):
    answer, _ = service.ask("Vad säger Gävleborgs handlingsplan respektive Mellansveriges cancerplan om prehabilitering?")
    gavleborg, mellansverige = answer.text.splitlines()
    assert gavleborg == "• Gävleborgs handlingsplan: inget om ”prehabilitering”."
    assert "prehabilitering" in mellansverige.lower()
    assert [c.passage.doc_id for c in answer.citations] == [MELLANSVERIGE]


def test_an_english_comparison_searches_each_side_for_the_subject_not_the_kind_of_document(service):
    answer, _ = service.ask("What do the northern plan and the Gävleborg action plan say about Min vårdplan?")
    assert answer.route == "comparison"
    assert {c.passage.doc_id for c in answer.citations} == {NORR, GAVLEBORG}
    assert all("vårdplan" in line.lower() for line in answer.text.splitlines())
    assert "responsible:" in answer.text and "ansvarig" not in answer.text



def test_who_is_responsible_on_each_side_comes_from_a_row_that_names_them(service):
    # Read from the documents: Mellansverige's plan gives Regionerna for its teledermatoscopy
    # row, Gävleborg's plan VO Företrädare i RG.
    answer, _ = service.ask("Vem ansvarar för teledermatoskopi i Mellansveriges cancerplan respektive Gävleborgs handlingsplan?")
    mellansverige, gavleborg = answer.text.splitlines()
    assert "ansvarig: Regionerna" in mellansverige and "ansvarig: VO Företrädare i RG" in gavleborg
