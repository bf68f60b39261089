"""The answer routes one by one, the engine's order of them, and the confidence rule, on tests/data
(and on hand-made indexes) with the fake model; test_answer.py does the same on the real corpus."""

from __future__ import annotations

import math
import re
from dataclasses import replace

import pytest

from conftest import FakeEmbedder
from plansearch.answer.citations import word_range
from plansearch.answer.confidence import confidence, coverage, idf
from plansearch.answer.context import Context, place_first
from plansearch.answer.engine import AnswerEngine
from plansearch.answer.records import AnswerSettings
from plansearch.answer.routes import ROUTES, abstain, glossary, roles, sentences, table
from plansearch.models import DocumentMeta, Hit
from plansearch.search.searcher import Searcher
from plansearch.store.calibration import Calibration
from plansearch.text.sentences import flat
from tiny import ALWAYS, NEVER, hand_index, passage, row, small_searcher

PLAN = "Kort handlingsplan för testning"  # kort-plan.txt's title
UNREACHABLE = AnswerSettings(min_coverage=10.0, answerability=False)  # with NEVER: no passage is close by words or meaning
NO_MODEL = AnswerSettings(answerability=False)  # the rule without the learned score


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Searcher:
    return small_searcher(tmp_path_factory.mktemp("small"))


def context(searcher, asked, calibration=ALWAYS, settings=None, turns=()):
    """The analysed question and its Context, as the engine gives them to each route."""
    question = searcher.analyse(asked, turns)
    return question, Context(question, searcher, settings or NO_MODEL, calibration)


def highlighted(citation) -> str:
    start, end = citation.highlight
    return citation.passage.text[start:end]


# -- glossary -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "asked, text, passage_id, cell",
    [
        ("Vad står IPÖ för?", "IPÖ står för Individuell patientöversikt [1].", "ordlista:1", "IPÖ"),
        ("vad star rpo for", "RPO står för regionalt programområde [1].", "ordlista:3", "RPO"),
        ("KSSK", "KSSK står för Kontaktsjuksköterska [1].", "ordlista:2", "KSSK"),  # the bare abbreviation
        # From the long form to the abbreviation.
        (
            "Vad förkortas individuell patientöversikt?", "Individuell patientöversikt förkortas IPÖ [1].", "ordlista:1",
            "IPÖ",
        ),
        ("What does KSSK stand for?", "KSSK stands for Kontaktsjuksköterska [1].", "ordlista:2", "KSSK"),
        (
            "Vad är prehabilitering?",
            "Prehabilitering innebär insatser mellan diagnos och behandlingsstart som förbättrar patientens hälsa "
            "inför behandlingen. [1]",
            "ordlista:4",
            "Prehabilitering innebär insatser mellan diagnos och behandlingsstart som förbättrar patientens hälsa "
            "inför behandlingen.",
        ),
    ],
)
def test_the_glossary_route_answers_what_a_term_stands_for(small, asked, text, passage_id, cell):
    answer = glossary.answer(*context(small, asked))
    assert answer is not None and answer.route == "glossary" and not answer.abstained
    assert answer.text == text
    [citation] = answer.citations
    assert citation.passage.id == passage_id and highlighted(citation) == cell


@pytest.mark.parametrize(
    "asked",
    [
        "vem ansvarar för teledermatoskopi?",  # not about a term
        "Berätta om IPÖ",  # names the abbreviation, but asks no "stands for" or "what is"
        "Vad står ABC för?",  # no such entry
        "Vad är syftet och målet med IPÖ?",  # asks more than the term
        "Vad är syftet med IPÖ?",  # …however short: its purpose, not what it stands for
    ],
)
def test_the_glossary_route_leaves_other_questions_alone(small, asked):
    assert glossary.answer(*context(small, asked)) is None


