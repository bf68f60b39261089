"""The analysed question (search/query.py): its language, intent and search forms, follow-ups, and
what it names; and the Searcher taking the record as it takes a string."""

from __future__ import annotations

from dataclasses import replace

import pytest

from plansearch.search.query import Question
from plansearch.search.scope import places_in
from plansearch.text.language import question_language
from tiny import GAV, MIN, plans_searcher


@pytest.fixture(scope="module")
def searcher():
    return plans_searcher()


@pytest.fixture(scope="module")
def analyser(searcher):
    """The tiny index's analyser, with the scope of the shipped corpus's catalogue (its regions and
    publishers are what the questions name)."""
    from dataclasses import replace

    from conftest import CORPUS
    from plansearch.ingest.catalog import describe, load_catalog
    from plansearch.search.scope import Scope

    catalog = load_catalog(CORPUS)
    metas = [describe(CORPUS / name, "", entry, None) for name, entry in catalog.items()]
    return replace(searcher.analyser, scope=Scope.build(metas))


def history(*questions: str) -> list[dict[str, str]]:
    """A conversation in which the user asked `questions`, each answered."""
    turns = []
    for question in questions:
        turns += [{"role": "user", "content": question}, {"role": "assistant", "content": "Svar [1]."}]
    return turns


# -- one record with every form --------------------------------------------------------------------


@pytest.mark.parametrize(
    "asked, language, intent",
    [
        ("Vad står IPÖ för?", "sv", "abbreviation"),
        ("vem ansvarar for teledermatoskpi", "sv", "role"),
        ("Who is responsible for teledermatoscopy?", "en", "role"),
        ("När är nästa möte?", "sv", "date"),
        ("Berätta om patologi", "sv", "general"),
        ("Vilken arbetsgrupp tar hand om kallelserna?", "sv", "role"),  # a group asked for is a body
        ("Vilken enhet bygger upp samarbetet?", "sv", "role"),
    ],
)
def test_the_question_is_analysed_into_language_and_intent(searcher, asked, language, intent):
    question = searcher.analyse(asked)
    assert (question.language, question.intent) == (language, intent)
    assert question.asked == question.text == asked and not question.follow_up


def test_whitespace_of_the_question_is_normalised(searcher):
    assert searcher.analyse("  Vad   står\tIPÖ  för? ").asked == "Vad står IPÖ för?"


def test_a_swedish_question_is_repaired_to_the_corpus_spelling(searcher):
    question = searcher.analyse("vem ansvarar for teledermatoskpi")
    assert question.repaired == "vem ansvarar för teledermatoskopi"
    assert question.asked == "vem ansvarar for teledermatoskpi"  # the turn itself is kept as typed
    assert question.lexical.startswith(question.repaired) and question.dense.startswith(question.repaired)
    unrepaired = replace(searcher.analyser, spell=False).analyse("vem ansvarar for teledermatoskpi")
    assert unrepaired.repaired == unrepaired.text


@pytest.mark.parametrize(
    "asked, added",
    [
        ("Vad står IPÖ för?", "Individuell patientöversikt"),  # the long form of an abbreviation
        ("Vad förkortas individuell patientöversikt?", "IPÖ"),  # the abbreviation of a long form
        ("vad star kssk for", "Kontaktsjuksköterska"),  # typed in lower case
    ],
)
def test_the_lexical_form_adds_the_glossary_forms(searcher, asked, added):
    question = searcher.analyse(asked)
    assert question.lexical == f"{question.repaired} {added}"
    assert replace(searcher.analyser, expand=False).analyse(asked).lexical == question.repaired


def test_an_abbreviation_used_all_over_the_corpus_is_not_expanded(searcher):
    common = replace(searcher.analyser, common_words={"IPÖ"})
    assert common.analyse("Vad står IPÖ för?").lexical == "Vad står IPÖ för?"


