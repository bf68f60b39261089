"""The comparison route: each side named in the question answered from its own documents, about the
question's subject, or plainly "inget om …". The real-corpus questions were written by reading the
documents (none is in a QA set)."""

from __future__ import annotations

import re

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
        # A second question for the other side is no part of the topic.
        ("När väntas Nus bli CCC-ackrediterat , och vad säger?", "väntas Nus bli CCC-ackrediterat"),
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
    assert _cited_documents(answer) == [MELLANSVERIGE]


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


MINUTES = "minnesanteckningar-rpo-cancer-norr-2025-02-04"
SOCIALSTYRELSEN = "socialstyrelsen-analys-rcc-2025"


def _cited_documents(answer):
    """The documents cited, in order, each once (a side may cite two units of its document)."""
    return list(dict.fromkeys(c.passage.doc_id for c in answer.citations))


def _sides(answer):
    return [line for line in answer.text.splitlines() if line.startswith("• ")]


@pytest.mark.parametrize(
    ("question", "documents"),
    [
        ("När väntas CCC-ackrediteringen av Nus vara klar enligt RPO-minnesanteckningarna och enligt Socialstyrelsen?",
         [MINUTES, SOCIALSTYRELSEN]),
        ("Hur stor är den statliga barncancersatsningen per år enligt Socialstyrelsen respektive Mellansveriges cancerplan?",
         [SOCIALSTYRELSEN, MELLANSVERIGE]),
        ("Hur stor andel av all cancer är ärftlig enligt Norrs respektive Mellansveriges plan?", [NORR, MELLANSVERIGE]),
        ("What do the RPO Cancer minutes and the northern cancer plan say about lung cancer screening?", [MINUTES, NORR]),
    ],
)
def test_sides_named_as_documents_or_publishers_each_get_a_line_from_their_own_document(service, question, documents):
    answer, _ = service.ask(question)
    assert answer.route == "comparison" and not answer.abstained
    assert len(_sides(answer)) == 2
    assert _cited_documents(answer) == documents


def test_sides_that_give_the_same_figure_are_said_to_agree_and_each_is_cited(service):
    answer, _ = service.ask("Hur stor andel av all cancer är ärftlig enligt Norrs respektive Mellansveriges plan?")
    first, *rest = answer.text.splitlines()
    assert first.startswith("Båda anger 5–10") and "[1][2]" in first
    assert len(rest) == 2 and "5–10 procent" in rest[0] and "5–10 %" in rest[1]
    english, _ = service.ask("What share of all cancer is hereditary according to the northern plan and the Mellansverige plan?")
    assert english.text.startswith("Both give 5–10") and "Båda" not in english.text


def test_a_list_comparison_gives_several_items_a_side_each_with_its_citation(service):
    answer, _ = service.ask("Vilka mål om palliativ vård har Norrs cancerplan jämfört med Gävleborgs handlingsplan?")
    assert answer.route == "comparison"
    gavleborg = answer.text.split("• Gävleborgs handlingsplan:")[1]
    items = [line for line in gavleborg.splitlines() if line.strip().startswith("–")]
    assert len(items) >= 2 and all(line.rstrip().endswith("]") for line in items)
    assert "palliativregistret" in gavleborg and "nationell vårdplan" in gavleborg
    assert [c.passage.doc_id for c in answer.citations].count(GAVLEBORG) == len(items)


def test_a_list_comparison_says_how_many_more_items_a_side_has(service):
    # Norr's plan has five goals under "Barn och unga" (read from the document): four items are
    # shown, then how many more.
    answer, _ = service.ask("Vilka mål om barn och unga har Norrs cancerplan jämfört med Gävleborgs handlingsplan?")
    norr = answer.text.split("• Gävleborgs handlingsplan:")[0]
    assert norr.count("\n  – ") == 4 and re.search(r"\n  och [1-9]\d* till\.", norr)