# -- roles --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "asked, name, activity, label, passage_id",
    [
        ("Vad ansvarar verksamhetschefen för?", "Verksamhetschefen", "Utbilda personal i bedömning av hudförändringar",
         "ansvarig", "kort-plan:3"),
        ("vad ansvarar hälso- och sjukvårdsdirektören för?", "Hälso- och sjukvårdsdirektören",
         "Införa teledermatoskopi på alla vårdcentraler", "ansvarig", "kort-plan:2"),
        # Named in the Vem? column: it carries the activity out.
        ("Vad ansvarar Hudkliniken för?", "Hudkliniken", "Utbilda personal i bedömning av hudförändringar", "utför",
         "kort-plan:3"),
    ],
)
def test_the_roles_route_lists_what_a_role_is_responsible_for(small, asked, name, activity, label, passage_id):
    answer = roles.answer(*context(small, asked))
    assert answer is not None and answer.route == "roles"
    assert answer.text == (
        f"Enligt dokumenten ansvarar {name} för eller deltar i 1 aktivitet:\n"
        f"• {activity} ({PLAN}, {label}) [1]"
    )
    [citation] = answer.citations
    assert citation.passage.id == passage_id and highlighted(citation) == name  # the role's name in its row


def test_the_roles_route_answers_in_english_too(small):
    answer = roles.answer(*context(small, "What does the verksamhetschef do?"))
    assert answer.text.startswith("In the documents, Verksamhetschefen is named for 1 activity:\n• ")
    assert answer.text.endswith(f"({PLAN}, responsible) [1]")


def test_the_roles_route_shows_the_duties_sharing_the_questions_words_first():
    activities = [
        "Leda screeningprogrammet", "Samordna remisser", "Följa upp ledtider", "Rapportera till RCC", "Ordna möten",
    ]
    rows = [row("plan", n, ("Aktivitet", a), ("Ansvarig", "Cancersamordnaren")) for n, a in enumerate(activities)]
    searcher = Searcher(hand_index(rows), FakeEmbedder())
    answer = roles.answer(*context(searcher, "Vad ansvarar cancersamordnaren för när det gäller remisser?"))
    bullets = answer.text.split("\n")[1:]
    assert bullets[0].startswith("• Samordna remisser")
    assert len(answer.citations) == len(bullets) == 4  # at most four shown…
    assert answer.text.endswith("(1 till finns på rollsidan.)")  # …and the rest counted
    assert answer.text.startswith("Enligt dokumenten ansvarar Cancersamordnaren för eller deltar i 5 aktiviteter")


@pytest.mark.parametrize(
    "asked",
    [
        "Vem är verksamhetschefen?",  # asks for a body, not for its duties
        "Vem bestämmer vad verksamhetschefen ansvarar för?",  # "vem" wins over "vad … ansvarar"
        "Vad ansvarar tandläkaren för?",  # a role the documents do not know
        "Hur arbetar verksamhetschefen?",  # not about duties
    ],
)
def test_the_roles_route_leaves_other_questions_alone(small, asked):
    assert roles.answer(*context(small, asked)) is None


# -- abstention ---------------------------------------------------------------------------------

ANSWERABLE = "Hur ska teledermatoskopi införas i primärvården?"


@pytest.mark.parametrize(
    "calibration, settings, abstains",
    [
        (ALWAYS, NO_MODEL, False),  # close enough by meaning
        (NEVER, NO_MODEL, False),  # not by meaning, but the passage holds the question's words
        (NEVER, UNREACHABLE, True),  # by neither
    ],
)
def test_the_abstain_route_abstains_only_when_no_passage_is_close_enough(small, calibration, settings, abstains):
    question, ctx = context(small, ANSWERABLE, calibration, settings)
    answer = abstain.answer(question, ctx)
    assert (answer is not None) is abstains
    assert (ctx.confidence < 1.0) is abstains


