"""Follow-up questions: which turns lean on the previous one, how a changed constraint is swapped
in, which intent a follow-up keeps, and (on the real corpus) the answers they get."""

from __future__ import annotations

import re

import pytest

from plansearch.search.followup import asks_itself, is_follow_up, resolve, swap_relative_year, swap_scope, swap_topic
from plansearch.search.topic import follow_up_topic

NOR = "cancerplan-norr-2022-2024"
MEL = "cancerplan-mellansverige-2025-2027"
GAV = "handlingsplan-gavleborg-2025-2027"


def turn(text: str) -> list[dict[str, str]]:
    return [{"role": "user", "content": text}]


def simple_scoping(text: str) -> list[tuple[int, int]]:
    """Years and "i <Name>" phrases: a stand-in for search/scope.py qualifiers."""
    return [m.span() for m in re.finditer(r"\b(?:19|20)\d\d\b|\bi [A-ZÅÄÖ]\w+", text)]


@pytest.mark.parametrize("question", [
    "När ska det vara klart?",
    "Sedan när är det bemannat?",
    "Vem ansvarar för dess genomförande?",
    "Hur är det i Norrs cancerplan?",
    "Var genomförs den i norr?",
    "Och 2026?",
    "vilka män får erbjudandet?",  # a definite noun that names no topic of its own
    "När startade projektet?",
    "från vilket år?",  # stop words and question words name no topic
    "vilken titel har hon?",
    "hålls det på plats eller?",  # a verb, then the pronoun as its subject
    "gäller den alla regioner?",
    "vilket stöd ger det till personalen?",  # a verb, the pronoun, a preposition
    "vilken åldersgrupp och när skulle det vara på plats?",  # a past modal verb before "det"
    "borde det inte finnas mer?",
    "när förs de uppgifterna vidare?",  # a demonstrative before a definite noun
    "vem skrev den rapporten?",
    "hur många sitter i det ungefär?",  # the pronoun ends the question but for an adverb
    "hur länge håller en behandling där på?",  # "där": the place named before
    "när måste man ha sökt senast?",  # names no topic, only when
    "vilken åldersgrupp avses?",  # what is meant by what was named before
    "i hur många regioner finns det regionalt?",  # "det" ends the question but for a scoping adverb
    "vad kostar det egentligen?",
])
def test_turns_that_point_back(question):
    assert is_follow_up(question, turn("Vem ansvarar för screening för tjock- och ändtarmscancer?"))


@pytest.mark.parametrize("question", [
    "Finns det en förstudie för lungcancerscreening i Norr?",
    "Vilket ansvar har RCC och dess processledare för palliativ vård?",
    "Vem leder RPO Cancer?",  # an abbreviation is a topic of its own
    "Vem leder arbetet med screening i Norr?",  # the words after the noun say which work
    "När startar screeningen av tjocktarmscancer?",
    "Finns det en plan för cancerrehabilitering i Gävleborg?",  # "det" of "finns det" is no pronoun
    "Hur går det till när man söker medel för patologi?",
    "Vad gör de regionala cancercentrumen?",  # an adjective after "de", not a definite noun
    "Vem leder det arbetet med screening?",  # the words after the noun say which work
    "Finns det regioner där screening saknas helt?",  # "där" as a relative
])
def test_turns_that_stand_alone(question):
    assert not is_follow_up(question, turn("Vad säger planen om kontaktsjuksköterskor?"))


def test_nothing_is_a_follow_up_without_history():
    assert not is_follow_up("När ska det vara klart?", [])


def test_an_ellipsis_swaps_the_year_or_the_place():
    previous = "Vilka mål har planen för 2023 i Gävleborg?"
    assert swap_scope("Och 2024?", previous, simple_scoping) == "Vilka mål har planen för 2024 i Gävleborg?"
    assert swap_scope("Och i Norrbotten?", previous, simple_scoping) == "Vilka mål har planen för 2023 i Norrbotten?"
    # Nothing of that kind before: the new constraint is added.
    assert swap_scope("Hur är det i Norrbotten?", "Vem leder arbetet?", simple_scoping) == "Vem leder arbetet i Norrbotten?"