@pytest.mark.parametrize(
    ("question", "norr", "mellansverige"),
    [
        ("Hur stor är folkmängden i RCC Norrs område jämfört med RCC Mellansveriges enligt Socialstyrelsen?", "900 000",
         "2 200 000"),
        ("Vilken aktör styr RCC i sakfrågor i Norr respektive Mellansverige enligt Socialstyrelsens analys?",
         "Förbundsdirektionen", "Samverkansnämndens ledningsgrupp"),
    ],
)
def test_a_flattened_table_answers_with_each_sides_row_never_its_header(service, question, norr, mellansverige):
    answer, _ = service.ask(question)
    first, second = _sides(answer)
    assert norr in first and mellansverige in second
    assert "Regioner Folkmängd" not in answer.text


def test_a_publisher_side_is_read_from_the_table_a_sentence_points_at(service):
    # Socialstyrelsen's "Tabell 1 beskriver … befolkningsmängden" is followed by the table itself.
    answer, _ = service.ask("Hur stor är befolkningen i Mellansverige enligt Mellansveriges cancerplan respektive Socialstyrelsens analys?")
    plan, analysis = _sides(answer)
    assert "2,15 miljoner" in plan and "2 200 000" in analysis


def test_flat_table_rows_and_header():
    from plansearch.answer.flat_table import flat_table

    text = "Tabell\nNamn Antal Styrs av\nA Ett, två\n100 000 Styrelsen A\nB Tre\n2 000 Styrelsen B\nSlut."
    table = flat_table(text)
    assert table is not None and table.header_text == "Namn Antal Styrs av"
    assert [text[s:e] for s, e in table.rows] == ["A Ett, två\n100 000 Styrelsen A", "B Tre\n2 000 Styrelsen B"]
    assert flat_table("Rubrik\nEn mening.\n12 av dem kom.\nSlut.") is None  # one figure line is no table


@pytest.mark.parametrize(
    ("row", "names", "named"),
    [
        ("Mellan Dalarna, Gävleborg 2 200 000", {"mellansverige"}, True),  # the label shortens the name
        ("Syd Blekinge, Kronoberg, Skåne 1 900 000", {"syd"}, True),
        ("Sydöst Kalmar län, Jönköpings län 1 100 000", {"syd"}, False),  # a place of its own
        ("Norrbotten 250 000", {"norr"}, False),
    ],
)
def test_a_row_is_a_sides_when_its_label_is_the_sides_name(row, names, named):
    from plansearch.answer.candidates import Unit
    from plansearch.answer.flat_table import names_row
    from plansearch.models import Hit, Passage

    passage = Passage("d:1", "d", 1, row, "", None, "paragraph", 0, 0)
    unit = Unit(Hit(passage, 1.0, 1), 0, len(row), row, "row", 1)  # type: ignore[arg-type]
    assert names_row(unit, names) is named


def test_same_figure_reads_units_alike_and_nothing_when_they_differ():
    from plansearch.answer.routes.comparison import same_figure

    assert same_figure(["omfattar 80 Mkr årligen", "avsattes 80 miljoner kronor"]) == "80 Mkr"
    assert same_figure(["Ungefär 5–10 procent av all cancer", "Omkring 5-10 % av all cancer"]) == "5–10 procent"
    assert same_figure(["24 Mkr", "5,125 miljoner kr"]) == ""


def test_side_mentions_join_a_name_with_its_kind_and_a_shared_kind(service):
    from plansearch.search.sides import side_mentions

    scope = service.snapshot.searcher.scope
    respective = side_mentions("Hur stor andel är ärftlig enligt Norrs respektive Mellansveriges plan?", scope)
    assert [s.documents for s in respective] == [(NORR,), (MELLANSVERIGE,)]
    # "möten" inside the topic is not a side; the plan named with its region is one.
    topic = side_mentions("Hur ofta ska styrgruppen ha möten enligt Norrs cancerplan?", scope)
    assert [s.documents for s in topic] == [(NORR,)]
    same = side_mentions("befolkningen i Mellansverige enligt Mellansveriges cancerplan", scope)
    assert len(same) == 1 and same[0].according
    # A kind named alone after a verb of saying, in a word of its own ("RPO-anteckningarna").
    said = side_mentions("Vad säger RPO-anteckningarna respektive Socialstyrelsen om CCC?", scope)
    assert [s.documents for s in said] == [(MINUTES,), (SOCIALSTYRELSEN,)]
    # A region without documents, labelled without the punctuation after it.
    halland = side_mentions("Gävleborg jämfört med Region Halland: vem ansvarar för teledermatoskopi?", scope)
    assert [s.label for s in halland][-1] == "Halland"


