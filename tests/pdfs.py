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


def make_pdf(path: Path, pages: list[list[str]] = PAGES, header: str = HEADER, numbers: bool = True) -> Path:
    """A PDF with a running header and a page number on every page."""
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
