"""Definitions and the documents a question names (issue 16): "vad är X?" gets what X stands for
and the documents' own sentence about it, once per meaning; "Norrs cancerplan" is Norr's cancer
plan, not every document of Norr and every cancer plan. Real corpus and model; none of the
questions is in a QA set."""

from __future__ import annotations

import pytest

from plansearch.answer.routes.glossary import same_words
from plansearch.search.intent import answer_type, question_intent
from plansearch.service import Service

NORR, MELLAN, SOS = "cancerplan-norr-2022-2024", "cancerplan-mellansverige-2025-2027", "socialstyrelsen-analys-rcc-2025"


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("multidisciplinär konferens", "multidisciplinära konferenser", True),
        ("individuell patientöversikt", "individuella patientöversikter", True),
        ("regionalt cancercentrum", "regionala cancercentrum", True),
        ("multidisciplinär konferens", "multidisciplinär rond", False),
        ("standardiserat vårdförlopp", "vårdförlopp", False),
    ],
)
def test_two_meanings_inflected_otherwise_are_one(a, b, same):
    assert same_words(a, b) is same


@pytest.fixture(scope="module")
def service(real_settings):
    return Service(real_settings)


def test_an_abbreviation_is_defined_once_per_meaning(service):
    answer, _ = service.ask("Vad står MDK för?")
    assert answer.text.count("MDK står för") == 1


@pytest.mark.parametrize(
    ("asked", "described"),
    [("Vad är IPÖ?", "digitalt system"), ("Vad är SVF?", "beskriver kriterier"),
     # The sentence after the describing one names the term too and says what happens there.
     ("Vad är MDK?", "flera specialiteter och professioner")],
)
def test_what_is_an_abbreviation_also_says_what_it_is(service, asked, described):
    answer, _ = service.ask(asked)
    assert answer.route == "glossary" and "står för" in answer.text
    assert described in answer.text
    assert len(answer.citations) == 2  # the glossary line and the describing sentence, each cited


def test_in_english_the_description_is_quoted_under_an_english_frame(service):
    answer, _ = service.ask("What is IPÖ?")
    assert "stands for" in answer.text and "The documents describe it (in Swedish): “" in answer.text


@pytest.mark.parametrize(
    "asked", ["Vad står VPG för i RCC Mellansveriges cancerplan?", "What does VPG stand for in the RCC Mellansverige plan?"]
)
def test_an_abbreviation_that_only_scopes_the_question_is_not_explained(service, asked):
    answer, _ = service.ask(asked)
    assert "VPG" in answer.text and "RCC st" not in answer.text and len(answer.citations) == 1


def test_what_an_abbreviation_stands_for_is_not_described_further(service):
    answer, _ = service.ask("Vad står IPÖ för?")
    assert len(answer.citations) == 1


@pytest.mark.parametrize(
    ("asked", "documents"),
    [
        ("Vad är en MDK enligt Norrs cancerplan?", {NORR}),
        ("Hur mycket pengar fick RCC enligt Socialstyrelsens analys jämfört med Mellansveriges cancerplan?", {SOS, MELLAN}),
        ("Vad säger cancerplanen om OPT?", {NORR, MELLAN}),
        ("Hur skiljer sig Norrs och Mellansveriges cancerplaner om prehabilitering?", {NORR, MELLAN}),  # plural kind
        ("Vem styr RCC Mellansverige i sakfrågor enligt Socialstyrelsen?", {SOS}),  # the source, not the body's plan
        ("Vad sägs om OPT enligt Norrs cancerplan och enligt Socialstyrelsen?", {NORR, SOS}),
        ("When is screening due according to the northern cancer plan and the Mellansverige plan?", {NORR, MELLAN}),
    ],
)
def test_a_region_and_a_kind_of_document_name_that_regions_document(real_searcher, asked, documents):
    assert real_searcher.analyse(asked, []).documents == documents


@pytest.mark.parametrize(
    ("asked", "kind"),
    [
        ("Which body steers RCC Mellansverige in substantive matters?", "text"),  # one body: "steers" is a verb
        ("Which regions take part in the study?", "list"),
        ("Which cancer types are screened?", "list"),
    ],
)
def test_an_english_verb_in_s_after_which_is_not_a_plural(asked, kind):
    assert answer_type(asked, question_intent(asked), 0) == kind


