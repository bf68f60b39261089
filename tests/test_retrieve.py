"""Fusion, filters, near-duplicate collapse and the JSON records, on a small index with a fake model;
and the real retrievers on the real corpus."""

from __future__ import annotations

import pytest

from plansearch.ingest.pipeline import ingest
from plansearch.search.filters import Filters
from plansearch.search.fuse import dbsf, minmax, rrf, weighted
from plansearch.search.intent import question_intent
from plansearch.search.records import hit_record
from plansearch.search.rerank import lift_by_neighbours
from plansearch.search.retrievers import covers
from plansearch.search.searcher import Searcher
from plansearch.store.index import load_index


def test_minmax_and_weighted_fusion():
    assert minmax({1: 2.0, 2: 4.0, 3: 3.0}) == {1: 0.0, 2: 1.0, 3: 0.5}
    fused = weighted({"dense": {1: 0.9, 2: 0.8}, "bm25": {2: 10.0, 3: 5.0}}, {"dense": 0.6, "bm25": 0.4})
    assert fused == pytest.approx({1: 0.6, 2: 0.4, 3: 0.0})


def test_filled_in_scores_are_scaled_like_the_list_and_floored_at_zero():
    lists = {"dense": {1: 0.9, 2: 0.8}, "bm25": {2: 10.0, 3: 5.0}}
    weights = {"dense": 0.5, "bm25": 0.5}
    filled = {"dense": {3: 0.85, 2: 0.8}, "bm25": {1: 0.0}}
    fused = weighted(lists, weights, "minmax", filled)
    # Row 3 was only BM25's; its cosine sits halfway in the dense list's range.
    assert fused[3] == pytest.approx(0.5 * 0.5 + 0.5 * 0.0)
    # Row 1 scores below BM25's list: floored at 0, as if missing.
    assert fused[1] == pytest.approx(0.5)
    assert weighted(lists, weights, "minmax")[3] == pytest.approx(0.0)


def test_distribution_based_scaling_rewards_a_lone_strong_match():
    lone = dbsf({1: 10.0, 2: 1.0, 3: 1.1, 4: 0.9, 5: 1.0})
    even = dbsf({1: 10.0, 2: 9.0, 3: 9.5, 4: 8.9, 5: 9.2})
    assert lone[1] > even[1]


def test_reciprocal_rank_fusion_uses_ranks_only():
    fused = rrf({"a": {1: 100.0, 2: 1.0}, "b": {2: 0.5, 1: 0.4}})
    assert fused[1] == pytest.approx(fused[2])


@pytest.mark.parametrize(
    "question, intent",
    [
        ("Vad står IPÖ för?", "abbreviation"),
        ("vad star KSSK for", "abbreviation"),
        ("What does RPO stand for?", "abbreviation"),
        ("Vad står LPO för i LPO Cancersjukdomar i Gävleborg?", "abbreviation"),
        ("Vad står det i planen för 2025 om screening?", "general"),
        ("Vad är prehabilitering?", "definition"),
        ("vem ansvarar för teledermatoskopi?", "role"),
        ("Who is responsible for screening?", "role"),
        ("När är nästa möte?", "date"),
        ("Hur mycket pengar kan sökas för patologi?", "amount"),
        ("Berätta om palliativ vård", "general"),
    ],
)
def test_question_intent(question, intent):
    assert question_intent(question) == intent


@pytest.fixture
def small_searcher(small_corpus, settings_for, fake_embedder):
    settings = settings_for(small_corpus)
    ingest(settings, embedder=fake_embedder)
    return Searcher(load_index(settings.index_dir), fake_embedder)


def test_every_retriever_returns_ranked_hits_with_their_signals(small_searcher):
    for retriever in ("bm25", "dense", "hybrid"):
        hits = small_searcher.search("teledermatoskopi vårdcentraler", k=3, retriever=retriever)
        assert [h.rank for h in hits] == list(range(1, len(hits) + 1))
        assert "teledermatoskopi" in hits[0].passage.text.lower()
    hybrid = small_searcher.search("teledermatoskopi", k=3)
    assert set(hybrid[0].signals) >= {"dense", "bm25"}


def test_a_passage_covers_a_question_when_it_holds_every_known_term(small_searcher):
    index = small_searcher.index
    row = next(i for i, p in enumerate(index.passages) if "teledermatoskopi" in p.text.lower())
    text = index.passages[row].text.lower()
    assert covers(index.lexical, "teledermatoskopi", row, index.passages)
    # A word the corpus never uses does not count against the passage; a known word it lacks does.
    assert covers(index.lexical, "teledermatoskopi qwertyuiop", row, index.passages)
    missing = next(w for w in index.lexical.analyzer.vocabulary if w.isalpha() and len(w) > 6 and w not in text)
    assert not covers(index.lexical, f"teledermatoskopi {missing}", row, index.passages)
    assert not covers(index.lexical, "qwertyuiop", row, index.passages)


