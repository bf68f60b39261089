"""The decision reader on minutes written in the test: each lead form, continuation lines, lists,
the agenda item, the body, and sentences that only mention decisions."""

from plansearch.knowledge.decision_register import CSV_COLUMNS, DecisionFilter, counts, filter_decisions, to_csv
from plansearch.knowledge.decisions import Decision, extract_decisions, is_minutes, meeting_of, read_decisions
from plansearch.models import Document, DocumentMeta, Passage

META = DocumentMeta("protokoll-styrgrupp", "Protokoll Styrgruppen Cancer, 12 mars 2025", "protokoll.txt", kind="")


def minutes(text: str, meta: DocumentMeta = META) -> tuple[Document, list[Passage]]:
    """The text as a document, each numbered item one passage under its heading."""
    doc = Document(meta, text)
    passages, start = [], 0
    for n, block in enumerate(text.split("\n\n§")):
        end = start + len(block)
        heading = block.lstrip("§ ").split("\n")[0]
        passages.append(Passage(f"{meta.doc_id}:{n}", meta.doc_id, n, block, heading, None, "paragraph", start, end))
        start = end + 3
    return doc, passages


def read(text: str) -> list[Decision]:
    return read_decisions(*minutes(text))


def test_each_lead_form_is_read_with_its_body():
    text = (
        "1. Ekonomi\n\nRPO Cancer beslutade att godkänna budgeten för 2025.\n\n"
        "2. Screening\n\nStyrgruppen beslutar att införa screening i alla regioner.\n\n"
        "3. Remiss\n\nMötet beslöt att lämna remissvaret utan ändringar.\n\n"
        "4. Utbildning\n\nBeslutades att utbildningen ska ges digitalt.\n\n"
        "5. Rapport\n\nBeslut: rapporten godkänns.\n\n"
        "6. Pilot\n\nEfter diskussion beslutade RCC Norr att starta en pilot.\n\n"
        "7. Övrigt\n\nRCC i samverkan har beslutat att förlänga projektet."
    )
    found = read(text)
    assert [d.text for d in found] == [
        "godkänna budgeten för 2025", "införa screening i alla regioner", "lämna remissvaret utan ändringar",
        "utbildningen ska ges digitalt", "rapporten godkänns", "starta en pilot", "förlänga projektet",
    ]
    # Who decided: the subject, a name after the verb, else the meeting's body from the title.
    assert [d.body for d in found] == [
        "RPO Cancer", "Styrgruppen", "Styrgruppen Cancer", "Styrgruppen Cancer", "Styrgruppen Cancer", "RCC Norr", "RCC i samverkan",
    ]
    assert found[0].lead == "RPO Cancer beslutade att" and found[4].lead == "Beslut"


def test_decision_on_the_next_lines_and_a_list():
    text = (
        "§ 4 Vårdprogram\n\nRPO Cancer beslutade att:\n\nfastställa minnesanteckningen från mötet den 12\n"
        "november 2024. Anteckningarna publiceras på webben.\n\n"
        "§ 5 Uppdrag\n\nStyrgruppen beslutade\n\n• att ge RCC i uppdrag att utreda frågan\n\n"
        "• att återkomma i juni\n- att informera regionerna\n\nÖvrigt diskuterades inte."
    )
    first, second = read(text)
    assert first.text == "fastställa minnesanteckningen från mötet den 12 november 2024"  # one sentence, lines joined
    assert (first.item, first.item_number) == ("4 Vårdprogram", "4")
    assert second.items == ("att ge RCC i uppdrag att utreda frågan", "att återkomma i juni", "att informera regionerna")
    assert second.text == "; ".join(second.items) and second.body == "Styrgruppen"
    assert second.passage_id == "protokoll-styrgrupp:1"  # the passage of item 5


def test_mentions_of_decisions_are_not_decisions():
    text = (
        "1. Beslutsunderlag\n\nBeslutsunderlag: rapporten från arbetsgruppen.\n"
        "RPO Cancer diskuterade att revideringarna ökar kostnaderna.\n"
        "Frågan ska beslutas vid nästa möte.\nBeslutet om medel dröjer.\n"
        "Styrgruppen kommer att besluta om budgeten i maj.\nEtt beslutsstöd tas fram."
    )
    assert read(text) == []


def test_a_reported_decision_belongs_to_the_body_its_item_reports_from():
    text = "7. Aktuellt från RCC i samverkan (information)\n\nBeslut att nationellt stödja elektroniska kallelser"
    [d] = read(text)
    assert d.body == "RCC i samverkan" and d.text == "nationellt stödja elektroniska kallelser"


def test_meeting_and_date_from_catalogue_title_or_text():
    doc, _ = minutes("x")
    assert meeting_of(doc) == ("Styrgruppen Cancer", "Styrgruppen Cancer", "2025-03-12")
    dated = Document(DocumentMeta("m", "Minnesanteckningar RPO Cancer, norra sjukvårdsregionen", "m.txt", period="2025-02-04"), "")
    assert meeting_of(dated) == ("RPO Cancer", "RPO Cancer, norra sjukvårdsregionen", "2025-02-04")
    in_text = Document(DocumentMeta("m", "Mötesanteckningar LPO", "m.txt"), "Datum: 2024-11-12\n")
    assert meeting_of(in_text)[2] == "2024-11-12"


def test_only_minutes_are_read():
    plan = DocumentMeta("plan", "Cancerplan 2025–2027", "plan.txt", kind="cancerplan")
    doc, passages = minutes("1. Mål\n\nRegionerna beslutade att införa screening.", plan)
    assert not is_minutes(doc) and extract_decisions([doc], passages) == []
    assert is_minutes(Document(DocumentMeta("x", "Möte", "x.txt", kind="minnesanteckningar"), ""))


def test_filters_counts_csv_and_round_trip():
    found = read("1. A\n\nRPO Cancer beslutade att godkänna budgeten.\n\n2. B\n\nStyrgruppen beslutar att införa screening.")
    assert [d.text for d in filter_decisions(found, DecisionFilter(meeting="rpo cancer"))] == ["godkänna budgeten"]
    assert [d.text for d in filter_decisions(found, DecisionFilter(text="Screening införa"))] == ["införa screening"]
    assert filter_decisions(found, DecisionFilter(meeting="2025-03")) == found
    assert counts(found, DecisionFilter(text="budgeten"))["body"] == {"RPO Cancer": 1}
    assert to_csv(found).splitlines()[0] == ",".join(CSV_COLUMNS)
    assert all(Decision.from_dict(d.to_dict()) == d for d in found)