def test_a_turn_that_asks_more_than_a_new_constraint_is_not_swapped():
    previous = "Vilka mål har planen för 2023 i Gävleborg?"
    assert swap_scope("Och vem följer upp dem i Norrbotten?", previous, simple_scoping) is None
    assert swap_scope("Och för patologi?", previous, simple_scoping) is None


def test_own_question_word():
    assert asks_itself("Vad gör man under en sådan?")
    assert asks_itself("Var ligger den?")
    assert not asks_itself("Och i Norrbotten?")
    assert not asks_itself("och dem som är unga?")


# -- the real corpus and model ----------------------------------------------------------------


def test_a_pronoun_before_the_scoping_phrases_points_back():
    history = turn("När beräknas ackrediteringen vara klar?")

    def according(text: str) -> list[tuple[int, int]]:
        return [m.span() for m in re.finditer(r"\benligt [A-ZÅÄÖ]\w+ \w+", text)]

    assert is_follow_up("Vem ansvarar för det enligt Norrs cancerplan?", history, according)
    assert not is_follow_up("Vem ansvarar för det enligt Norrs cancerplan?", history)  # without the scoping spans
    assert not is_follow_up("Vem ansvarar för screeningen enligt Norrs cancerplan?", history, according)


def test_a_topic_ellipsis_asks_the_previous_question_about_the_new_topic():
    previous = "Hur mycket kan regionen få av satsningen på patologi och bilddiagnostik i Gävleborg?"
    assert swap_topic("Och för rehabilitering och palliativ vård då?", previous, simple_scoping) == (
        "Hur mycket kan regionen få av satsningen på rehabilitering och palliativ vård i Gävleborg?"
    )
    assert swap_topic("and for pathology?", "How much money is set aside for imaging?", simple_scoping) == (
        "How much money is set aside for pathology?"
    )
    # A count of other things: the counted noun is swapped.
    assert swap_topic("och unga vuxna?", "Hur många barn får cancer varje år?", simple_scoping) == (
        "Hur många unga vuxna får cancer varje år?"
    )
    assert swap_topic("and Jämtland?", "How many inhabitants does Uppsala have?", simple_scoping) is None  # a name
    assert swap_topic("Och i Norrbotten?", previous, simple_scoping) is None  # a place: swap_scope's
    assert swap_topic("Och vem följer upp det?", previous, simple_scoping) is None
    assert swap_topic("Och för patologi?", "Vem leder arbetet?", simple_scoping) is None  # no topic phrase to swap


@pytest.mark.slow
def test_a_named_region_counted_once_is_no_comparison(real_searcher):
    q = real_searcher.analyse("Hur mycket kan Mellansverige få av satsningen på rehabilitering och palliativ vård?")
    assert q.answer_type == "amount"


@pytest.mark.slow
def test_a_follow_up_that_names_another_document_asks_about_the_previous_topic_there(service):
    history = turn("När beräknas CCC-ackrediteringen av Nus vara klar?")
    answer = service.ask("Vem ansvarar för det enligt Norrs cancerplan?", history)[0]
    assert not answer.abstained and answer.citations[0].passage.doc_id == NOR
    assert "Region Västerbotten" in answer.text


@pytest.fixture(scope="module")
def service(real_settings):
    from plansearch.service import Service

    return Service(real_settings)


@pytest.mark.slow
def test_year_ellipsis_asks_the_previous_question_about_the_new_year(real_searcher):
    q = real_searcher.analyse("Och 2023?", turn("Vilka mål ska vara klara 2024 enligt Norrs cancerplan?"))
    assert q.follow_up and q.years == (2023,) and "2024" not in q.text
    assert q.documents == frozenset({NOR}) and q.answer_type == "list"