def test_the_hybrid_leans_on_bm25_when_its_best_passage_holds_every_term(small_searcher, monkeypatch):
    import plansearch.search.searcher as searcher_module

    used = []
    real = searcher_module.weighted
    monkeypatch.setattr(searcher_module, "weighted", lambda lists, weights, *a: used.append(weights) or real(lists, weights, *a))
    small_searcher.search("teledermatoskopi", k=3)
    # A word of another passage: no passage holds both.
    index = small_searcher.index
    other = next(
        w for w in index.lexical.analyzer.vocabulary
        if w.isalpha() and len(w) > 6 and not any(w in p.text.lower() and "teledermatoskopi" in p.text.lower() for p in index.passages)
    )
    small_searcher.search(f"teledermatoskopi {other}", k=3)
    cfg = small_searcher.config
    assert used[0] == {"dense": cfg.covered_dense_weight, "bm25": cfg.covered_bm25_weight}
    assert used[1] == {"dense": cfg.dense_weight, "bm25": cfg.bm25_weight}


def test_filters_restrict_document_and_kind(small_searcher):
    hits = small_searcher.search("IPÖ teledermatoskopi", k=10, filters=Filters(doc_id="ordlista"))
    assert hits and {h.passage.doc_id for h in hits} == {"ordlista"}
    hits = small_searcher.search("teledermatoskopi", k=10, filters=Filters(kind="table_row"))
    assert hits and {h.passage.kind for h in hits} == {"table_row"}
    assert small_searcher.search("teledermatoskopi", filters=Filters(year=1990)) == []


def test_a_passage_moves_towards_a_better_neighbour_in_its_own_document(small_searcher):
    passages = small_searcher.index.passages
    # Two rows next to each other in one document, and a row whose neighbour lies in another one.
    row = next(r for r in range(1, len(passages) - 1) if passages[r].doc_id == passages[r + 1].doc_id)
    edge = next(r for r in range(len(passages) - 1) if passages[r].doc_id != passages[r + 1].doc_id)
    lifted = lift_by_neighbours({row: 0.2, row + 1: 1.0}, passages, 0.1)
    assert lifted[row] == pytest.approx(0.2 + 0.1 * (1.0 - 0.2))  # part of the way, not past it
    assert lifted[row + 1] == 1.0  # the better one is not pulled down
    assert lift_by_neighbours({edge: 0.1, edge + 1: 2.0}, passages, 0.1)[edge] == 0.1  # another document's
    assert lift_by_neighbours({row: 0.2}, passages, 0.1) == {row: 0.2}  # only candidates count


def test_abbreviation_question_finds_the_glossary_entry_first(small_searcher):
    hit = small_searcher.search("Vad står KSSK för?", k=3)[0]
    assert hit.passage.kind == "glossary" and "Kontaktsjuksköterska" in hit.passage.text


def test_near_duplicates_collapse_into_one_result(tmp_path, settings_for, fake_embedder):
    corpus = tmp_path / "dup"
    corpus.mkdir()
    sentence = "Det övergripande målet är att primärvården bidrar till tidig upptäckt av cancersjukdom genom teledermatoskopi."
    (corpus / "plan-a.txt").write_text(f"Plan A\n\n{sentence}\n", encoding="utf-8")
    (corpus / "plan-b.txt").write_text(f"Plan B\n\n{sentence}\n", encoding="utf-8")
    (corpus / "annat.txt").write_text("Annat\n\nNästa möte hålls digitalt i april.\n", encoding="utf-8")
    settings = settings_for(corpus)
    ingest(settings, embedder=fake_embedder)
    searcher = Searcher(load_index(settings.index_dir), fake_embedder)
    hits = searcher.search("tidig upptäckt teledermatoskopi", k=5)
    texts = [h.passage.text for h in hits]
    assert sum(sentence in t for t in texts) == 1
    record = hit_record(hits[0], searcher.index)
    assert len(record["also_in"]) == 1 and record["also_in"][0] != record["id"]