def test_regions_without_documents_of_their_own_are_compared_from_the_documents_that_name_them(real_settings):
    from plansearch.service import Service

    answer, _ = Service(real_settings).ask("Hur många invånare har RCC Väst jämfört med RCC Syd enligt Socialstyrelsen?")
    assert answer.route == "comparison"
    lines = answer.text.splitlines()
    assert lines[0].startswith("• Väst:") and "2 000 000" in lines[0]  # its own row, not another region's
    assert lines[1].startswith("• Syd:") and "Skåne" in lines[1]


def test_a_region_with_documents_and_one_without_compared_within_the_named_publisher(service):
    # RCC Norr has plans of its own, RCC Syd none; "enligt Socialstyrelsen" says where both are read.
    answer = service.ask(
        "Hur har RCC Norr och RCC Syd arbetat med information till patienter som utreds för cancer enligt Socialstyrelsen?"
    )[0]
    assert answer.route == "comparison" and not answer.abstained
    assert {c.passage.doc_id for c in answer.citations} == {"socialstyrelsen-analys-rcc-2025"}
    lines = answer.text.splitlines()
    assert len(lines) == 2 and lines[0].startswith("• Norr:") and lines[1].startswith("• Syd:")


def test_a_when_comparison_side_quotes_a_unit_with_a_date(service):
    # Mellansverige's plan words the topic otherwise ("Tjock- och ändtarmscancer"): the side
    # quotes the sentence that gives the year, not one about the topic without a date.
    answer = service.ask("När ska screeningen för tarmcancer vara klar i Norrs respektive Mellansveriges plan?")[0]
    assert answer.route == "comparison"
    lines = answer.text.splitlines()
    assert len(lines) == 2 and "2026" in lines[1] and "2022–2023" in lines[0]


def test_a_comparison_of_a_cancer_type_no_document_names_abstains(service):
    answer = service.ask("Vad skiljer Gävleborgs och Mellansveriges planer åt när det gäller sköldkörtelcancer?")[0]
    assert answer.abstained


def test_a_comparison_whose_sides_give_no_number_abstains_saying_so(service):
    # Both plans write about contact nurses; neither counts them.
    answer = service.ask("Hur många kontaktsjuksköterskor finns i Norr respektive Mellansverige?")[0]
    assert answer.abstained and "inget antal" in answer.text


def test_a_hyphenated_abbreviation_the_documents_use_is_known(service):
    answer = service.ask("Vad säger Norrs cancerplan om PET-DT?")[0]
    assert not answer.abstained and "PET-DT" in answer.text


def test_a_side_asked_what_it_says_gets_a_second_unit_about_the_subject(service):
    # Mellansverige's plan names NOGA in a sentence on the genetic clinics and in the activity row.
    answer = service.ask("Vad säger Gävleborgs handlingsplan och Mellansveriges cancerplan om NOGA?")[0]
    lines = _sides(answer)
    assert len(lines) == 2 and len(answer.citations) >= 3
    assert all("NOGA" in line for line in lines)


def test_regions_compared_are_answered_like_for_like_from_the_report_that_speaks_of_both(service):
    # Norr's side is found in Socialstyrelsen's table of the six RCCs; Mellansverige's own plan
    # only has a sentence near the topic, so its side is read from the same table.
    answer, _ = service.ask("Vem har ansvaret i sakfrågor för RCC Norr respektive RCC Mellansverige?")
    sides = _sides(answer)
    assert len(sides) == 2
    assert "Förbundsdirektionen" in sides[0] and "Samverkansnämndens ledningsgrupp" in sides[1]
    assert _cited_documents(answer) == [SOCIALSTYRELSEN]


