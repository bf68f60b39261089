"""Tiny indexes for the fast answer, ranking and question tests, all with the FakeEmbedder.

`small_searcher` ingests tests/data (kort-plan.txt and ordlista.md) like a user would; `hand_index`
builds an Index straight from Passage records, for tests that need to know every row.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np

from conftest import DATA, FakeEmbedder
from plansearch.config import Settings
from plansearch.ingest.pipeline import ingest
from plansearch.models import Document, DocumentMeta, Passage
from plansearch.search.searcher import Searcher
from plansearch.store.calibration import Calibration
from plansearch.store.index import Index, load_index

# The fake model's cosines mean nothing: tests choose the thresholds. With these, any passage with
# a positive cosine is close enough; with NEVER, none is (and AnswerSettings(min_coverage=...)
# must be set out of reach too, for the words).
ALWAYS = Calibration(model=FakeEmbedder.name, min_dense=1e-3, min_dense_english=1e-3)
NEVER = Calibration(model=FakeEmbedder.name, min_dense=2.0, min_dense_english=2.0)


def small_searcher(folder: Path) -> Searcher:
    """tests/data ingested into `folder` with the FakeEmbedder."""
    corpus, index_dir = folder / "corpus", folder / "index"
    shutil.copytree(DATA, corpus, ignore=shutil.ignore_patterns("*.pdf"))
    settings = Settings.from_env(environ={}, corpus_dir=corpus, index_dir=index_dir)
    embedder = FakeEmbedder()
    ingest(settings, embedder=embedder)
    return Searcher(load_index(settings.index_dir), embedder)


def passage(doc_id: str, n: int, text: str, kind: str = "paragraph", fields=(), section: str = "") -> Passage:
    """A passage record with made-up offsets (only hand_index's documents point into them)."""
    return Passage(f"{doc_id}:{n}", doc_id, n, text, section, None, kind, 0, len(text), "sv", tuple(fields))


def row(doc_id: str, n: int, *cells: tuple[str, str]) -> Passage:
    """A table row whose text reads like the ingested ones: "Aktivitet: … | Ansvarig: …"."""
    text = " | ".join(f"{name}: {value}" for name, value in cells)
    return passage(doc_id, n, text, "table_row", cells)


def entry(doc_id: str, n: int, term: str, meaning: str) -> Passage:
    """A glossary entry "TERM – meaning"."""
    return passage(doc_id, n, f"{term} – {meaning}", "glossary", (("term", term), ("definition", meaning)))


def hand_index(passages: list[Passage], metas: list[DocumentMeta] = (), common_words: set[str] | None = None) -> Index:
    """An Index of exactly these passages (rows in the given order), vectors from the FakeEmbedder.

    A document without a meta gets a bare one. `common_words` defaults to none: in a corpus this
    small every word is in more than 3 % of the passages, so derive() would call them all common."""
    by_id = {m.doc_id: m for m in metas}
    documents = {}
    for doc_id in dict.fromkeys(p.doc_id for p in passages):
        meta = by_id.get(doc_id) or DocumentMeta(doc_id, doc_id, f"{doc_id}.txt")
        text = "\n\n".join(p.text for p in passages if p.doc_id == doc_id)
        documents[doc_id] = Document(meta, text)
    vectors = FakeEmbedder().embed_passages([p.text for p in passages]).astype(np.float32)
    manifest = {"embedding": {"model": FakeEmbedder.name}, "calibration": ALWAYS.to_dict()}
    index = Index(manifest, documents, list(passages), vectors)
    index.common_words = set() if common_words is None else common_words
    return index


GAV, MIN, ORD = "handlingsplan-gavleborg", "minnesanteckningar-rpo-norr", "ordlista"
PLAN_METAS = [
    DocumentMeta(GAV, "Handlingsplan Gävleborg 2025", "gav.txt", "Region Gävleborg", "handlingsplan",
                 "Region Gävleborg", "2025", 2025),
    DocumentMeta(MIN, "Minnesanteckningar RPO Cancer Norr", "min.txt", "RCC Norr", "minnesanteckningar",
                 "Norra sjukvårdsregionen", "2025-02-04", 2025),
    DocumentMeta(ORD, "Ordlista", "ordlista.txt"),
]


def plans() -> list[Passage]:
    """Three documents with known rows (the comments): a regional plan with a table, meeting minutes
    and a glossary."""
    return [
        # 0
        passage(GAV, 0, "Teledermatoskopi ska införas på alla vårdcentraler i Gävleborg; cancersamordnaren är ansvarig."),
        # 1
        row(GAV, 1, ("Aktivitet", "Införa teledermatoskopi"), ("Ansvarig", "Cancersamordnaren"), ("Tidsram", "2025")),
        row(GAV, 2, ("Aktivitet", "Utbilda personal"), ("Ansvarig", "Verksamhetschefen"), ("Tidsram", "2026")),  # 2
        row(GAV, 3, ("Aktivitet", "Följa upp remisser"), ("Ansvarig", ""), ("Tidsram", "löpande")),  # 3
        passage(MIN, 0, "Nästa möte hålls den 8 april 2025 i Umeå."),  # 4
        passage(MIN, 1, "Regionerna kan söka 5 miljoner kr för patologi."),  # 5
        entry(ORD, 0, "IPÖ", "Individuell patientöversikt"),  # 6
        entry(ORD, 1, "KSSK", "Kontaktsjuksköterska"),  # 7
        passage(ORD, 2, "Den individuella patientöversikten samlar patientens uppgifter."),  # 8
        passage(MIN, 2, "Regionalt programområde (RPO) leder arbetet med patologi."),  # 9: an inline definition
    ]


def plans_searcher() -> Searcher:
    """A Searcher over plans(); derive() finds the glossary (IPÖ, KSSK, RPO) and the roles."""
    return Searcher(hand_index(plans(), PLAN_METAS), FakeEmbedder())
