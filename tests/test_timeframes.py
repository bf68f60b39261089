"""Time frames: every distinct Tidsram / När cell of the shipped corpus, and the forms the plans may use."""

import pytest

from plansearch.knowledge.timeframes import parse_timeframe

# Every distinct time-frame cell of corpus/*.txt, read from the documents (Tidsram columns of the
# three plans, När? column of Gävleborg's), with (status, start, end) as a reader takes them.
CORPUS_CELLS = {
    # Mellansverige, Tidsram
    "2025": ("dated", 2025, 2025),
    "2025-27": ("dated", 2025, 2027),
    "2025–27": ("dated", 2025, 2027),
    "2025-2027": ("dated", 2025, 2027),
    "2025–2027": ("dated", 2025, 2027),
    # Norr, Tidsram
    "2022": ("dated", 2022, 2022),
    "2023": ("dated", 2023, 2023),
    "2024": ("dated", 2024, 2024),
    "2022–2023": ("dated", 2022, 2023),
    "2022–2024": ("dated", 2022, 2024),
    "2023–2024": ("dated", 2023, 2024),
    # Gävleborg, Tidsram
    "2025– 2027": ("dated", 2025, 2027),
    "Beslut klart under 2024.": ("dated", 2024, 2024),
    # Gävleborg, När?
    "Fortlöpande": ("ongoing", None, None),
    "Pågår": ("ongoing", None, None),
    "Fortlöpande utefter förutsättningar": ("ongoing", None, None),
    "Vid diagnosbesked samt kontinuerligt under hela vårdförloppet": ("ongoing", None, None),
    "Inkludering fortsätter under hela 2025.": ("dated", 2025, 2025),
    "Utifrån HSL beslut gällande föreslagna åtgärder": ("unparsed", None, None),
    "I överensstämmelse med RCC:s arbete": ("unparsed", None, None),
    "Enligt prioriteringsordning utifrån samverkan med kvalitetsregister": ("unparsed", None, None),
    "Enligt RCC utvecklingsarbete av IPÖ": ("unparsed", None, None),
    "Utifrån RCC arbete med utveckling av diagnosberoende IPÖ.": ("unparsed", None, None),
    "Enligt direktiv i barncancersatsningen": ("unparsed", None, None),
}


@pytest.mark.parametrize("raw", sorted(CORPUS_CELLS))
def test_every_corpus_time_frame(raw):
    tf = parse_timeframe(raw, period="2025–2027")
    assert (tf.status, tf.start, tf.end) == CORPUS_CELLS[raw]
    assert tf.raw == " ".join(raw.split())


@pytest.mark.parametrize(
    ("raw", "start", "end", "start_date", "end_date"),
    [
        ("Q3 2025", 2025, 2025, "2025-07-01", "2025-09-30"),
        ("hösten 2025", 2025, 2025, "2025-09-01", "2025-11-30"),
        ("Våren 2026", 2026, 2026, "2026-03-01", "2026-05-31"),
        ("andra halvåret 2025", 2025, 2025, "2025-07-01", "2025-12-31"),
        ("senast 2026", None, 2026, "", ""),
        ("Senast 31 mars 2026", None, 2026, "", "2026-03-31"),
        ("2025-06-30", 2025, 2025, "2025-06-30", "2025-06-30"),
        ("2024 och framåt", 2024, None, "", ""),
        ("Från 2025", 2025, None, "", ""),
        ("Q4 2025 – Q2 2026", 2025, 2026, "2025-10-01", "2026-06-30"),
        ("2023 och 2025", 2023, 2025, "", ""),
        ("1999-2001", 1999, 2001, "", ""),
        ("december 2025", 2025, 2025, "2025-12-01", "2025-12-31"),
    ],
)
def test_time_frame_forms(raw, start, end, start_date, end_date):
    tf = parse_timeframe(raw)
    assert (tf.start, tf.end, tf.start_date, tf.end_date) == (start, end, start_date, end_date)
    assert tf.status == "dated"


def test_plan_period_comes_from_the_document():
    tf = parse_timeframe("Under planperioden", period="2025–2027")
    assert (tf.start, tf.end, tf.from_period, tf.raw) == (2025, 2027, True, "Under planperioden")
    assert parse_timeframe("Under planperioden").status == "unparsed"  # no period known


@pytest.mark.parametrize("raw", ["Fortlöpande", "Löpande", "löpande under året", "Årligen"])
def test_ongoing_is_flagged_without_years(raw):
    tf = parse_timeframe(raw)
    assert tf.status == "ongoing" and tf.label() == "fortlöpande"
    assert not tf.covers(2025)


def test_years_covered_and_labels():
    assert [y for y in range(2020, 2030) if parse_timeframe("2025-27").covers(y)] == [2025, 2026, 2027]
    assert [y for y in range(2020, 2030) if parse_timeframe("senast 2026").covers(y)] == [2026]
    assert [y for y in range(2020, 2030) if parse_timeframe("2027 och framåt").covers(y)] == [2027, 2028, 2029]
    assert parse_timeframe("2025-27").label() == "2025–2027"
    assert parse_timeframe("senast 2026").label() == "senast 2026"
    assert parse_timeframe("Enligt plan").label() == "ej tolkad"


def test_nonsense_is_kept_raw_not_guessed():
    for raw in ["", "2027-25", "30 februari 2025", "Telefon 2025-99-99", "ca 12345"]:
        tf = parse_timeframe(raw)
        assert tf.raw == raw
    assert parse_timeframe("2027-25").start == 2027  # a backwards range: only the years named
    assert parse_timeframe("ca 12345").status == "unparsed"


def test_deadline_orders_dated_then_open_then_ongoing_then_unparsed():
    raws = ["Enligt plan", "Fortlöpande", "2024 och framåt", "2025-27", "senast 2025", "Q1 2025"]
    ordered = sorted(raws, key=lambda r: parse_timeframe(r).deadline())
    assert ordered == ["Q1 2025", "senast 2025", "2025-27", "2024 och framåt", "Fortlöpande", "Enligt plan"]
