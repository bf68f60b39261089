"""Real PDF files made in the tests, from text of the shipped corpus."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

HEADER = "Region Gävleborg - Handlingsplan 2025-2027"

# Lines of the Gävleborg action plan and the Norr cancer plan (latin-1 only, for the core font).
PAGES = [
    [
        "2.3 Tidig upptäckt i primärvård",
        "Det övergripande målet är att primärvården, genom god kännedom om alarmsymtom och",
        "adekvat tillämpning av SVF samt användning av andra strukturerade metoder, exempelvis",
        "teledermatoskopi, bidrar till tidig upptäckt av cancersjukdom.",
    ],
    [
        "Kvalitetssäkring av hela vårdkedjan kring teledermatoskopi. För tidig upptäckt hos alla i RG.",
        "Säkerställa att remisser till specialistsjukvården är kompletta samt att kvalitén på bilder",
        "som ska bedömas är god. Primärvården och Specialistsjukvården ansvarar.",
    ],
    [
        "2.15 Individuell patientöversikt (IPÖ)",
        "Det övergripande målet är att IPÖ ska underlätta vårdpersonalens arbete och öka patientens",
        "delaktighet i den egna vården. En samsyn kring vikten av ackrediterings-",
        "arbetet och att tid och resurser avsätts är nödvändigt.",
    ],
    [
        "2.19 Barn och unga",
        "Det övergripande målet är att barn med cancer och deras familjer påverkas så lite som möjligt",
        "av sjukdomen och kan leva så normala liv som möjligt under och efter sjukdomsförloppet.",
    ],
]


def make_pdf(
    path: Path, pages: list[list[str]] = PAGES, header: str = HEADER, numbers: bool = True, footer=None
) -> Path:
    """A PDF with a running header and a page number on every page; `footer(page number)` gives a
    running footer that changes with the page ("34 Kapitel 3 · Allergi")."""
    pdf = FPDF()
    pdf.set_auto_page_break(False)
    pdf.set_font("Helvetica", size=10)
    for number, lines in enumerate(pages, 1):
        pdf.add_page()
        pdf.set_xy(10, 10)
        pdf.cell(0, 8, header)
        y = 30
        for line in lines:
            pdf.set_xy(10, y)
            pdf.cell(0, 6, line)
            y += 7
        if numbers:
            pdf.set_xy(100, 280)
            pdf.cell(0, 8, str(number))
        if footer is not None:
            pdf.set_xy(10, 287)
            pdf.cell(0, 6, footer(number))
    pdf.output(str(path))
    return path


def make_blank_pdf(path: Path, pages: int = 2) -> Path:
    """A PDF with pages but no text layer, like a scan."""
    pdf = FPDF()
    for _ in range(pages):
        pdf.add_page()
        pdf.rect(20, 20, 100, 60)
    pdf.output(str(path))
    return path


def make_encrypted_pdf(path: Path, source: Path) -> Path:
    """A copy of `source` that needs a password to open."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(user_password="hemligt", owner_password="ägare", algorithm="RC4-128")
    with open(path, "wb") as handle:
        writer.write(handle)
    return path


CORPUS = Path(__file__).resolve().parents[1] / "corpus"
ACTION_PLAN = CORPUS / "handlingsplan-gavleborg-2025-2027.txt"


def _latin1(text: str) -> str:
    """The core fonts have latin-1 only: dashes and quotes become their plain forms."""
    return text.translate(str.maketrans({"–": "-", "—": "-", "”": '"', "’": "'"})).encode("latin-1", "replace").decode("latin-1")


def action_plan_rows(count: int = 14) -> list[list[str]]:
    """The header and the first `count` rows of Gävleborg's seven-column action-plan table."""
    lines = ACTION_PLAN.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Aktivitet\tHur?\tVem?"))
    rows = [lines[start].split("\t")]
    for line in lines[start + 1 :]:
        cells = line.split("\t")
        if len(cells) == 7 and all(c.strip("-") for c in cells) and cells != rows[0] and "<" not in line:
            rows.append([_latin1(c) for c in cells])
        if len(rows) > count:
            break
    return rows


def make_table_pdf(path: Path, rows: list[list[str]]) -> Path:
    """A ruled table with a bold header that runs over a page break (the header is not
    repeated on the second page), with a running header and page numbers."""
    pdf = FPDF(orientation="L")
    pdf.set_auto_page_break(True, margin=20)
    pdf.set_font("Helvetica", size=8)

    def header() -> None:
        pdf.set_font("Helvetica", size=8)
        pdf.set_xy(10, 6)
        pdf.cell(0, 5, _latin1(HEADER))
        pdf.set_xy(270, 6)
        pdf.cell(10, 5, str(pdf.page_no()))
        pdf.set_xy(10, 20)

    pdf.header = header  # type: ignore[method-assign]
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.cell(0, 8, _latin1("Handlingsplan för cancervården"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=8)
    intro = "Tabellen visar aktiviteterna inom patient- och närståendemedverkan, vem som ansvarar och när de följs upp."
    pdf.cell(0, 6, _latin1(intro), new_x="LMARGIN", new_y="NEXT")
    with pdf.table(col_widths=(40, 45, 35, 30, 40, 35, 25), repeat_headings=0, line_height=4) as table:
        for row in rows:
            out = table.row()
            for cell in row:
                out.cell(_latin1(cell))
    pdf.output(str(path))
    return path


def make_two_column_pdf(path: Path, left: list[str], right: list[str], title: str) -> Path:
    """One page: a full-width title, then two columns of prose whose lines are not aligned."""
    pdf = FPDF()
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", size=16)
    pdf.set_xy(15, 15)
    pdf.cell(0, 10, _latin1(title))
    pdf.set_font("Helvetica", size=10)
    for x, lines, y0 in ((15, left, 40), (112, right, 43)):
        for k, line in enumerate(lines):
            pdf.set_xy(x, y0 + k * 5.5)
            pdf.cell(85, 5, _latin1(line))
    pdf.output(str(path))
    return path


def make_partly_scanned_pdf(path: Path, pages: list[list[str]], scanned: set[int]) -> Path:
    """A PDF whose pages in `scanned` (1-based) are images of their text, as from a scanner."""
    import pypdfium2 as pdfium

    text_pdf = make_pdf(path.with_suffix(".text.pdf"), pages, numbers=False)
    source = pdfium.PdfDocument(str(text_pdf))
    pdf = FPDF()
    pdf.set_auto_page_break(False)
    pdf.set_font("Helvetica", size=10)
    for number, lines in enumerate(pages, 1):
        pdf.add_page()
        if number in scanned:
            image = source[number - 1].render(scale=200 / 72).to_pil()
            pdf.image(image, x=0, y=0, w=pdf.w, h=pdf.h)
        else:
            for k, line in enumerate(lines):
                pdf.set_xy(10, 30 + 7 * k)
                pdf.cell(0, 6, line)
    source.close()
    pdf.output(str(path))
    return path


def turn_pages(path: Path, source: Path) -> Path:
    """A copy of `source` whose pages are portrait pages with the text running up the page and
    /Rotate 270 turning them back to landscape, as some tools write landscape pages."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(source))
    for page in writer.pages:
        page.rotate(90)
        page.transfer_rotation_to_content()
        page.rotate(270)
    with open(path, "wb") as handle:
        writer.write(handle)
    return path
