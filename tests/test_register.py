"""Filters, counts and outputs of the activity register, on activities made in the test."""

import csv
import io

import pytest

from plansearch.knowledge.activities import extract_activities
from plansearch.knowledge.register import (
    CSV_COLUMNS,
    ActivityFilter,
    counts,
    filter_activities,
    json_row,
    to_csv,
)
from plansearch.models import DocumentMeta, Passage

META = {
    "gavle": DocumentMeta("gavle", "Handlingsplan Gävleborg", "g.txt", region="Region Gävleborg", period="2025–2027"),
    "norr": DocumentMeta("norr", "Cancerplan Norr", "n.txt", region="Norra sjukvårdsregionen", period="2022–2024"),
}
ROWS = [  # doc, activity, responsible, time frame
    ("gavle", "Screening för alla", "- Regionerna - RCC Mellansverige", "2025-27"),
    ("gavle", "Utbilda kontaktsjuksköterskor", "Cancersamordnare", "Fortlöpande"),
    ("gavle", "Förstudie om ärftlig cancer", "RCC Mellansverige tillsammans med regionerna", "Beslut klart under 2024."),
    ("norr", "Screening för tjocktarmscancer", "Regionerna", "2022–2023"),
    ("norr", "Gentest för bröstcancer", "Regionerna RCC Norrs processledare", "2024"),
    ("norr", "Nätverk för rehabilitering", "RCC Norr", "Enligt RCC:s arbete"),
]


@pytest.fixture(scope="module")
def activities():
    passages = []
    for n, (doc, text, responsible, time) in enumerate(ROWS):
        fields = (("Aktivitet", text), ("Ansvarig", responsible), ("Tidsram", time))
        passages.append(Passage(f"{doc}:{n}", doc, n, text, "Kapitel 1 › 1.1 Screening", 1, "table_row", 0, 1, fields=fields))
    return extract_activities(passages, META)


def texts(items):
    return [a.text for a in items]


def test_sorted_by_deadline_with_ongoing_and_unparsed_last(activities):
    assert texts(filter_activities(activities, ActivityFilter())) == [
        "Screening för tjocktarmscancer", "Förstudie om ärftlig cancer", "Gentest för bröstcancer",
        "Screening för alla", "Utbilda kontaktsjuksköterskor", "Nätverk för rehabilitering",
    ]


def test_region_and_document(activities):
    assert len(filter_activities(activities, ActivityFilter(region="gävleborg"))) == 3
    assert len(filter_activities(activities, ActivityFilter(region="Norra"))) == 3
    assert len(filter_activities(activities, ActivityFilter(document="norr"))) == 3
    assert filter_activities(activities, ActivityFilter(region="Stockholm")) == []


def test_body_groups_variants_and_inflections(activities):
    rcc_norr = filter_activities(activities, ActivityFilter(body="RCC Norr"))
    assert texts(rcc_norr) == ["Gentest för bröstcancer", "Nätverk för rehabilitering"]
    regions = filter_activities(activities, ActivityFilter(body="regionerna"))
    assert len(regions) == 4  # "- Regionerna", "Regionerna …", "tillsammans med regionerna"
    assert texts(filter_activities(activities, ActivityFilter(body="cancersamordnaren"))) == ["Utbilda kontaktsjuksköterskor"]


def test_year_keeps_ongoing_and_unparsed_flagged(activities):
    in_2024 = filter_activities(activities, ActivityFilter(year=2024))
    assert texts(in_2024) == [
        "Förstudie om ärftlig cancer", "Gentest för bröstcancer", "Utbilda kontaktsjuksköterskor", "Nätverk för rehabilitering",
    ]
    assert [json_row(a, 2024)["year_match"] for a in in_2024] == ["covers", "covers", "ongoing", "unparsed"]
    assert "Screening för alla" in texts(filter_activities(activities, ActivityFilter(year=2026)))
    with pytest.raises(ValueError, match="Året"):
        ActivityFilter(year=20255)


def test_free_text_needs_every_word_any_case_and_accents(activities):
    assert texts(filter_activities(activities, ActivityFilter(text="SCREENING tjocktarm"))) == ["Screening för tjocktarmscancer"]
    assert texts(filter_activities(activities, ActivityFilter(text="brostcancer"))) == ["Gentest för bröstcancer"]
    assert filter_activities(activities, ActivityFilter(text="tjocktarm rehabilitering")) == []


def test_counts_per_filter_keep_the_other_filters(activities):
    c = counts(activities, ActivityFilter(region="Gävleborg"))
    assert c["region"] == {"Region Gävleborg": 3, "Norra sjukvårdsregionen": 3}  # region itself not applied
    assert c["year"] == {"2024": 1, "2025": 1, "2026": 1, "2027": 1, "fortlöpande": 1}
    assert c["year"]["fortlöpande"] == 1 and "ej tolkad" not in c["year"] and c["year"]["2026"] == 1
    assert c["body"]["Cancersamordnare"] == 1 and "RCC Norr" not in c["body"]


def test_csv_has_swedish_columns_and_parsed_years(activities):
    rows = list(csv.DictReader(io.StringIO(to_csv(activities))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert (rows[0]["Tidsram"], rows[0]["Start"], rows[0]["Slut"]) == ("2025-27", "2025", "2027")
    assert (rows[1]["Tidsram"], rows[1]["Start"], rows[1]["Slut"]) == ("Fortlöpande", "", "")
    assert rows[0]["Avsnitt-id"] == "gavle:0" and rows[0]["Målområde"] == "Screening"
    assert rows[0]["Region"] == "Region Gävleborg" and rows[0]["Dokument"] == "Handlingsplan Gävleborg"


def test_timeline_groups_by_end_year_with_ongoing_and_unparsed_shown_last(activities):
    from plansearch.server.activities_view import download_links, parse_year, timeline

    groups = timeline(filter_activities(activities, ActivityFilter()))
    assert [(g.heading, len(g.activities)) for g in groups] == [
        ("Klart 2023", 1), ("Klart 2024", 2), ("Klart 2027", 1), ("Fortlöpande", 1), ("Tidsram ej tolkad", 1),
    ]
    assert parse_year(" 2025 ") == (2025, "") and parse_year("") == (None, "")
    assert parse_year("år 3")[0] is None and "inte ett år" in parse_year("år 3")[1]
    links = download_links(ActivityFilter(region="Region Gävleborg", year=2025))
    assert links["csv"] == "/api/activities?region=Region+G%C3%A4vleborg&year=2025&format=csv"


def test_score_counts_missing_rows_wrong_cells_and_extra_rows(activities):
    from plansearch.evaluate.register import score_register

    hand = {"document": "norr", "rows": [
        {"goal_area": "Screening", "activity": "Screening för tjocktarm", "responsible": ["Regionerna"], "time_frame": "2022–2023", "start": 2022, "end": 2023},
        {"goal_area": "Screening", "activity": "Gentest", "responsible": ["Regionerna", "RCC Norrs processledare"], "time_frame": "2024", "start": 2023, "end": 2024},
        {"goal_area": "Screening", "activity": "Finns inte", "responsible": [], "time_frame": "2024", "start": 2024, "end": 2024},
    ]}
    score = score_register(activities, hand)
    assert (score["recall"], score["precision"]) == (2 / 3, 2 / 3)  # "Nätverk för rehabilitering" is extra
    assert score["right"] == {"time_frame": 1.0, "years": 0.5, "goal_area": 1.0, "bodies": 1.0}
    assert any(m.startswith("row not found: Finns inte") for m in score["misses"])
    assert any(m.startswith("extra row: Nätverk") for m in score["misses"])
