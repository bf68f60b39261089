"""Each cleaning rule, shown on real lines from the shipped documents."""

from __future__ import annotations

from plansearch.ingest.clean import clean_document
from plansearch.models import DocumentMeta, Line

META = DocumentMeta(doc_id="t", title="t", source="t")


def clean(text: str) -> str:
    return clean_document(META, [Line(line) for line in text.split("\n")]).text


def test_running_footer_of_the_gavleborg_plan_is_removed():
    text = (
        "2.10 Vårdprocessutveckling\n\n"
        "Kopians giltighet garanteras endast utskriftsdatumet\n\n"
        "Innehåll\n\n"
        "Kopians giltighet garanteras endast för utskrift\n\n"
        "2.11 Kontaktsjuksköterska och Min vårdplan\n"
    )
    out = clean(text)
    assert "Kopians giltighet" not in out
    assert "2.10 Vårdprocessutveckling" in out and "2.11 Kontaktsjuksköterska och Min vårdplan" in out


def test_page_footer_of_the_minutes_is_removed():
    text = (
        "• Webbinarium om lymfödem 26 mars \n\n"
        "https://cancercentrum.se/norr/vara-uppdrag/barn-och-unga/\n"
        "\n\nMinnesanteckningar \n\n2025-02-04 \n\n7(7) \n\n \n\n \n\n"
        "• Fortbildningsfredag 28 mars: Palliativ vård av barn \n"
    )
    out = clean(text)
    assert "7(7)" not in out
    assert "Minnesanteckningar" not in out and "2025-02-04" not in out
    assert "• Fortbildningsfredag 28 mars: Palliativ vård av barn" in out


def test_lone_page_numbers_are_removed_but_numbers_in_text_stay():
    text = (
        "anlagsbärarutredningar.  \n\n \n\n27 \n\n"
        "Enligt förslaget ska basmottagningarna bedriva basala cancergenetiska utredningar vid misstanke \n"
        "om ärftlig cancer. Pilotfasen omfattar 500 \nutskick per region.\n"
    )
    out = clean(text)
    assert "\n27\n" not in out
    assert "Pilotfasen omfattar 500 utskick" in " ".join(out.split())


def test_repeated_running_header_of_the_report_is_removed():
    page = "Analys av verksamheten vid regionala cancercentrum 2025 \n\n{n} \n\nResultat  \nText på sidan {n}.\n\n"
    out = clean("".join(page.format(n=n) for n in (20, 29, 51)))
    assert "Analys av verksamheten" not in out
    assert "Text på sidan 29." in out
    for n in ("20", "29", "51"):
        assert f"\n{n}\n" not in f"\n{out}"


def test_the_same_url_repeated_on_consecutive_lines_is_kept_once():
    text = (
        "Webbutbildning om arbetsgivaransvaret vid handhavande av cancerläkemedel \n\n"
        "https://www.youtube.com/watch?v=CcbqTehnq1c&t=6s\n"
        "https://www.youtube.com/watch?v=CcbqTehnq1c&t=6s\n"
        "https://www.youtube.com/watch?v=r-Fhg01Yb0M&t=22s\n"
        "https://www.youtube.com/watch?v=r-Fhg01Yb0M&t=22s\n"
        "https://www.youtube.com/watch?v=r-Fhg01Yb0M&t=22s\n"
    )
    out = clean(text)
    assert out.count("CcbqTehnq1c") == 1
    assert out.count("r-Fhg01Yb0M") == 1


def test_link_broken_over_lines_is_joined_and_its_repeats_dropped():
    text = (
        "Information finns på:  \n\n"
        "https://cancercentrum.se/norr/vara-uppdrag/palliativ-vard/palliativ-vard-i-norr/pediatriskt-\n"
        "palliativt-kompetenscentrum/ \n\n"
        "https://cancercentrum.se/norr/vara-uppdrag/palliativ-vard/palliativ-vard-i-norr/pediatriskt-palliativt-kompetenscentrum/\n"
    )
    out = clean(text)
    url = "https://cancercentrum.se/norr/vara-uppdrag/palliativ-vard/palliativ-vard-i-norr/pediatriskt-palliativt-kompetenscentrum/"
    assert out.count(url) == 1


