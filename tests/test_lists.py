"""List answers (issue 16): every item, from the table rows a year selects or from the line that
enumerates a healthcare region's regions. The real-corpus questions were written by reading the
documents (none is in a QA set)."""

from __future__ import annotations

import pytest

from plansearch.service import Service


@pytest.fixture(scope="module")
def service(real_settings):
    return Service(real_settings)


# Lists by year (issue 16, part 4): "har tidsramen 2023" is a row whose frame is 2023 alone; "ska
# vara klara 2023" a row that ends in 2023; otherwise a frame that covers the year. Rows of the
# prevention chapter of Norr's plan, read from the document: colorectal screening 2022–2023,
# hereditary cancer 2023–2024, OPT 2023, the mammography register 2023.
def test_rows_whose_time_frame_is_the_year_asked(service):
    answer, _ = service.ask("Vilka mål i Norrs cancerplan har tidsramen 2023?")
    assert answer.route == "list"
    assert "prostatacancertestning" in answer.text and "mammografiregistret" in answer.text
    assert "tjock- och ändtarmscancer" not in answer.text and "cancergenetisk" not in answer.text


def test_rows_due_in_the_year_asked(service):
    answer, _ = service.ask("Vilka mål i Norrs cancerplan ska vara klara 2023?")
    assert answer.route == "list"
    # Every item cites a row of the activity register, and the answer links to the filtered page.
    rows = {a.passage_id for a in service.snapshot.index.activity_list}
    assert answer.citations and all(c.passage.id in rows for c in answer.citations)
    assert answer.link == "/aktiviteter?region=Norra+sjukv%C3%A5rdsregionen&year=2023"
    assert "tjock- och ändtarmscancer" in answer.text and "prostatacancertestning" in answer.text
    assert "cancergenetisk" not in answer.text  # 2023–2024 ends later



@pytest.mark.parametrize(
    ("asked", "regions", "opening"),
    [
        # Socialstyrelsen's table of the RCCs, which the reader keeps as lines (it has no rules).
        ("Vilka regioner ingår i norra sjukvårdsregionen?", ("Norrbotten", "Västerbotten", "Västernorrland", "Jämtland Härjedalen"), "Enligt Socialstyrelsens analys:"),
        ("Which regions are part of the northern healthcare region?", ("Norrbotten", "Jämtland Härjedalen"), "Socialstyrelsens analys lists:"),
        # Mellansverige's plan names its seven regions in a parenthesis.
        ("Vilka regioner ingår i RCC Mellansverige?", ("Dalarna", "Gävleborg", "Sörmland", "Uppsala", "Värmland", "Västmanland", "Örebro"), "Enligt "),
    ],
)
def test_the_regions_of_a_healthcare_region_are_listed_from_the_line_that_names_them(service, asked, regions, opening):
    answer, _ = service.ask(asked)
    assert not answer.abstained and answer.text.startswith(opening)
    assert all(region in answer.text for region in regions)
    (citation,) = answer.citations
    start, end = citation.highlight
    assert all(region in citation.passage.text[start:end] for region in regions)


def test_which_of_a_regions_members_did_something_is_not_answered_with_the_member_list(service):
    answer, _ = service.ask("Vilka regioner i Mellansverige har infört OPT?")
    assert "Dalarna, Gävleborg, Sörmland" not in answer.text


def test_a_list_that_is_not_register_rows_has_no_register_link(service):
    answer, _ = service.ask("Vilka regioner ingår i norra sjukvårdsregionen?")
    assert answer.link == ""