def test_an_abstention_says_so_and_shows_the_closest_passages(small):
    question, ctx = context(small, ANSWERABLE, NEVER, UNREACHABLE)
    answer = abstain.answer(question, ctx)
    assert answer.abstained and answer.route == "none" and answer.confidence == ctx.confidence
    assert answer.text == (
        "Jag hittar inget i dokumenten om ”teledermatoskopi införas i primärvården”. De närmaste avsnitten visas nedan."
    )
    assert [c.n for c in answer.citations] == [1, 2, 3]
    assert [c.passage for c in answer.citations] == [h.passage for h in ctx.hits[:3]]
    # Each highlights its sentence closest to the question, in whole words (issue 20, item 5).
    assert all(c.highlight[0] < c.highlight[1] for c in answer.citations)
    assert all(word_range(c.passage.text, *c.highlight) == c.highlight for c in answer.citations)


def test_an_english_abstention_is_in_english(small):
    answer = abstain.answer(*context(small, "How will teledermatoscopy be introduced?", NEVER, UNREACHABLE))
    assert answer.text.startswith("I find nothing in the documents about ”")
    assert answer.text.endswith("The closest passages are shown below.")


def test_with_nothing_found_the_abstention_shows_no_passages(small):
    question, ctx = context(small, "   ")
    answer = abstain.answer(question, ctx)
    assert answer.abstained and answer.citations == () and answer.confidence == 0.0
    assert "närmaste" not in answer.text


def test_the_abstain_route_abstains_when_no_passage_is_about_the_region_asked_for(small):
    question, ctx = context(small, "vem ansvarar för teledermatoskopi i Norrbotten?")
    assert ctx.confidence >= 1.0 and not ctx.about_place  # close enough, but about no Norrbotten
    answer = abstain.answer(question, ctx)
    assert answer.abstained and "Norrbotten" in answer.text
    assert abstain.answer(*context(small, "vem ansvarar för teledermatoskopi?")) is None


REGIONS = [
    passage("gav", 0, "I Gävleborg har tolv vårdcentraler infört teledermatoskopi."),
    passage("nbt", 0, "I Norrbotten har sju vårdcentraler infört teledermatoskopi."),
    passage("vbt", 0, "Hudkliniken tar emot bilderna från vårdcentralerna."),
    passage("annat", 0, "Screening för livmoderhalscancer erbjuds alla kvinnor."),
]
REGION_METAS = [DocumentMeta("vbt", "Plan för Västerbotten", "vbt.txt", region="Region Västerbotten")]


@pytest.fixture(scope="module")
def regions() -> Searcher:
    return Searcher(hand_index(REGIONS, REGION_METAS), FakeEmbedder())


@pytest.mark.parametrize(
    "place, first, about",
    [
        ("Norrbotten", "nbt:0", True),
        ("Gävleborg", "gav:0", True),
        ("Västerbotten", "vbt:0", True),  # not in its text: its document is about the region
        ("Skåne", "annat:0", False),  # no passage is: the order stays, and the route abstains
    ],
)
def test_a_passage_about_the_region_asked_for_goes_first(regions, place, first, about):
    question = regions.analyse(f"Hur många vårdcentraler har teledermatoskopi i {place}?")
    order = ["annat:0", "vbt:0", "nbt:0", "gav:0"]  # the region's passage is never first already
    hits = [Hit(regions.index.passages[regions.index.row_of[pid]], 1.0 - n / 10, n + 1) for n, pid in enumerate(order)]
    placed, found = place_first(question, hits, regions.index)
    assert found is about
    assert [h.passage.id for h in placed] == [first] + [pid for pid in order if pid != first]  # the rest keep order


def test_a_follow_up_naming_another_region_is_answered_from_that_region(regions):
    first = "Hur många vårdcentraler har teledermatoskopi i Gävleborg?"
    turns = [{"role": "user", "content": first}, {"role": "assistant", "content": "I Gävleborg tolv [1]."}]
    answer = AnswerEngine(regions, NO_MODEL, calibration=ALWAYS).answer("och i Norrbotten?", turns)
    assert not answer.abstained and answer.citations[0].passage.id == "nbt:0"