@pytest.mark.slow
def test_region_ellipsis_moves_the_question_to_the_named_document(real_searcher, service):
    history = turn("Vem ansvarar för OPT i Gävleborg?")
    q = real_searcher.analyse("Hur ser det ut i Mellansverige?", history)
    assert q.intent == "role" and q.documents == frozenset({MEL}) and "Gävleborg" not in q.text
    answer = service.ask("Hur ser det ut i Mellansverige?", history)[0]
    assert not answer.abstained and answer.citations[0].passage.doc_id == MEL


@pytest.mark.slow
def test_a_when_follow_up_after_a_who_question_gets_the_time_frame(service):
    history = turn("Vem ansvarar för screening för tjock- och ändtarmscancer i Norrs cancerplan?")
    answer = service.ask("När ska det vara infört?", history)[0]
    assert "2022–2023" in answer.text and answer.citations[0].passage.doc_id == NOR


@pytest.mark.slow
def test_a_follow_up_with_its_own_question_word_keeps_its_intent(real_searcher):
    q = real_searcher.analyse("Vad gör man under en sådan?", turn("Vad står MDK för?"))
    assert q.follow_up and q.intent == "general" and q.carried == "Vad står MDK för?"
    # Without a question word of its own it asks what the question before it asked.
    q = real_searcher.analyse("Och i Gävleborg?", turn("Vem ansvarar för teledermatoskopi i Norrbotten?"))
    assert q.intent == "role"


@pytest.mark.slow
def test_a_follow_up_is_answered_by_its_own_words_not_the_previous_answer(service):
    first = "Vad är PPKC?"
    history = turn(first)
    before = service.ask(first)[0]
    answer = service.ask("Vad erbjuder det?", history)[0]
    assert answer.text != before.text
    assert "telefonrådgivning" in answer.text


@pytest.mark.slow
def test_a_place_ellipsis_of_a_list_question_is_answered_as_the_list(service):
    history = turn("Vilka regioner ingår i sjukvårdsregion Mellansverige?")
    answer = service.ask("och i norra sjukvårdsregionen?", history)[0]
    assert answer.route == "list" and not answer.abstained
    assert all(region in answer.text for region in ("Norrbotten", "Västerbotten", "Västernorrland", "Jämtland"))


@pytest.mark.parametrize(
    ("question", "columns"),
    [
        ("Hur följs det upp?", ("Uppföljning", "Uppföljning?")),
        ("Vem följer upp arbetet?", ("Uppföljning", "Uppföljning?")),
        ("Hur ska det följas upp i Gävleborg?", ("Uppföljning", "Uppföljning?")),
        ("How is it followed up?", ("Uppföljning", "Uppföljning?")),
        ("Vilken tidsram gäller?", ("Tidsram", "När?", "Tidplan")),
        ("Vem följer med på mötet?", ()),  # "följer med" is no follow-up
    ],
)
def test_a_question_naming_a_column_asks_for_its_cell(question, columns):
    from plansearch.answer.kinds import columns_asked

    assert columns_asked(question) == columns


@pytest.mark.slow
def test_how_it_is_followed_up_is_answered_from_the_rows_follow_up_cell(service):
    # The row's activity has a "Hur?" cell too; "följs … upp" names the Uppföljning column.
    history = turn("Vem ansvarar för kvalitetssäkringen av teledermatoskopi i Gävleborg?")
    answer = service.ask("Hur följs det upp?", history)[0]
    assert not answer.abstained and "Nationell registeruppföljning saknas" in answer.text


@pytest.mark.slow
def test_a_year_only_the_previous_question_named_does_not_pick_the_answer(service):
    # The year scopes the search; the answer is the national target, which names no year. Stop
    # 29 answered with the 2023 sentence that had answered the question before.
    history = turn("Hur hög var täckningsgraden i palliativregistret i Mellansverige 2023?")
    answer = service.ask("och vad har man för målnivå nationellt?", history)[0]
    assert "80 %" in answer.text and "55%" not in answer.text