def test_who_decides_on_each_side_is_read_from_another_publishers_table_that_names_it(service):
    # Neither plan says who decides on the child cancer money; Socialstyrelsen's table of each
    # RCC's deciding party does, by a row per region. Stop 29 answered Norr with an unrelated
    # responsible cell of its plan and Mellansverige with a sentence naming no one.
    answer, _ = service.ask("Vem bestämmer över barncancermedlen i Norr jämfört med Mellansverige?")
    sides = _sides(answer)
    assert len(sides) == 2
    assert "medicinsk chef BCC" in sides[0] and "Styrgrupp för barncancer" in sides[1]
    assert _cited_documents(answer) == [SOCIALSTYRELSEN]


def test_a_side_whose_figure_follows_a_sentence_holding_part_of_the_subject_gives_both(service):
    # Mellansverige's plan names "rehabilitering och palliativ vård" in one sentence and the sum in
    # the next ("Det rör sig om anslag … (varav cirka 21 Mkr till Mellansverige)"); stop 29 said
    # the plan gave no amount.
    answer, _ = service.ask("Hur mycket medel går till rehabilitering och palliativ vård i Mellansverige jämfört med "
                            "norra sjukvårdsregionen?")
    sides = _sides(answer)
    assert len(sides) == 2
    assert "21 Mkr" in sides[0] and "8,542 miljoner kr" in sides[1]


def test_a_comparison_with_a_target_rather_than_a_second_region_gives_both_figures(service):
    # One region and a national target: no two sides by name, so the sentence route answers, with
    # the figure of the other side too. Stop 29 gave the target alone.
    answer, _ = service.ask("Hur var täckningsgraden i palliativregistret i Mellansverige jämfört med den nationella "
                            "målnivån?")
    assert not answer.abstained and "80 %" in answer.text and "55%" in answer.text
    assert len(answer.citations) == 2


def test_a_side_sentence_that_points_back_is_quoted_with_the_one_it_points_to(service):
    # Mellansverige's "Kansliet är delvis bemannat …" says what the office does; where it sits
    # stands in the sentence before ("… ett sjukvårdsregionalt OPT-kansli, fysiskt beläget i RCC
    # Mellansveriges lokaler"). Stop 30 quoted the second sentence alone.
    answer, _ = service.ask("Hur är OPT-kansliet tänkt i Mellansverige jämfört med Norr?")
    sides = _sides(answer)
    assert len(sides) == 2
    mellansverige = next(s for s in sides if "Mellansverige" in s.split(":")[0])
    assert "RCC Mellansveriges lokaler" in mellansverige and "delvis bemannat" in mellansverige


@pytest.mark.parametrize(
    "asked",
    [
        "Vem ansvarar för OPT i Norrs resp. Mellansveriges plan?",  # chat shorthand for "respektive"
        "Stämmer minnesanteckningarna och Socialstyrelsens analys överens om CCC-ackrediteringen?",
    ],
)
def test_sides_joined_in_shorthand_or_held_against_each_other_are_compared(service, asked):
    # Stop 30 read "resp." as no joiner and "Stämmer X och Y överens" as no comparison, and abstained.
    answer, _ = service.ask(asked)
    assert answer.route == "comparison" and not answer.abstained
    sides = _sides(answer)
    assert len(sides) == 2
    assert not any("Stämmer" in side or "överens" in side for side in sides)  # the frame is no topic


def test_a_column_the_comparison_names_is_read_from_each_sides_table_row(service):
    # "tidsram" names the row's time-frame column; stop 30 gave Mellansverige's sentence on the
    # register's history, which has a date but no time frame.
    answer, _ = service.ask("Vilken tidsram har aktiviteten om täckningsgraden i registret för cancerläkemedel i "
                            "Mellansveriges plan jämfört med Gävleborgs?")
    sides = _sides(answer)
    assert len(sides) == 2 and all("tidsram: 2025" in side for side in sides)