def test_search_record_has_each_retrievers_rank_and_score(small_searcher):
    record = hit_record(small_searcher.search("teledermatoskopi", k=1)[0], small_searcher.index)
    assert {"id", "doc_id", "title", "section", "page", "kind", "text", "score"} <= set(record)
    assert {"rank", "score"} <= set(record["retrievers"]["dense"])
    row = next(h for h in small_searcher.search("teledermatoskopi vårdcentraler", k=5) if h.passage.kind == "table_row")
    cells = hit_record(row, small_searcher.index)["fields"]
    assert [c["name"] for c in cells] == ["Aktivitet", "Vem?", "Ansvarig", "Tidsram"]
    assert cells[0]["value"] == "Införa teledermatoskopi på alla vårdcentraler"


@pytest.mark.slow
@pytest.mark.parametrize(
    "query, expected",
    [
        ("vem ansvarar för teledermatoskopi?", "teledermatoskopi"),
        ("Vad står IPÖ för?", "IPÖ – Individuell patientöversikt"),
        ("vad ar prehabilitering", "Sammanhängande vårdprocess mellan diagnos och behandlingsstart"),
        ("When is the next RPO Cancer meeting?", "8 april 2025"),
        ("Hur mycket pengar kan sökas för patologi?", "Patologi: 5,125 miljoner kr"),
        ("vem ansvarar for overgangsmottagning i norr", "Övergångsmottagning"),
        ("Vad står RCC i sam för?", "RCC i sam – Regionala cancercentrum i samverkan"),
    ],
)
def test_hybrid_search_on_the_real_corpus(real_searcher, query, expected):
    hits = real_searcher.search(query, k=3)
    assert any(expected.lower() in h.passage.text.lower() for h in hits), [h.passage.text[:80] for h in hits]


@pytest.mark.slow
@pytest.mark.parametrize(
    "query, expected",
    [
        ("What is the vision of RCC Norr?", "Likvärdig och tillgänglig cancervård i hela Norrland"),
        ("Vad är syftet med LPO Cancersjukdomar i Region Gävleborg?", "ska samordna, driva och följa upp"),
    ],
)
def test_a_question_about_something_else_than_a_term_is_not_sent_to_its_glossary_entry(real_searcher, query, expected):
    top = real_searcher.search(query, k=1)[0]
    assert top.passage.kind != "glossary" and expected in top.passage.text, top.passage.text[:80]


@pytest.mark.slow
def test_compound_query_reaches_the_compound_in_the_text(real_searcher):
    hits = real_searcher.search("teledermatoskopi verksamhet kvalitetssäkring utbildning", k=5, retriever="bm25")
    assert any("teledermatoskopiverksamheten" in h.passage.text for h in hits)


@pytest.mark.slow
def test_year_filter_on_the_real_corpus(real_searcher):
    hits = real_searcher.search("kontaktsjuksköterska", k=10, filters=Filters(year=2023))
    assert hits and all(h.passage.doc_id == "cancerplan-norr-2022-2024" for h in hits)


class _CountingEmbedder:
    """The real embedder, recording which model calls a search makes."""

    def __init__(self, inner, one_pass: bool):
        self.inner, self.one_pass, self.calls = inner, one_pass, []

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def embed_query(self, text):
        self.calls.append("vector")
        return self.inner.embed_query(text)

    def sparse_query(self, text):
        self.calls.append("latent terms")
        return self.inner.sparse_query(text)

    def embed_question(self, text, raw=None):
        self.calls.append("one pass")
        return self.inner.embed_question(text, raw) if self.one_pass else None


@pytest.mark.slow
def test_a_new_question_takes_one_model_pass_and_ranks_as_two_passes_would(real_searcher):
    if getattr(real_searcher.embedder, "embed_question", lambda _: None)("x") is None:
        pytest.skip("the native engine was not compiled")
    question = "Vem följer upp arbetet med kontaktsjuksköterskor i Norrland?"
    one = Searcher(real_searcher.index, _CountingEmbedder(real_searcher.embedder, True), real_searcher.config)
    two = Searcher(real_searcher.index, _CountingEmbedder(real_searcher.embedder, False), real_searcher.config)
    first, second = one.search(question, k=10), two.search(question, k=10)
    assert one.embedder.calls == ["one pass"]
    assert sorted(two.embedder.calls) == ["latent terms", "one pass", "vector"]
    assert [h.passage.id for h in first] == [h.passage.id for h in second]
    assert [h.score for h in first] == pytest.approx([h.score for h in second], abs=1e-4)
    one.search(question, k=10)  # asked again: from the cache
    assert one.embedder.calls == ["one pass"]
    # An English question: the vector of its form with Swedish words, the latent terms of itself.
    english = "Who is responsible for teledermatoscopy?"
    assert one.analyse(english).dense != english
    first, second = one.search(english, k=10), two.search(english, k=10)
    assert one.embedder.calls == ["one pass", "one pass"]
    assert [h.passage.id for h in first] == [h.passage.id for h in second]