def test_an_english_question_is_searched_with_swedish_words_and_not_spell_corrected(searcher):
    asked = "Who is responsible for teledermatoscopy?"
    question = searcher.analyse(asked)
    assert question.repaired == asked  # the Swedish speller would "repair" English words
    assert "teledermatoskopi" in question.lexical and "teledermatoskopi" in question.dense
    untranslated = replace(searcher.analyser, translate=False).analyse(asked)
    assert untranslated.lexical == untranslated.dense == asked


# -- follow-ups ------------------------------------------------------------------------------------


def test_a_follow_up_is_searched_with_the_previous_question(searcher):
    previous = "När införs teledermatoskopi?"
    question = searcher.analyse("och vem följer upp det?", history(previous))
    assert question.follow_up
    assert question.text == f"och vem följer upp det? {previous}"
    assert question.repaired.endswith(previous)  # every search form starts from the text
    assert question.intent == "role"  # its own intent: "vem"


def test_a_follow_up_leans_on_the_last_user_question_only(searcher):
    turns = history("Vad står IPÖ för?", "När införs teledermatoskopi?")
    turns.append({"role": "assistant", "content": "Vad står KSSK för?"})  # the assistant's words are no question
    question = searcher.analyse("och i Gävleborg?", turns)
    # An ellipsis that only names a place asks the last question about that place.
    assert question.text == "När införs teledermatoskopi i Gävleborg?"


def test_a_follow_up_without_an_intent_of_its_own_keeps_the_previous_intent(searcher):
    assert searcher.analyse("och i Gävleborg?").intent == "general"
    question = searcher.analyse("och i Gävleborg?", history("När införs teledermatoskopi?"))
    assert question.intent == "date"


def test_a_follow_up_keeps_the_language_of_its_own_turn(searcher):
    previous = "Who is responsible for teledermatoscopy?"
    question = searcher.analyse("och i Gävleborg?", history(previous))
    assert question.follow_up
    assert question_language(question.text) == "en"  # the searched text reads as English...
    assert question.language == "sv"  # ...but the turn was Swedish, and is answered in Swedish


@pytest.mark.parametrize(
    "asked, turns, follow_up",
    [
        ("och vem följer upp det?", (), False),  # nothing to follow
        ("och vem följer upp det?", ("När införs teledermatoskopi?",), True),  # "och …", "… det?"
        ("Vem ansvarar?", ("När införs teledermatoskopi?",), True),  # no topic word of its own
        ("Hur mycket pengar kan regionerna söka för patologi?", ("När införs teledermatoskopi?",), False),
        # A pronoun inside the question that points back (issue 16).
        ("Ska den erbjudas alla cancerpatienter i norra regionen?", ("Vad är Min vårdplan?",), True),
        ("När ska den vara införd i Gävleborg?", ("Vad är teledermatoskopi?",), True),
        ("Ska alla vårdprocesser i Norr ha sådana?", ("Vad är MDK?",), True),
        ("Vilka regioner deltar i dem?", ("Vilka regionala arbetsgrupper finns?",), True),
        ("When does it start in the northern region?", ("What is organised prostate cancer testing?",), True),
        # "den" opening a noun phrase or a date is no pronoun.
        ("Vad står i den nationella planen om palliativ vård för barn?", ("Vad är MDK?",), False),
        ("Vad beslutade RPO Cancer om vårdprogrammen den 4 februari?", ("Vad är MDK?",), False),
    ],
)
def test_what_counts_as_a_follow_up(searcher, asked, turns, follow_up):
    question = searcher.analyse(asked, history(*turns))
    assert question.follow_up is follow_up
    assert (question.text != asked) is follow_up


def test_only_the_users_turns_make_a_conversation(searcher):
    turns = [{"role": "assistant", "content": "Välkommen! Vad vill du veta?"}]
    question = searcher.analyse("och vem följer upp det?", turns)
    assert not question.follow_up and question.text == "och vem följer upp det?"