@pytest.mark.slow
def test_an_ellipsis_after_a_turn_that_named_nothing_reads_the_question_before_that(service):
    # "från vilket år?" stands for the question before it; "och för epitelial äggstockscancer?"
    # then asks that question about ovarian cancer (the plan's 2024 goal), not about "år".
    history = turn("Vilka patienter ska gentestas enligt Norrs plan?") + turn("från vilket år?")
    answer = service.ask("och för epitelial äggstockscancer?", history)[0]
    assert not answer.abstained and "äggstockscancer gentestas" in answer.text


@pytest.mark.slow
def test_a_title_asked_of_a_person_the_documents_name_without_one_abstains(service):
    history = turn("Vem gav lägesrapporten om CCC-ackrediteringen av Nus på RPO-mötet?")
    answer = service.ask("vilken titel har hon?", history)[0]
    assert answer.abstained


@pytest.mark.slow
def test_a_yes_no_follow_up_opening_with_its_verb_leans_on_the_turn_before(service):
    # "blir det …?" is the verb, then "det" for what was asked about: a follow-up about the
    # improvement funds, which stop 29 took for a question of its own and refused.
    history = turn("När ska man senast söka förbättringsmedlen för patologi i norr?")
    answer = service.ask("blir det en andra omgång om medel blir över?", history)[0]
    assert not answer.abstained and "15 april" in answer.text


@pytest.mark.parametrize(
    ("previous_subject", "topic"),
    [
        ("Vad står OPT för?", "OPT"),
        ("Vad är IPÖ för något?", "IPÖ"),
        ("Vem ska leda förstudien om cancergenetiska utredningar ?", "förstudien om cancergenetiska utredningar"),
        ("När är nästa möte i RPO Cancer?", "nästa möte i RPO Cancer"),
        ("When was the paediatric palliative competence centre inaugurated?", "paediatric palliative competence centre"),
        ("Vem jobbar med IPÖ ?", "IPÖ"),  # the verb asked who
        ("Who works on lung cancer screening?", "lung cancer screening"),
        ("Vilka insatser för prevention finns?", "insatser för prevention finns"),  # "vilka" names things
    ],
)
def test_the_topic_a_follow_up_leans_on_is_the_previous_subject_without_its_frame(previous_subject, topic):
    assert follow_up_topic(previous_subject) == topic


def test_a_pronoun_that_points_back_is_replaced_by_the_topic():
    assert resolve("hur stor är pilotfasen för det i Mellansverige?", "OPT") == "hur stor är pilotfasen för OPT i Mellansverige?"
    assert resolve("Vad gör man under en sådan?", "MDK") == "Vad gör man under en MDK?"
    # "den" opening a noun phrase names its own; the topic is added instead.
    assert resolve("och vad är den nationella målnivån?", "täckningsgraden") == (
        "och vad är den nationella målnivån täckningsgraden?")
    assert resolve("och i Norr?", "OPT") is None  # an ellipsis is swapped into the question instead
    assert resolve("vilket datum börjar hon?", "den nya verksamhetschefen") == "vilket datum börjar den nya verksamhetschefen?"


@pytest.mark.slow
def test_a_persons_pronoun_points_back_to_the_person_asked_about(service):
    # "hon" stands for the head of department asked about; stop 30 read the turn alone and abstained.
    history = turn("Vem blir ny verksamhetschef för kirurg- och urologkliniken i Region Norrbotten?")
    answer = service.ask("vilket datum börjar hon?", history)[0]
    assert not answer.abstained and "1 april" in answer.text


def test_a_follow_ups_subject_is_its_own_words_about_the_previous_topic(real_searcher):
    question = real_searcher.analyse("hur stor är pilotfasen för det i Mellansverige?", turn("Vad står OPT för?"))
    assert "OPT" in question.subject and "står" not in question.subject and "det" not in question.subject.split()


@pytest.mark.slow
def test_a_pronoun_between_a_verb_and_a_preposition_points_back(service):
    # Stop 29 took "vilket stöd ger det till personalen?" for a question of its own.
    history = turn("Vad är PPKC?")
    answer = service.ask("vilket stöd ger det till personalen?", history)[0]
    assert "telefonrådgivning" in answer.text