@pytest.mark.parametrize(
    ("asked", "intent"),
    [("PPKC – vad är det?", "abbreviation"), ("IPÖ: what is it?", "abbreviation"),
     ("SIBO, vad är det för förkortning?", "abbreviation"),
     ("Nivåstrukturering, vad betyder det?", "definition"), ("Kontaktsjuksköterska - vad innebär det?", "definition")],
)
def test_a_term_before_what_is_it_is_asked_to_be_defined(asked, intent):
    assert question_intent(asked) == intent


def test_a_definition_in_running_text_answers_what_a_term_means(service):
    # "…, det vill säga …" defines in running text, as "innebär" does.
    answer, _ = service.ask("Vad menas med patientpopulationsnivå?")
    assert not answer.abstained and "konkret och dokumenterad skillnad" in answer.text


@pytest.mark.parametrize(
    ("term", "text", "defines"),
    [
        ("IPÖ", "Individuell patientöversikt (IPÖ) är ett digitalt system.", True),
        ("IPÖ", "IPÖ kan också användas av verksamheten för statistik.", False),
        ("IPÖ", "Syftet med IPÖ är att underlätta vårdpersonalens arbete.", False),  # what it is for
        ("MDK", "MDK – multidisciplinär konferens", True),
        ("transitionssjuksköterska", "En relativt ny roll är transitionssjuksköterskor, som ska stötta övergången.", True),
        ("transitionssjuksköterska", "Transitionssjuksköterskor finns vid Sahlgrenska.", False),
    ],
)
def test_a_sentence_defines_a_term_when_it_spells_it_out_or_says_what_it_is(term, text, defines):
    from plansearch.answer.context import defines as says_what

    assert says_what(term, text) is defines


@pytest.mark.parametrize(
    ("asked", "said"),
    [
        ("Vad är RCL för något?", "registret för cancerläkemedel (RCL)"),
        ("Vad är en transitionssjuksköterska för något?", "stötta övergången mellan barn- och vuxenvård"),
        # Not the glossary's bare "IPÖ – Individuell patientöversikt" when a sentence says what it is.
        ("Vad är IPÖ för nåt?", "digitalt system"),
    ],
)
def test_what_a_term_is_is_answered_by_the_sentence_that_defines_it(service, asked, said):
    # Not the best-ranked sentence that only uses the term ("Inrapporteringen till RCL varierar …").
    answer, _ = service.ask(asked)
    assert not answer.abstained and said in answer.text


@pytest.mark.parametrize(
    ("asked", "term"),
    [
        ("Vad är IPÖ för något egentligen?", "IPÖ"),
        ("Vad är en transitionssjuksköterska?", "transitionssjuksköterska"),
        ("Vad betyder RCL?", "RCL"),
        ("Vad är syftet med LPO Cancersjukdomar?", ""),  # asks something of the term, not what it is
        ("vad är målnivån?", ""),
    ],
)
def test_the_term_a_definition_question_asks_about(real_searcher, asked, term):
    from plansearch.answer.context import defined_term

    assert defined_term(real_searcher.analyse(asked, [])) == term


@pytest.mark.parametrize(
    ("text", "describes"),
    [
        ("Individuell patientöversikt (IPÖ) är ett digitalt system.", True),
        ("IPÖ är ett verktyg för uppföljning.", True),
        ("IPÖ – Individuell patientöversikt", False),  # spells it out, says nothing of what it is
        ("Syftet med IPÖ är att underlätta arbetet.", False),
    ],
)
def test_a_sentence_describes_a_term_when_it_says_what_it_is(text, describes):
    from plansearch.answer.context import describes as says_what_it_is

    assert says_what_it_is("IPÖ", text) is describes


@pytest.mark.slow
def test_a_hedge_word_is_no_part_of_the_subject(real_searcher):
    # "egentligen", "ungefär": the rarest word of the subject would be one the documents never use.
    question = real_searcher.analyse("Vad menas med nivåstrukturering egentligen?", [])
    assert "egentligen" not in question.subject and "nivåstrukturering" in question.subject