# -- table cells --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "asked, passage_id, cell, text",
    [
        (
            "vem ansvarar för teledermatoskopi?", "kort-plan:2", "Hälso- och sjukvårdsdirektören",
            f"{PLAN}: ansvarig för ”Införa teledermatoskopi på alla vårdcentraler” är Hälso- och sjukvårdsdirektören "
            "(utförs av: Primärvården) [1].",
        ),
        (
            "Vem ansvarar för att utbilda personal i bedömning av hudförändringar?", "kort-plan:3", "Verksamhetschefen",
            f"{PLAN}: ansvarig för ”Utbilda personal i bedömning av hudförändringar” är Verksamhetschefen "
            "(utförs av: Hudkliniken) [1].",
        ),
        # A question naming a column gets that column's cell, whatever its intent.
        (
            "Vad är tidsramen för att utbilda personal?", "kort-plan:3", "2026",
            f"{PLAN}: tidsram för ”Utbilda personal i bedömning av hudförändringar” är 2026 [1].",
        ),
    ],
)
def test_the_table_route_answers_from_the_asked_cell_and_highlights_it(small, asked, passage_id, cell, text):
    answer = table.answer(*context(small, asked))
    assert answer is not None and answer.route == "table"
    assert answer.text == text
    [citation] = answer.citations
    assert citation.passage.id == passage_id and highlighted(citation) == cell


def test_the_table_route_takes_one_row_per_document(small):
    question, ctx = context(small, "Vem ansvarar för teledermatoskopi och för att utbilda personal?")
    top = ctx.hits[0].score
    rows = [h for h in ctx.hits[:5] if h.passage.kind == "table_row" and h.score >= ctx.settings.row_ratio * top]
    assert len(rows) == 2  # both rows of the plan would answer…
    answer = table.answer(question, ctx)
    assert [c.passage.id for c in answer.citations] == [rows[0].passage.id]  # …the better one does


@pytest.mark.parametrize(
    "asked, settings",
    [
        (ANSWERABLE, AnswerSettings()),  # no role, no column named
        ("Vem sköter uppföljningen av teledermatoskopi?", AnswerSettings()),  # no row has an Uppföljning cell
        ("vem ansvarar för teledermatoskopi?", AnswerSettings(row_ratio=1.5)),  # no row scores close enough
    ],
)
def test_the_table_route_leaves_other_questions_alone(small, asked, settings):
    assert table.answer(*context(small, asked, settings=settings)) is None


def test_rows_do_not_answer_when_a_paragraph_ranks_first_with_more_of_the_question():
    paragraph = "Teledermatoskopi ska införas på alla vårdcentraler i Gävleborg; cancersamordnaren är ansvarig."
    searcher = Searcher(
        hand_index([passage("plan", 0, paragraph), row("plan", 1, ("Aktivitet", "Införa teledermatoskopi"),
                                                           ("Ansvarig", "Cancersamordnaren"))]),
        FakeEmbedder(),
    )
    question, ctx = context(searcher, "vem ansvarar för att teledermatoskopi införs på alla vårdcentraler i Gävleborg?")
    assert ctx.hits[0].passage.kind == "paragraph"
    assert ctx.coverage(ctx.hits[1].passage.text) < ctx.coverage(ctx.hits[0].passage.text)
    assert table.answer(question, ctx) is None


# -- sentences ----------------------------------------------------------------------------------


def test_the_sentences_route_quotes_the_best_sentence_and_highlights_exactly_it(small):
    # second_ratio=2: no second sentence joins.
    answer = sentences.answer(*context(small, ANSWERABLE, settings=AnswerSettings(second_ratio=2.0)))
    sentence = (
        "Planen beskriver hur teledermatoskopi ska införas i primärvården och vem som ansvarar för uppföljningen."
    )
    # "Planen" points back to the sentence that names the plan, which is quoted with it.
    quoted = f"Region Testland har tagit fram en kort plan för att pröva sökningen. {sentence}"
    assert answer.route == "text" and not answer.abstained
    assert answer.text == f"{quoted} [1]"
    [citation] = answer.citations
    assert citation.passage.id == "kort-plan:1" and highlighted(citation) == quoted


