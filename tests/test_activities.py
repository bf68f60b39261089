"""The activity register from table rows made in the test: which tables count, cells, bodies, time frames."""

import pytest

from plansearch.knowledge.activities import Activity, extract_activities, goal_area, is_activity_table
from plansearch.models import DocumentMeta, Passage, Role

META = {
    "plan": DocumentMeta("plan", "Cancerplan 2025–2027", "plan.txt", region="Region Test", period="2025–2027"),
    "other": DocumentMeta("other", "Rapport", "other.txt", region="Nationell", period="2024"),
}


def row(n: int, fields: list[tuple[str, str]], section: str = "Kapitel 3 › Tabell 3c Screening", doc: str = "plan") -> Passage:
    text = " ".join(f"{c}: {v}" for c, v in fields)
    return Passage(f"{doc}:{n}", doc, n, text, section, 1, "table_row", 0, len(text), fields=tuple(fields))


SEVEN = [
    ("Aktivitet", "Öka täckningsgraden"),
    ("Hur?", "Utbildning"),
    ("Vem?", "Verksamheterna med stöd av cancersamordnare"),
    ("När?", "Fortlöpande"),
    ("Ansvarig", "- Regionerna - RCC Mellansverige"),
    ("Uppföljning?", "2 ggr/år"),
    ("Tidsram", "2025-27"),
]


def test_seven_columns_fill_every_field():
    [a] = extract_activities([row(1, SEVEN)], META)
    assert (a.text, a.column, a.how, a.when, a.follow_up) == ("Öka täckningsgraden", "Aktivitet", "Utbildning", "Fortlöpande", "2 ggr/år")
    assert a.who == "Verksamheterna med stöd av cancersamordnare"
    assert (a.time_frame.raw, a.time_frame.start, a.time_frame.end) == ("2025-27", 2025, 2027)
    assert [b.name for b in a.bodies] == ["Regionerna", "RCC Mellansverige"]
    assert [(b.name, b.support) for b in a.doers] == [("Verksamheterna", False), ("cancersamordnare", True)]
    assert (a.goal_area, a.region, a.document, a.passage_id) == ("Screening", "Region Test", "Cancerplan 2025–2027", "plan:1")


def test_goal_tables_count_and_other_tables_do_not():
    goal = row(2, [("Mål", "Screening ska införas"), ("Ansvarig", "Regionerna"), ("Tidsram", "2022–2023")])
    drugs = row(3, [("Läkemedel", "Pembrolizumab"), ("Dos", "200 mg")])
    names_only = row(4, [("Aktivitet", "Något"), ("Kommentar", "text")])
    prose = Passage("plan:5", "plan", 5, "Aktivitet Ansvarig Tidsram", "", 1, "paragraph", 0, 10)
    activities = extract_activities([goal, drugs, names_only, prose], META)
    assert [a.passage_id for a in activities] == ["plan:2"]
    assert activities[0].column == "Mål" and activities[0].time_frame.end == 2023
    assert is_activity_table(["Åtgärd", "Tidplan"]) and not is_activity_table(["Tidsram", "Ansvarig"])


def test_plan_period_and_when_column_stand_in():
    in_period = row(6, [("Aktivitet", "A"), ("Ansvarig", "RCC"), ("Tidsram", "Under planperioden")])
    only_when = row(7, [("Åtgärd", "B"), ("När?", "hösten 2025")], doc="other")
    a, b = extract_activities([in_period, only_when], META)
    assert (a.time_frame.start, a.time_frame.end, a.time_frame.from_period) == (2025, 2027, True)
    assert (b.time_frame.start_date, b.time_frame.end_date) == ("2025-09-01", "2025-11-30")
    assert b.region == "Nationell"


def test_body_variants_are_grouped_under_the_directorys_name():
    roles = [Role("rcc norr", "RCC Norr", ["RCC Norr", "RCC Norrs"])]
    rows = [
        row(8, [("Mål", "A"), ("Ansvarig", "Regionerna, RCC Norr"), ("Tidsram", "2024")]),
        row(9, [("Mål", "B"), ("Ansvarig", "RCC Norrs"), ("Tidsram", "2024")]),
    ]
    a, b = extract_activities(rows, META, roles)
    assert [x.name for x in a.bodies] == ["Regionerna", "RCC Norr"]
    assert a.bodies[1].key == b.bodies[0].key
    assert b.bodies[0].group == "RCC Norr" and b.bodies[0].name == "RCC Norrs"


def test_round_trip_through_a_dict():
    [a] = extract_activities([row(1, SEVEN)], META)
    assert Activity.from_dict(a.to_dict()) == a


def test_goal_area_drops_numbers_and_captions():
    assert goal_area("2. Utvecklingsplan › 2.1 Patienter- och närstående") == "Patienter- och närstående"
    assert goal_area("Kapitel 4 › 4h IPÖ › Tabell 4i Cancerläkemedel") == "Cancerläkemedel"
    assert goal_area("1. Prevention och tidig diagnostik") == "Prevention och tidig diagnostik"
    assert goal_area("") == ""


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        ("RPO äldres hälsa, palliativvård", ["RPO äldres hälsa och palliativvård"]),  # a comma inside one name
        ("Vårdprocessgrupper (VPG/RAG/nätverk)", ["Vårdprocessgrupper"]),  # what the body includes
        ("Primärvården, specialistvården", ["Primärvården", "specialistvården"]),
        ("Regionerna, RCC Norr", ["Regionerna", "RCC Norr"]),
        ("Regioner och kommuner", ["Regioner", "kommuner"]),  # a one-word body and a plural noun
        ("Primärvården och specialistvården", ["Primärvården", "specialistvården"]),
        ("RPO äldres hälsa och palliativvård", ["RPO äldres hälsa och palliativvård"]),
        ("Regionerna utifrån struktur skapad av RCC Mellansverige", ["Regionerna"]),  # how, not who
        ("RCC Norrs processledare för ärftlig cancer", ["RCC Norrs processledare för ärftlig cancer"]),
    ],
)
def test_a_responsible_cell_is_split_into_its_bodies(cell, names):
    from plansearch.knowledge.roles import split_names

    assert [name for name, _ in split_names(cell)] == names


def test_role_names_that_differ_by_a_space_inside_a_word_are_one_role():
    from plansearch.knowledge.roles import extract_roles

    def cell(n: int, who: str) -> Passage:
        return row(n, [("Aktivitet", f"Aktivitet {n}"), ("Ansvarig", who), ("Tidsram", "2025")])

    roles = extract_roles([cell(1, "Verksamheterna"), cell(2, "Verksamheterna"), cell(3, "Verksamheter na"),
                           cell(4, "Vårdprocess grupper"), cell(5, "Vårdprocessgrupper"),
                           cell(6, "RAG för kontaktsjuksköterskor"), cell(7, "RAG kontaktsjuksköterskor"),
                           cell(8, "RCC Norr"), cell(9, "RCC Mellansverige")])
    by_name = {r.name: r for r in roles}
    assert set(by_name) >= {"Verksamheterna", "RCC Norr", "RCC Mellansverige"} and len(roles) == 5
    assert len(by_name["Verksamheterna"].duties) == 3 and "Verksamheter na" in by_name["Verksamheterna"].variants