def test_word_hyphenated_over_a_line_end_is_joined():
    text = (
        "frågor kring nuläge, utmaningar och möjligheter. En samsyn kring vikten av ackrediterings-\n"
        "arbetet och att tid och resurser avsätts är nödvändigt.\n"
    )
    assert "vikten av ackrediteringsarbetet och att tid" in " ".join(clean(text).split())


def test_real_hyphens_are_kept():
    out = " ".join(
        clean(
            "Förebyggande arbete mot cancer omfattar alla de samlade insatser som görs på individ-, grupp- \n"
            "och samhällsnivå för att minska risken. Det gäller i hög grad även den IT-\n"
            "plattform med olika kunskapsstöd. Värdskapet för NPO:erna akutvård, hjärtkärlsjukdomar, öron-\n"
            "näsa- halssjukdomar samt äldres hälsa. Prioriteringar inom hälso-\noch sjukvården.\n"
        ).split()
    )
    assert "individ-, grupp- och samhällsnivå" in out
    assert "IT-plattform" in out
    assert "öron- näsa- halssjukdomar" in out
    assert "hälso- och sjukvården" in out


def test_html_tags_inside_table_cells_are_removed():
    row = (
        "<p>Utrotningsprojektet för livmoderhalscancer syftar till 70% täckning med HPV-vaccin hos kvinnor "
        "födda 1994–1999.</p>\t<p>Inkludering fortsätter under hela 2025.</p>\t<p>- Regionerna - RCC Mellansverige</p>"
    )
    italics = "I samarbete med andra berörda aktörer öka kunskapen hos <i>befolkning</i> och <i>hälso-och sjukvårdspersonal</i>\tx\ty"
    out = clean(row + "\n" + italics + "\n")
    assert "<p>" not in out and "</p>" not in out and "<i>" not in out
    cells = out.splitlines()[0].split("\t")
    assert cells[1] == "Inkludering fortsätter under hela 2025."
    assert "öka kunskapen hos befolkning och hälso-och sjukvårdspersonal" in out


def test_less_than_sign_in_text_is_not_taken_for_a_tag():
    out = clean("alla bröstcancerpatienter <40 år gentestas för nedärvda genetiska förändringar\n")
    assert "<40 år" in out


def test_markdown_table_rules_and_links_are_cleaned():
    out = clean(
        "---\t---\t--\t--\t---\t--\t------------------\n"
        "År 2018 togs den [långsiktiga inriktningen för framtidens cancervård](#) fram.\n"
    )
    assert "---" not in out
    assert "År 2018 togs den långsiktiga inriktningen för framtidens cancervård fram." in out


def test_sentence_cut_by_a_page_break_and_link_list_is_joined():
    text = (
        "Anna-Lena gör en översiktlig genomgång av överenskommelsen. Själva överenskommelse-\n"
        "dokumentet har ännu inte publicerats av Regeringen eller SKR, men det finns information om \n\n"
        "https://cancercentrum.se/norr/om-oss/motesanteckningar/rpo-cancer/\n"
        " bland annat uppdrag och medelsfördelning på webbplatsen. \n"
    )
    out = clean(text)
    assert "Själva överenskommelsedokumentet har ännu inte publicerats" in " ".join(out.split())
    assert "finns information om\nbland annat uppdrag" in out
    assert out.rstrip().endswith("rpo-cancer/")


def test_paragraph_with_a_blank_line_after_every_line_is_joined():
    text = (
        "Sedan RCC systemet infördes har personalbristen blivit ett växande problem och omfattar nu ett \n\n"
        "flertal resurser som har en avgörande betydelse för en välfungerande cancervård såsom \n\n"
        "primärvård, diagnostik, tillgång till vårdplatser och operationskapacitet.\n"
    )
    out = clean(text)
    assert "\n\n" not in out.strip()


def test_cleaning_is_stable_when_run_twice():
    text = "Rubrik\n\nEn mening som slutar här.\n\nKopians giltighet garanteras endast utskriftsdatumet\n"
    once = clean(text)
    assert clean(once) == once