@pytest.mark.parametrize(
    "asked",
    [
        ANSWERABLE,
        "bakgrund till teledermatoskopi i primärvården",  # the heading shares a word
        "Vilken bakgrund har planen?",
        "Vad står det i bakgrunden?",  # a passage's own heading is never one of its units
    ],
)
def test_every_quoted_sentence_is_highlighted_and_none_is_a_heading(small, asked):
    answer = sentences.answer(*context(small, asked))
    quoted = re.findall(r"(.+?) \[(\d+)\]\s*", answer.text)
    assert [int(n) for _, n in quoted] == [c.n for c in answer.citations]
    for (text, _), citation in zip(quoted, answer.citations, strict=True):
        if citation.passage.kind == "table_row":
            # A cell is quoted with its column and its row's lead ("Vem: Primärvården (”Införa …”)");
            # the highlight marks the cell itself.
            assert flat(highlighted(citation)) in text
        else:
            assert flat(highlighted(citation)) == text
        assert text not in citation.passage.heading, f"quoted the heading {citation.passage.heading!r}"


@pytest.mark.parametrize(
    "settings, quoted",
    [
        (AnswerSettings(second_ratio=0.0), 2),  # another passage's unit scores at least 0 times the best's
        (AnswerSettings(second_ratio=2.0), 1),  # …but not twice the best's
    ],
)
def test_a_second_sentence_joins_only_when_it_scores_nearly_as_well(small, settings, quoted):
    answer = sentences.answer(*context(small, ANSWERABLE, settings=settings))
    assert len(answer.citations) == quoted
    assert len({c.passage.id for c in answer.citations}) == quoted


def test_an_english_question_gets_an_english_frame(small):
    answer = sentences.answer(*context(small, "How will teledermatoscopy be introduced in primary care?"))
    # The best unit is a table cell: its English column label, the row's Swedish activity quoted.
    assert answer.text.startswith("Carried out by: Primärvården (“Införa teledermatoskopi") and answer.language == "en"
    assert "Vem" not in answer.text and "According to" not in answer.text


# -- the engine ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "asked, calibration, settings, route",
    [
        ("Vad står IPÖ för?", NEVER, UNREACHABLE, "glossary"),  # the glossary comes before the abstention
        ("Vad ansvarar verksamhetschefen för?", ALWAYS, None, "roles"),  # the roles before the table
        ("vem ansvarar för teledermatoskopi?", NEVER, UNREACHABLE, "none"),  # the abstention before the table
        ("vem ansvarar för teledermatoskopi?", ALWAYS, None, "table"),  # the table before the sentences
        (ANSWERABLE, ALWAYS, None, "text"),
    ],
)
def test_the_engine_takes_the_first_route_that_answers(small, asked, calibration, settings, route):
    engine = AnswerEngine(small, settings, calibration)
    assert engine.answer(asked).route == route


def test_an_abbreviation_goes_to_the_glossary_although_the_passages_would_answer(small):
    question, ctx = context(small, "Vad står IPÖ för?")
    assert sentences.answer(question, ctx) is not None  # the last route would quote the entry
    answer = AnswerEngine(small, calibration=ALWAYS).answer("Vad står IPÖ för?")
    assert answer.route == "glossary" and answer.text == "IPÖ står för Individuell patientöversikt [1]."


def test_the_engine_runs_a_custom_list_of_routes(small):
    engine = AnswerEngine(small, calibration=ALWAYS, routes=[sentences.answer])
    assert engine.answer("Vad står IPÖ för?").route == "text"
    assert AnswerEngine(small, calibration=ALWAYS).routes == ROUTES