# -- what the question names -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "asked, documents, places, years",
    [
        ("Vad sa man på mötet 2024 och 2025?", {MIN}, set(), (2024, 2025)),  # the minutes, by their kind
        ("Vad gäller i Gävleborg 2026?", {GAV}, {"gavleborg"}, (2026,)),  # by the region of the plan
        ("What was decided in the northern region?", {MIN}, {"norr"}, ()),  # by an English name of a region
        ("Hur många kontaktsjuksköterskor finns i Region Norrbottens län?", set(), {"norrbotten"}, ()),
        ("Vad gäller enligt handlingsplanen?", {GAV}, set(), ()),
        ("Vad står i RG:s handlingsplan om cancerskolan?", {GAV}, set(), ()),  # Region Gävleborg's initials
        ("Hur många av 18500 patienter fick svar inom 20 dagar?", set(), set(), ()),  # no years here
        ("Berätta om patologi", set(), set(), ()),
    ],
)
def test_the_documents_places_and_years_a_question_names(searcher, asked, documents, places, years):
    question = searcher.analyse(asked)
    assert (question.documents, question.places, question.years) == (documents, places, years)


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("Hur ofta möts styrgruppen i RCC Norr?", {"norr"}),  # the northern healthcare region, as RCC Väst and Syd
        ("Cancerplan för norra sjukvårdsregionen", {"norr"}),
        ("Vad gäller i Region Norrbotten?", {"norrbotten"}),  # a region of it is a place of its own
        ("Norrlands universitetssjukhus", set()),
        ("RCC Norr respektive RCC Mellansverige", {"norr", "mellansverige"}),
    ],
)
def test_the_northern_healthcare_region_is_a_place(text, places):
    assert places_in(text) == places


def test_the_bodies_a_question_names_come_from_the_roles(searcher):
    question = searcher.analyse("Vad ansvarar cancersamordnaren för?")
    assert [role.name for role in question.bodies] == ["Cancersamordnaren"]
    assert searcher.analyse("Vad ansvarar tandläkaren för?").bodies == ()


def test_a_follow_up_names_the_bodies_of_its_own_turn_first(searcher):
    # The turn's own role first, although the earlier one has the longer name.
    question = searcher.analyse("och vad ansvarar cancersamordnaren för?", history("Vad gör verksamhetschefen?"))
    assert question.follow_up
    assert [role.name for role in question.bodies] == ["Cancersamordnaren", "Verksamhetschefen"]


def test_a_follow_up_is_scoped_by_what_the_earlier_question_named(searcher):
    question = searcher.analyse("och vem följer upp det?", history("Hur införs teledermatoskopi i Gävleborg?"))
    assert question.documents == {GAV} and question.places == {"gavleborg"}


# -- the Searcher takes the record or the string ---------------------------------------------------


@pytest.mark.parametrize(
    "asked", ["Vad står IPÖ för?", "vem ansvarar for teledermatoskpi", "Who is responsible for teledermatoscopy?"]
)
@pytest.mark.parametrize("retriever", ["hybrid", "dense", "bm25"])
def test_the_searcher_ranks_a_question_record_as_its_string(searcher, asked, retriever):
    by_string = searcher.search(asked, k=5, retriever=retriever)
    by_record = searcher.search(searcher.analyse(asked), k=5, retriever=retriever)
    assert by_string
    assert [(h.passage.id, h.score) for h in by_record] == [(h.passage.id, h.score) for h in by_string]


def test_the_searcher_does_not_analyse_a_record_again(searcher, monkeypatch):
    question = searcher.analyse("och i Gävleborg?", history("När införs teledermatoskopi?"))

    def refuse(*args, **kwargs):
        raise AssertionError("analysed twice")

    monkeypatch.setattr(searcher.analyser, "analyse", refuse)
    hits = searcher.search(question, k=3)
    # The follow-up's record searches the previous question's topic too.
    assert "teledermatoskopi" in hits[0].passage.text.lower()


