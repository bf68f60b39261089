"""Answer units of a passage (answer/candidates.py): a clause that a paragraph leaves open ("RPO
Cancer beslutade att:") is one unit with what it leads to, never a lead cut from its decision; a
lead into a bulleted list keeps its items as items."""

from __future__ import annotations

import pytest

from plansearch.answer.candidates import units_of
from plansearch.models import Hit, Passage


def hit(text: str) -> Hit:
    return Hit(Passage("m:1", "m", 1, text, "", None, "paragraph", 0, len(text)), 1.0, 1)


@pytest.mark.parametrize(
    "lead",
    ["RPO Cancer beslutade att:", "RPO Cancer beslutade att", "Styrgruppen ska:", "Arbetsgruppen fick i uppdrag att"],
)
def test_a_clause_left_open_is_one_unit_with_its_continuation(lead):
    text = f"Inledning om mötet.\n{lead} \n\nfastställa minnesanteckningen från mötet den 12 november 2024. Mer text."
    found = hit(text)
    units = units_of(found)
    texts = [u.text for u in units]
    joined = f"{lead.rstrip()} fastställa minnesanteckningen från mötet den 12 november 2024."
    assert texts == ["Inledning om mötet.", joined, "Mer text."]
    unit = units[1]
    assert unit.kind == "sentence" and " ".join(text[unit.start:unit.end].split()) == joined  # the highlight covers both


def test_a_finished_sentence_or_a_lead_into_bullets_is_not_joined():
    text = "Mötet diskuterade budgeten.\nNästa möte hålls i maj.\nDeltagarna ska:\n- läsa rapporten\n- svara på remissen"
    units = units_of(hit(text))
    assert [(u.kind, u.text) for u in units] == [
        ("sentence", "Mötet diskuterade budgeten."), ("sentence", "Nästa möte hålls i maj."),
        ("sentence", "Deltagarna ska:"), ("item", "läsa rapporten"), ("item", "svara på remissen"),
    ]
    assert all(u.lead == "Deltagarna ska:" for u in units[3:])


@pytest.mark.parametrize(
    ("sentence", "goes_on"),
    [
        ("Det rör sig om anslag på 100 Mkr.", True),
        ("Detta är en ökning.", True),
        ("Varav 21 Mkr till Mellansverige.", True),
        ("Den särskilda satsningen omfattar 80 Mkr.", False),  # an article, a new subject
        ("De flesta regioner deltar.", False),
        ("Styrgruppen möts sex gånger.", False),
    ],
)
def test_a_sentence_goes_on_about_the_one_before_only_with_a_pronoun_and_its_verb(sentence, goes_on):
    from plansearch.answer.candidates import continues

    assert continues(sentence) is goes_on


@pytest.mark.parametrize(
    ("sentence", "before", "points"),
    [
        ("Det innefattar ett konsultteam.", "Ett kompetenscentrum invigdes 3 februari.", True),
        ("Kansliet är delvis bemannat.", "Regionerna vill bilda ett sjukvårdsregionalt OPT-kansli.", True),
        ("Screeningen är fullt utbyggd 2026.", "Tarmcancerscreening införs i regionerna.", True),
        ("Kansliet är delvis bemannat.", "Styrgruppen möts sex gånger.", False),  # names no kansli
        ("Styrgruppen möts sex gånger.", "Regionerna har en styrgrupp.", True),
        ("Patienten får en kallelse.", "Styrgruppen möts sex gånger.", False),  # definite, but new
        ("Den särskilda satsningen omfattar 80 Mkr.", "Barncancervården får medel.", False),
        # The noun's stem, as the sentence before names it by its verb.
        ("Behandlingen varar i 3–6 veckor.", "Kliniken behandlar tumörer genom protonstrålning.", True),
        ("Behandlingen varar i 3–6 veckor.", "Kliniken ligger i Uppsala.", False),
    ],
)
def test_a_sentence_points_back_with_a_pronoun_or_a_noun_the_one_before_names(sentence, before, points):
    from plansearch.answer.candidates import points_back

    assert points_back(sentence, before) is points


def test_a_sentence_is_joined_with_the_one_it_points_back_to_or_the_one_after_about_the_subject():
    from plansearch.answer.candidates import with_neighbour

    text = "Ett kompetenscentrum invigdes 3 februari. Det innefattar ett konsultteam. Mötet hölls i Umeå."
    units = units_of(hit(text))
    joined = with_neighbour(units[1], lambda u: False)
    assert joined is not None and joined.text == "Ett kompetenscentrum invigdes 3 februari. Det innefattar ett konsultteam."
    assert text[joined.start:joined.end] == joined.text  # the highlight covers both
    assert with_neighbour(units[0], lambda u: False) is not None  # the next one points back to it
    assert with_neighbour(units[2], lambda u: False) is None
    about = with_neighbour(units[2], lambda u: "konsultteam" in u.text)
    assert about is not None and about.text.startswith("Det innefattar")