def test_the_whole_country_is_a_side_answered_from_the_national_report(service):
    # "i hela riket" names no region: the national document speaks for it, the region's plan for
    # the region, each on its own line.
    answer = service.ask("Hur många barn drabbas av cancer varje år i riket, och hur många i Norr?")[0]
    assert answer.route == "comparison" and not answer.abstained
    lines = answer.text.splitlines()
    assert len(lines) == 2 and lines[0].startswith("• Socialstyrelsens analys:") and "350 barn" in lines[0]
    assert lines[1].startswith("• Norrs cancerplan:")
    scope = service.snapshot.searcher.scope
    from plansearch.search.sides import side_mentions

    assert [s.documents for s in side_mentions("i Mellansverige jämfört med hela landet", scope)] == [
        (MELLANSVERIGE,), (SOCIALSTYRELSEN,)]
    # "fastställts nationellt" says how, not where: no side.
    assert [s.documents for s in side_mentions("Vilka NVP har fastställts nationellt enligt RPO-mötet?", scope)] == [
        (MINUTES,)]


def test_one_passage_that_speaks_of_both_sides_is_quoted_once(service):
    # The same sentence names Norrlands universitetssjukhus and Uppsala: the second side points
    # at it instead of quoting it again.
    answer = service.ask("Hur är det med transitionssjuksköterskor vid Norrlands universitetssjukhus respektive i Uppsala?")[0]
    assert answer.route == "comparison" and not answer.abstained
    lines = answer.text.splitlines()
    assert len(lines) == 2 and lines[1] == "• Uppsala: samma ställe som ovan [1]."
    assert len(answer.citations) == 1 and answer.text.count("Rekrytering av en transitionssjuksköterska") == 1


def test_one_figure_for_a_group_of_regions_is_no_figure_for_each(service):
    # Socialstyrelsen's row "Norr Norrbotten, Västerbotten, … 900 000" gives the healthcare region's
    # population, not Västerbotten's or Norrbotten's; a row with a figure per region still answers.
    answer = service.ask("Hur många invånare har Region Västerbotten jämfört med Region Norrbotten?")[0]
    assert answer.abstained and "900 000" not in answer.text
    each = service.ask("Vilken region har flest invånare, Värmland eller Örebro?")[0]
    assert not each.abstained and "284 000" in each.text and "308" in each.text


@pytest.mark.slow
def test_a_groups_figure_is_no_figure_of_one_of_its_regions(service):
    # "Sydöst Kalmar län, Jönköpings län och Östergötland 1 100 000" is the healthcare region's
    # population; the documents give none for Jönköping or Kronoberg alone.
    answer, _ = service.ask("Hur många invånare har Jönköpings län jämfört med Kronoberg?")
    assert answer.abstained or "1 100 000" not in answer.text


@pytest.mark.slow
def test_a_healthcare_regions_own_row_still_gives_its_figure(service):
    answer, _ = service.ask("Hur många invånare har sjukvårdsregion Sydöst jämfört med Syd?")
    assert not answer.abstained and "1 100 000" in answer.text and "1 900 000" in answer.text


def test_a_kind_of_document_every_named_side_has_only_narrows_their_documents(service):
    from plansearch.search.sides import side_mentions

    scope = service.snapshot.searcher.scope
    # "i cancerplanen" says which of Norr's documents, it is no second side to compare with.
    one = side_mentions("Vad tar Norr upp om barn och unga i cancerplanen?", scope)
    assert [s.documents for s in one] == [(NORR,)]
    both = side_mentions("Skiljer sig Norr och Mellansverige åt i cancerplanerna när det gäller teledermatoskopi?", scope)
    assert [s.documents for s in both] == [(NORR,), (MELLANSVERIGE,)]
    # Held against it by a word that compares, the kind is a side all the same.
    against = side_mentions("Vad säger Norr jämfört med minnesanteckningarna om lungcancerscreening?", scope)
    assert len(against) == 2 and against[1].documents == (MINUTES,)
    assert service.snapshot.searcher.analyse("Vad tar Norr upp om barn och unga i cancerplanen?").answer_type != "comparison"