def test_the_searcher_searches_the_records_forms_not_its_asked_text(searcher):
    """A record built by hand: BM25 reads `lexical`, so that is what finds the passage."""
    question = Question(
        asked="x", text="x", language="sv", intent="general", answer_type="text", subject="x", repaired="x",
        lexical="patologi", dense="x",
    )
    hits = searcher.search(question, k=2, retriever="bm25")
    assert hits and all("patologi" in h.passage.text for h in hits)


@pytest.mark.parametrize(
    "asked, answer_type, subject",
    [
        ("Vad står VPG för i RCC Mellansveriges cancerplan?", "definition", "Vad står VPG för ?"),
        ("Vem ansvarar för teledermatoskopi i Gävleborg?", "body", "Vem ansvarar för teledermatoskopi ?"),
        ("Vilka regioner ingår i norra sjukvårdsregionen?", "list", "Vilka regioner ingår ?"),
        ("Vilka aktiviteter ska vara klara 2025 i Gävleborg?", "list", "Vilka aktiviteter ska vara klara ?"),
        ("Enligt handlingsplanen, på vilka orter vaccinerar man?", "list", None),  # a scoping clause first
        ("Hur skiljer sig Norrs och Mellansveriges planer för prehabilitering?", "comparison", None),
        # "mellan" before the sides scopes as much as "i" does
        ("Hur skiljer sig täckningsgraden mellan norra sjukvårdsregionen och Mellansverige?", "comparison",
         "Hur skiljer sig täckningsgraden ?"),
        ("Vad säger Gävleborgs handlingsplan och Norrs cancerplan om lungcancerscreening?", "comparison", None),
        ("Hur mycket pengar får RCC Norr för lungcancerscreening 2027?", "amount", None),
        ("Finns det en stödfunktion för unga cancerdrabbade?", "yesno", None),
        ("När är nästa möte?", "date", None),
        ("Norrs cancerplan: till när ska tarmcancerscreeningen vara införd?", "date", None),  # a scoping lead-in
        ("What does PNR stand for in the Mellansverige cancer plan?", "definition", "What does PNR stand for ?"),
    ],
)
def test_the_answer_type_and_the_subject_without_what_only_scopes_it(analyser, asked, answer_type, subject):
    question = analyser.analyse(asked)
    assert question.answer_type == answer_type
    if subject is not None:
        assert question.subject == subject


@pytest.mark.parametrize(("a", "b"), [("vårdprogram", "vårdprogrammen"), ("program", "programmet"), ("rum", "rummet")])
def test_a_word_and_its_forms_with_a_doubled_m_share_one_stem(a, b):
    from plansearch.text.swedish import stem

    assert stem(a) == stem(b)


@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("Vad står i Norrs cancerplan om OPT?", True),
        ("Vem styr RCC Mellansverige enligt Socialstyrelsen?", True),
        ("What do the RPO Cancer minutes say about screening?", True),
        ("Vem ansvarar för OPT i Gävleborg?", False),  # a region only
        ("Who decides how the childhood cancer funds are used in RCC Mellansverige?", False),
    ],
)
def test_a_document_is_named_by_kind_publisher_or_enligt_not_by_a_region_alone(real_searcher, question, names):
    assert real_searcher.analyser.scope.names_document(question) is names


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("Vad är IPÖ för nåt?", "Vad är IPÖ för något?"),
        ("Dom har en sån plan", "De har en sådan plan"),
        ("hur mkt pengar finns det iaf", "hur mycket pengar finns det i alla fall"),
        ("Nåtid och dominans", "Nåtid och dominans"),  # inside other words nothing changes
    ],
)
def test_spoken_forms_are_read_as_written(typed, written):
    from plansearch.text.swedish import written as as_written

    assert as_written(typed) == written
