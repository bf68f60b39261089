"""Evaluation on other document sets: BEIR folders, the public Swedish sets' converters, document
rankings from passage hits, intervals and paired tests."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from conftest import ROOT
from plansearch.cli import cli
from plansearch.config import Settings
from plansearch.errors import PlansearchError
from plansearch.evaluate import benchmark, public_sets
from plansearch.evaluate.beir import RetrievalSet, load_beir, write_beir
from plansearch.evaluate.stats import bootstrap_interval, paired_test
from plansearch.evaluate.systems import System

SHARED = ROOT.parent / "shared" / "benchmarks"

DOCS = {
    "tele": ("Teledermatoskopi", "Regionerna inför teledermatoskopi i primärvården för tidig upptäckt av melanom."),
    "screen": ("", "Lungcancerscreening startar som ett pilotprojekt i två regioner under 2025."),
    "prehab": ("Prehabilitering", "Prehabilitering före operation ska erbjudas alla patienter med tjocktarmscancer."),
}
SET = RetrievalSet(
    "tiny",
    DOCS,
    {"q1": "Vem inför teledermatoskopi?", "q2": "När startar lungcancerscreening?", "q3": "Vad gäller före operation?"},
    {"q1": {"tele": 1}, "q2": {"screen": 1}, "q3": {"prehab": 1, "tele": 0}},
)


def test_a_beir_folder_round_trips_and_keeps_only_the_splits_questions(tmp_path):
    folder = write_beir(SET, tmp_path / "tiny")
    (folder / "queries.jsonl").open("a", encoding="utf-8").write(json.dumps({"_id": "extra", "text": "Ingen dom"}) + "\n")
    loaded = load_beir(folder)
    assert loaded.corpus == SET.corpus
    assert loaded.queries == SET.queries  # "extra" has no qrels in this split
    assert loaded.qrels == SET.qrels
    assert loaded.judged() == ["q1", "q2", "q3"]


def test_a_broken_beir_folder_names_the_file_and_line(tmp_path):
    folder = write_beir(SET, tmp_path / "tiny")
    with pytest.raises(PlansearchError, match=r"splits test \(--split\)"):
        load_beir(folder, split="dev")
    (folder / "qrels" / "test.tsv").write_text("query-id\tcorpus-id\tscore\nq1\tnowhere\t1\n", encoding="utf-8")
    with pytest.raises(PlansearchError, match=r"test.tsv:2: document 'nowhere'"):
        load_beir(folder)
    (folder / "corpus.jsonl").write_text('{"_id": "a", "text": "x"}\n{"_id": "b"\n', encoding="utf-8")
    with pytest.raises(PlansearchError, match=r"corpus.jsonl:2: not valid JSON"):
        load_beir(folder)


def test_swequad_items_become_questions_on_their_own_context_with_the_exact_span(tmp_path):
    context = "Rubrik\r\nDu ska ta med ditt pass.\r\nKortet skickas hem."
    start = context.index("ditt pass")
    item = {"context": context, "question": "Vad ska du ta med?", "choices": [
        {"start": 0, "end": 6, "text": "Rubrik", "type": "Distractor"},
        {"start": start, "end": start + 9, "text": "ditt pass", "type": "Correct answer"},
    ]}
    other = {"context": "En annan text.", "question": "?", "choices": []}
    path, distractor = tmp_path / "dev.json", tmp_path / "training.json"
    path.write_text(json.dumps({"data": [item, item | {"question": "Vad tar du med?"}]}), encoding="utf-8")
    distractor.write_text(json.dumps({"data": [other]}), encoding="utf-8")
    dataset = public_sets.swequad(path, [distractor])
    assert len(dataset.queries) == 2 and len(dataset.corpus) == 2
    (did,) = dataset.qrels["dev-1"]
    assert dataset.corpus[did][1] == context
    assert dataset.evidence["dev-1"] == ["ditt pass"]
    with pytest.raises(PlansearchError, match="not a SweQUAD-MC file"):
        public_sets.swequad(distractor.with_name("missing.json"))


def test_swefaq_questions_point_at_their_own_answer(tmp_path):
    rows = [
        {"question": "Får jag vaccin?", "candidate_answers": ["Ja, vaccinet är gratis.", "Nej."], "label": 0},
        {"question": "Måste jag betala?", "candidate_answers": ["Ja, vaccinet är gratis.", "Nej."], "label": 1},
    ]
    path = tmp_path / "swefaq_dev.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    dataset = public_sets.swefaq(path)
    assert len(dataset.corpus) == 2
    answers = {q: dataset.corpus[next(iter(d))][1] for q, d in dataset.qrels.items()}
    assert answers == {"swefaq_dev-1": "Ja, vaccinet är gratis.", "swefaq_dev-2": "Nej."}


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/benchmarks is not beside the checkout")
def test_the_shared_public_sets_convert_with_their_documented_sizes():
    dev = public_sets.swequad(SHARED / "swequad-mc" / "dev.json")
    assert (len(dev.queries), len(dev.corpus)) == (126, 64)  # the data set's README: dev 126 questions on 64 texts
    assert all(span for spans in dev.evidence.values() for span in spans)
    faq = public_sets.swefaq(SHARED / "swefaq" / "swefaq_dev.jsonl")
    assert len(faq.queries) == 110 and len(faq.corpus) == 110


def test_systems_parse_retrieval_settings_and_refuse_unknown_ones():
    system = System.parse("hybrid:normalize=minmax,dense_weight=0.5,fill_in=false")
    assert system.retriever == "hybrid"
    assert dict(system.changes) == {"normalize": "minmax", "dense_weight": 0.5, "fill_in": False}
    for spec, message in [("colbert", "retriever must be"), ("hybrid:depth=3", "not a retrieval setting"),
                          ("hybrid:normalize=softmax", "not a valid str"), ("hybrid:dense_weight=hög", "not a valid float")]:
        with pytest.raises(PlansearchError, match=message):
            System.parse(spec)


def test_the_bootstrap_interval_holds_the_mean_and_narrows_with_more_questions():
    rng = np.random.default_rng(1)
    few, many = rng.random(20), rng.random(2000)
    low, high = bootstrap_interval(few)
    assert low < few.mean() < high
    low2, high2 = bootstrap_interval(many)
    assert high2 - low2 < (high - low) / 4
    assert bootstrap_interval(few) == (low, high)  # seeded: the same report twice


def test_the_paired_test_tells_a_real_difference_from_noise():
    rng = np.random.default_rng(2)
    a = rng.random(200)
    assert paired_test("a", a, "same", a).p_value == 1.0
    better = paired_test("a", a, "b", a + 0.1)
    assert better.p_value < 0.05 and not better.within_noise and "better" in better.describe()
    noisy = paired_test("a", a, "c", a + rng.normal(0, 0.3, 200))
    assert noisy.within_noise and "within noise" in noisy.describe()
    with pytest.raises(ValueError, match="same questions"):
        paired_test("a", a, "b", a[:10])


def test_documents_are_ranked_by_their_first_passage_and_scored_per_question(tmp_path, fake_embedder):
    from plansearch.ingest.pipeline import ingest
    from plansearch.search.searcher import Searcher
    from plansearch.store.index import load_index

    settings = Settings.from_env(environ={}, eval_cache_dir=tmp_path / "cache", index_dir=tmp_path / "unused")
    corpus = tmp_path / "cache" / "docs"
    corpus.mkdir(parents=True)
    mapping = {}
    for n, (did, (title, text)) in enumerate(DOCS.items(), 1):
        (corpus / f"d{n:06d}.txt").write_text(f"{title}\n\n{text}" if title else text, encoding="utf-8")
        mapping[f"d{n:06d}"] = did
    own = settings.replace(corpus_dir=corpus, index_dir=tmp_path / "cache" / "index")
    ingest(own, embedder=fake_embedder)
    searcher = Searcher(load_index(own.index_dir), fake_embedder)
    result = benchmark.run(searcher, SET, mapping, [System.parse("bm25"), System.parse("hybrid")])
    bm25 = result.systems[0]
    assert set(bm25.per_query["nDCG@10"]) == {"q1", "q2", "q3"}
    # Each question shares its rare words with its own document only.
    assert bm25.per_query["R@1"] == {"q1": 1.0, "q2": 1.0, "q3": 1.0}
    assert result.comparisons and result.comparisons[0].a == "hybrid"
    text = benchmark.format_result(result)
    assert "| bm25 | 1.000 [1.000, 1.000]" in text and "bm25 − hybrid" in text
    saved = result.to_dict()
    assert benchmark.compare_saved(result, saved)[0].p_value == 1.0


def test_a_passage_folded_into_its_twin_still_ranks_its_own_document(tmp_path, fake_embedder):
    from plansearch.ingest.pipeline import ingest
    from plansearch.search.searcher import Searcher
    from plansearch.store.index import load_index

    text = "Lungcancerscreening startar som ett pilotprojekt i två regioner under 2025 och utvärderas därefter."
    docs = {"first": text, "twin": text + " ", "other": "Prehabilitering före operation ska erbjudas alla patienter."}
    corpus = tmp_path / "docs"
    corpus.mkdir()
    mapping = {}
    for n, (did, body) in enumerate(docs.items(), 1):
        (corpus / f"d{n:06d}.txt").write_text(body, encoding="utf-8")
        mapping[f"d{n:06d}"] = did
    settings = Settings.from_env(environ={}, corpus_dir=corpus, index_dir=tmp_path / "index")
    ingest(settings, embedder=fake_embedder)
    searcher = Searcher(load_index(settings.index_dir), fake_embedder)
    hits = searcher.search("När startar lungcancerscreening?", k=10, retriever="bm25")
    # The two documents' passages are one hit: the product shows the text once.
    assert sum(mapping[h.passage.doc_id] in ("first", "twin") for h in hits) == 1
    assert hits[0].signals.get("also_in")
    ranking = benchmark._documents(searcher, "När startar lungcancerscreening?", "bm25", mapping)
    ordered = sorted(ranking, key=lambda d: -ranking[d])
    # Both documents hold the passage, so both come first, before the unrelated one.
    assert set(ordered[:2]) == {"first", "twin"}
    folded = ({"first", "twin"} - {mapping[hits[0].passage.doc_id]}).pop()
    assert ordered[1] == folded  # right after the hit's own document
    question = {"q": "När startar lungcancerscreening?"}
    twin_set = RetrievalSet("twins", {d: ("", b) for d, b in docs.items()}, question, {"q": {folded: 1}})
    result = benchmark.run(searcher, twin_set, mapping, [System.parse("bm25")])
    assert result.systems[0].means["R@1"] == 0.0 and result.systems[0].means["R@10"] == 1.0


def test_eval_scores_a_beir_folder_with_the_bundled_model_and_saves_every_question(tmp_path):
    folder = write_beir(SET, tmp_path / "tiny")
    saved = tmp_path / "run.json"
    result = CliRunner().invoke(cli, ["eval", "--beir", str(folder), "--save", str(saved)],
                                env={"PLANSEARCH_EVAL_CACHE_DIR": str(tmp_path / "cache")})
    assert result.exit_code == 0, result.output
    assert "tiny: 3 questions, 3 documents" in result.output
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert set(data["systems"]) == {"bm25", "dense", "sparse", "hybrid"}
    assert data["systems"]["hybrid"]["means"]["R@10"] == 1.0
    assert set(data["systems"]["dense"]["per_query"]["nDCG@10"]) == {"q1", "q2", "q3"}
    again = CliRunner().invoke(cli, ["eval", "--beir", str(folder), "--system", "hybrid", "--against", str(saved)],
                               env={"PLANSEARCH_EVAL_CACHE_DIR": str(tmp_path / "cache")})
    assert again.exit_code == 0, again.output
    # The same index and settings rank every question as the saved run did.
    assert "hybrid − hybrid (saved): +0.000 (p = 1.000, within noise)" in again.output


def test_eval_on_a_missing_or_broken_set_says_why_without_a_traceback(tmp_path):
    result = CliRunner().invoke(cli, ["eval", "--beir", str(tmp_path)])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "does not exist" in result.output
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", "--swequad", str(bad)])
    assert result.exit_code != 0 and "not a SweQUAD-MC file" in result.output