def test_a_side_without_the_topic_says_so_and_the_other_sides_words_are_found(service):
    # The minutes word it "lungcancerscreeningstudie" and are named as a kind beside Gävleborg's
    # plan, which has nothing on it: stop 33 abstained on the whole question.
    answer, _ = service.ask("Vad skriver Gävleborgs handlingsplan och minnesanteckningarna om lungcancerscreening?")
    assert answer.route == "comparison"
    assert "• Gävleborgs handlingsplan: inget om ”lungcancerscreening”." in answer.text
    assert "påbörjat inklusion" in answer.text
    # Norr's plan has nothing on teledermatoscopy: not a row that says "när det gäller" of something else.
    other, _ = service.ask("Skiljer sig Norr och Mellansverige åt i cancerplanerna när det gäller teledermatoskopi?")
    assert "• Norrs cancerplan: inget om ”teledermatoskopi”." in other.text
    mellansverige = other.text.splitlines()[1]
    assert "Molekylärpatologin" not in other.text and "teledermatoskopi" in mellansverige and "inget" not in mellansverige


def test_a_side_goes_on_with_the_sentence_next_to_its_first_before_one_further_off(service):
    # Mellansverige's plan says who the palliative consultation teams consist of in the sentence
    # after the one that names them.
    answer, _ = service.ask("Vad säger Norrs och Mellansveriges planer om hur de palliativa konsultteamen ska vara sammansatta?")
    assert "läkar- och sjuksköterskekompetens" in answer.text and "läkare och sjuksköterska" in answer.text


@pytest.mark.parametrize(
    "question",
    [
        "Hur skiljer sig Norrs och Mellansveriges planer när det gäller prehabilitering?",
        "När det gäller prehabilitering, vad säger Norrs respektive Mellansveriges cancerplan?",
    ],
)
def test_nar_det_galler_is_as_for_not_when(service, question):
    # "när det gäller X" is "as for X": asked for a date, Mellansverige's side was "inget datum".
    from plansearch.search.intent import question_intent

    assert question_intent(question) == "general"
    answer, _ = service.ask(question)
    assert "• Norrs cancerplan: inget om ”prehabilitering”." in answer.text
    mellansverige = next(line for line in answer.text.splitlines() if line.startswith("• Mellansveriges cancerplan:"))
    assert "inget" not in mellansverige and "prehabilitering" in mellansverige.lower()


def test_documents_named_by_kind_beside_a_name_are_narrowed_or_added(service):
    scope = service.snapshot.searcher.scope
    # "enligt cancerplanen" after Mellansverige is Mellansverige's plan, not Norr's too.
    assert scope.documents_in("Hur mycket kan Mellansverige få för palliativ vård enligt cancerplanen?") == {MELLANSVERIGE}
    # A kind named alone beside a named plan adds its own documents.
    assert scope.documents_in("Vad skriver Gävleborgs handlingsplan och minnesanteckningarna om HPV?") == {GAVLEBORG, MINUTES}
    assert scope.documents_in("Vad tar Norr upp om barn i cancerplanen?") == {NORR}


@pytest.mark.parametrize(
    "question",
    [
        "vem ansvarar för min vårdplan i norr resp gävleborg?",  # "resp" typed without its period
        "Vem ansvarar för Min vårdplan i Norr resp. Gävleborg?",
        "Arbetar Gävleborgs handlingsplan med Min vårdplan på samma sätt som Norrs cancerplan?",
        "Gävleborg har mål om Min vårdplan, finns det något motsvarande i Norrs cancerplan?",
    ],
)
def test_sides_held_together_by_resp_or_samma_satt_are_compared(service, question):
    assert service.snapshot.searcher.analyse(question).answer_type == "comparison"
    answer, _ = service.ask(question)
    assert answer.route == "comparison" and not answer.abstained
    assert {c.passage.doc_id for c in answer.citations} == {NORR, GAVLEBORG}