def test_a_relative_year_ellipsis_asks_the_previous_question_a_year_earlier_or_later():
    previous = "Hur många canceranmälningar kom in till RTR 2023?"
    assert swap_relative_year("och året innan?", previous) == "Hur många canceranmälningar kom in till RTR 2022?"
    assert swap_relative_year("Förra året då?", previous) == "Hur många canceranmälningar kom in till RTR 2022?"
    assert swap_relative_year("and the year after?", previous) == "Hur många canceranmälningar kom in till RTR 2024?"
    assert swap_relative_year("och året innan?", "Hur många canceranmälningar kom in till RTR?") is None
    assert swap_relative_year("vad hände året innan dess i Norr?", previous) is None  # asks more than that


def test_a_long_run_of_short_turns_analyses_each_earlier_turn_a_bounded_number_of_times(real_searcher, monkeypatch):
    # Each short turn reads the one before it twice (through the chain and for its subject);
    # without remembering the turns already analysed, 20 of them (the API's limit) cost 2 ** 20.
    from plansearch.search import query

    calls = []
    counted = query.is_follow_up
    monkeypatch.setattr(query, "is_follow_up", lambda *a, **k: calls.append(1) or counted(*a, **k))
    history = turn("Vad står OPT för?") + [t for _ in range(20) for t in turn("ja?")]
    real_searcher.analyse("och?", history)
    assert len(calls) <= 3 * len(history)


def test_a_bare_term_after_a_definition_question_asks_for_its_definition():
    from plansearch.search.followup import _swap_defined

    assert _swap_defined("och prevalens då?", "Vad menas med GAP-analys?") == "Vad menas med prevalens?"
    assert _swap_defined("och MDK?", "Vad står IPÖ för?") == "Vad står MDK för?"
    assert _swap_defined("and MDK?", "What does IPÖ stand for?") == "What does MDK stand for?"
    assert _swap_defined("och i Norr?", "Vad är OPT?") is None  # a place: the scope is swapped instead
    assert _swap_defined("och när?", "Vad är OPT?") is None
    assert _swap_defined("och prevalens då?", "Vem ansvarar för OPT?") is None  # no definition asked before


@pytest.mark.slow
def test_another_term_after_a_definition_is_defined_from_the_glossary(service):
    # Stop 30 answered "och prevalens då?" after "Vad menas med GAP-analys?" with GAP-analys again.
    answer = service.ask("och prevalens då?", turn("Vad menas med GAP-analys?"))[0]
    assert "sjukdomsförekomst" in answer.text and "gapet" not in answer.text


@pytest.mark.parametrize("asked", ["när reviderades rapporten senast?", "vem ansvarar för registret nationellt?",
                                   "var ligger mottagningen?"])
def test_a_definite_noun_naming_no_topic_of_its_own_points_back(asked):
    # "rapporten", "registret", "mottagningen" stand for the one asked about before.
    assert is_follow_up(asked, turn("Vad är Vägen framåt?"))
    assert not is_follow_up("när reviderades rapporten om barncancervården senast?", turn("Vad är Vägen framåt?"))


def test_a_bare_noun_after_a_question_about_a_topic_asks_the_same_about_it():
    none = lambda text: []  # noqa: E731 - no scoping phrases in these turns
    assert swap_topic("och äggstockscancer?", "Vad säger Norrs cancerplan om gentestning av trippelnegativ bröstcancer?",
                      none) == "Vad säger Norrs cancerplan om gentestning av äggstockscancer?"
    assert swap_topic("och dem?", "Vad säger planen om screening?", none) is None  # a pronoun is resolved instead
    assert swap_topic("och hur mycket?", "Vad säger planen om screening?", none) is None  # asks its own thing


@pytest.mark.slow
@pytest.mark.parametrize("asked", ["hur länge pågår en sån behandling?", "vem leder dom?"])
def test_a_spoken_pronoun_points_back_as_the_written_one(real_searcher, asked):
    question = real_searcher.analyse(asked, turn("Vad är Skandionkliniken?"))
    assert question.follow_up and "Skandionkliniken" in question.text
