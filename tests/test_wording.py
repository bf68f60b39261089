"""Small wording: lists of bodies, counts, sentences that start like sentences, the roles filter's
order, and the ingest's progress as a reader sees it."""

from __future__ import annotations

import pytest

from plansearch.answer.phrasing import glossary_sentence, join_items, plural, sentence_case
from plansearch.knowledge.roles import RoleDirectory
from plansearch.models import Duty, GlossaryEntry, Role
from plansearch.progress import IngestProgress, duration


@pytest.mark.parametrize(
    "cell, language, expected",
    [
        ("Primärvården Specialistsjukvården", "sv", "Primärvården och Specialistsjukvården"),
        # A person, a genitive and a name with an acronym stay one (cells of Word and web tables).
        ("Anna Berg", "sv", "Anna Berg"),
        ("Regionens IT-avdelning", "sv", "Regionens IT-avdelning"),
        ("Verksamheterna Processägare", "sv", "Verksamheterna och Processägare"),
        ("- Regionerna - RCC Mellansverige - PNR", "sv", "Regionerna, RCC Mellansverige och PNR"),
        ("Regionerna RCC Norrs processledare för ärftlig cancer", "sv", "Regionerna och RCC Norrs processledare för ärftlig cancer"),
        ("Barn- och ungdomscentrum, Region Västerbotten Regionerna", "sv",
         "Barn- och ungdomscentrum, Region Västerbotten och Regionerna"),
        ("VO Företrädare i RG", "sv", "VO Företrädare i RG"),  # one body
        ("Patientföreningar med stöd av RCC Mellansverige", "sv", "Patientföreningar med stöd av RCC Mellansverige"),
        ("Regionerna RCC Norr", "en", "Regionerna and RCC Norr"),
    ],
)
def test_bodies_named_in_a_cell_are_joined_with_och(cell, language, expected):
    assert join_items(cell, language) == expected


def test_counts_agree_with_their_number_and_fragments_start_like_sentences():
    assert plural(1, "aktivitet", "aktiviteter") == "1 aktivitet"
    assert plural(4, "aktivitet", "aktiviteter") == "4 aktiviteter"
    assert sentence_case("fastställa minnesanteckningen.") == "Fastställa minnesanteckningen."
    assert sentence_case("RCC Norr") == "RCC Norr"
    entry = GlossaryEntry("NOGA", "nationella kvalitetsregistret för ärftlig cancer", "abbreviation", "d", "d:1")
    assert glossary_sentence(entry, True, "sv", "[1]") == "Nationella kvalitetsregistret för ärftlig cancer förkortas NOGA [1]."


def role(name: str, *activities: str) -> Role:
    return Role(name.lower(), name, [name], [Duty(a, "Ansvarig", "d:1", "d") for a in activities])


def test_the_roles_filter_matches_the_name_before_the_duties():
    directory = RoleDirectory([
        role("Regionerna", "Stödja cancersamordnare i arbetet"),  # mentions it in a duty only
        role("Lokal cancersamordnare", "Samordna"),  # contains it
        role("Cancersamordnare", "Leda arbetet"),  # is it
        role("Cancersamordnarens nätverk", "Träffas"),  # starts with it
        role("Hudkliniken", "Bedöma bilder"),  # nothing
    ])
    names = [r.name for r in directory.search("cancersamordnare")]
    assert names == ["Cancersamordnare", "Cancersamordnarens nätverk", "Lokal cancersamordnare", "Regionerna"]
    assert [r.name for r in directory.search("")][0] == "Regionerna"  # no filter: the directory's order


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_ingest_progress_off_a_terminal_is_plain_swedish_lines_every_few_seconds(capsys):
    clock = Clock()
    progress = IngestProgress(interactive=False, every=5.0, clock=clock)
    for number in range(1, 6):
        progress("read", number, 5)
    progress("passages", 641, 641)
    total = 2248  # texts the model reads: never shown
    for done in range(0, total, 16):
        clock.now += 0.125  # exact in binary: the lines fall at 5, 10 and 15 s
        progress("embed", done, total)
    progress("embed", total, total)
    progress("save", 0, 1)
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == "Läser 5 dokument…"
    assert lines[1] == "Förbereder sökning i 641 avsnitt…"
    middle = lines[2:-2]
    assert len(middle) == 3  # 17.6 s at one line per 5 s
    assert all(line.startswith("Förbereder sökning i 641 avsnitt: ") and "kvar" in line for line in middle)
    assert lines[-2] == "Förbereder sökning i 641 avsnitt: klart efter 18 s."
    assert lines[-1] == "Sparar sökindexet…"
    assert "2248" not in "\n".join(lines) and "\r" not in "\n".join(lines)


def test_time_left_reads_in_minutes_and_seconds():
    assert duration(0.2) == "1 s"
    assert duration(42) == "42 s"
    assert duration(80.4) == "1 min 20 s"


def test_a_cell_of_text_is_not_split_into_names():
    # A follow-up cell says when, not who: its capitalised words are no list of bodies.
    assert join_items("Vid varje LPO cancersjukdomars styrgruppsmöte", "sv", names=False) == (
        "Vid varje LPO cancersjukdomars styrgruppsmöte")
    assert join_items("- Årlig rapport - Registeruppföljning", "sv", names=False) == "Årlig rapport och Registeruppföljning"