def test_every_route_sees_the_one_analysed_question(small, monkeypatch):
    calls = []
    analyse = small.analyse
    monkeypatch.setattr(small, "analyse", lambda *args: calls.append(args) or analyse(*args))
    seen = []

    def spy(question, ctx):
        seen.append((question, ctx.question))
        return None

    turns = [{"role": "user", "content": "Vad står IPÖ för?"}]
    answer = AnswerEngine(small, calibration=ALWAYS, routes=[spy, spy, sentences.answer]).answer("och KSSK?", turns)
    assert len(calls) == 1  # analysed once for all the routes
    assert len(seen) == 2 and all(q is seen[0][0] and c is seen[0][0] for q, c in seen)
    # A bare abbreviation after "Vad står IPÖ för?" asks the same of it.
    assert seen[0][0].follow_up and answer.query == "Vad står KSSK för?"


def test_the_engine_refuses_a_route_list_whose_last_route_can_decline(small):
    engine = AnswerEngine(small, calibration=ALWAYS, routes=[glossary.answer])
    with pytest.raises(AssertionError):
        engine.answer(ANSWERABLE)


# -- confidence ---------------------------------------------------------------------------------

COVERED = "kort-plan:1"  # holds every word of ANSWERABLE
UNCOVERED = "ordlista:2"  # holds none of them
CALIBRATION = Calibration(model=FakeEmbedder.name, min_dense=0.8, min_dense_english=0.5)
HALF = AnswerSettings(min_coverage=0.5)


def top_hit(searcher, passage_id, dense=None) -> Hit:
    signals = {"dense": {"rank": 1, "score": dense}} if dense is not None else {}
    return Hit(searcher.index.passages[searcher.index.row_of[passage_id]], 1.0, 1, signals)


@pytest.mark.parametrize(
    "language, passage_id, dense, expected",
    [
        ("sv", COVERED, 0.4, 2.0),  # by words: coverage 1.0 / 0.5, better than 0.4 / 0.8
        ("sv", UNCOVERED, 0.4, 0.5),  # by meaning: 0.4 / 0.8
        ("sv", UNCOVERED, 0.96, 1.2),
        ("en", COVERED, 0.4, 0.8),  # English: the cosine alone (0.4 / 0.5), whatever the words
        ("en", UNCOVERED, 0.6, 1.2),
    ],
)
def test_confidence_is_the_best_of_words_and_meaning_and_meaning_alone_in_english(
    small, language, passage_id, dense, expected
):
    question = replace(small.analyse(ANSWERABLE), language=language)
    assert confidence(small, question, top_hit(small, passage_id, dense), HALF, CALIBRATION) == pytest.approx(expected)


def test_confidence_computes_the_cosine_when_the_hit_lacks_it(small):
    question = small.analyse(ANSWERABLE)
    cosine = float(small.index.vectors[small.index.row_of[UNCOVERED]] @ small.query_vector(question))
    assert cosine > 0
    assert confidence(small, question, top_hit(small, UNCOVERED), HALF, CALIBRATION) == pytest.approx(cosine / 0.8)


def test_coverage_is_an_idf_weighted_share_of_the_questions_terms(small):
    question = small.analyse(ANSWERABLE)
    index = small.index
    shares = [coverage(index, question, p.text) for p in index.passages]
    assert all(0.0 <= s <= 1.0 for s in shares)
    assert coverage(index, question, index.passages[index.row_of[COVERED]].text) == pytest.approx(1.0)
    assert coverage(index, question, index.passages[index.row_of[UNCOVERED]].text) == 0.0
    assert coverage(index, small.analyse("vad är det?"), "vad är det?") == 0.0  # no terms at all


def test_a_term_no_passage_has_weighs_most(small):
    index = small.index
    question = small.analyse("teledermatoskopi zebrafink")
    assert idf(index, "zebrafink") == pytest.approx(math.log(len(index.passages) + 1))
    assert idf(index, "zebrafink") > idf(index, "teledermatoskopi") > 0
    # Holding the known term covers less than half the question: the documents lack the other.
    assert coverage(index, question, "teledermatoskopi") < 0.5 < coverage(index, question, "zebrafink")
