"""The QA set, the hit rule, the harness's metrics, and the floor on the real corpus."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest
from click.testing import CliRunner

from conftest import CORPUS, ROOT
from plansearch.cli import cli
from plansearch.evaluate import QACase, contains_evidence, evaluate, format_table, load_qa
from plansearch.models import Hit, Passage

QA = ROOT / "evaluation" / "qa.jsonl"
HOLDOUT = ROOT / "evaluation" / "qa_holdout.jsonl"
CATEGORIES = {"role", "abbreviation", "fact", "paraphrase", "english", "glossary", "misspelled"}


def corpus_text() -> str:
    return " ".join(" ".join(p.read_text(encoding="utf-8").split()) for p in CORPUS.glob("*.txt"))


@pytest.mark.parametrize("path", [QA, HOLDOUT])
def test_every_evidence_span_still_occurs_in_the_corpus(path):
    text = corpus_text()
    missing = [(c.id, span) for c in load_qa(path) for span in c.evidence if " ".join(span.split()) not in text]
    assert not missing


def test_the_qa_set_covers_every_document_and_category():
    cases = load_qa(QA)
    assert len(cases) >= 150
    assert len({c.id for c in cases}) == len(cases)
    categories = Counter(c.category for c in cases)
    assert set(categories) == CATEGORIES and min(categories.values()) >= 20
    docs = {p.stem for p in CORPUS.glob("*.txt")}
    assert {c.doc for c in cases} == docs
    assert all(c.lang == "en" for c in cases if c.category == "english")


def test_hit_rule_is_containment_after_whitespace_normalisation():
    case = QACase("x", "?", ("Primärvården\nSpecialistsjukvården",))
    assert contains_evidence("Vem?: Primärvården   Specialistsjukvården | När?", case)
    assert not contains_evidence("Vem?: Primärvården | Specialistsjukvården", case)
    assert not contains_evidence("primärvården specialistsjukvården", case)  # case matters


class ScriptedSearcher:
    """Returns a fixed ranking per question, to check the metrics."""

    def __init__(self, rankings: dict[str, list[str]]):
        self.rankings = rankings
        texts = {t for ranking in rankings.values() for t in ranking}
        self.passages = [Passage(f"p{i}", "d", i, t, "", None, "paragraph", 0, 1) for i, t in enumerate(sorted(texts))]
        self.index = type("I", (), {"passages": self.passages})()

    def search(self, question, k=10, retriever="hybrid"):
        by_text = {p.text: p for p in self.passages}
        return [Hit(by_text[t], 1.0 / r, r) for r, t in enumerate(self.rankings[question][:k], 1)]


def test_metrics_match_a_hand_computed_ranking():
    searcher = ScriptedSearcher(
        {
            "q1": ["svaret finns här", "annat", "mer"],
            "q2": ["annat", "mer", "här står svaret"],
            "q3": ["annat", "mer", "inget"],
        }
    )
    cases = [
        QACase("1", "q1", ("svaret finns",), category="fact"),
        QACase("2", "q2", ("står svaret",), category="fact"),
        QACase("3", "q3", ("saknas helt",), category="role"),
    ]
    result = evaluate(searcher, cases, ["hybrid"], k=10)[0]
    assert result.overall["R@1"] == pytest.approx(1 / 3)
    assert result.overall["R@3"] == pytest.approx(2 / 3)
    assert result.overall["MRR@10"] == pytest.approx((1 + 1 / 3) / 3)
    assert result.by_category["role"]["R@10"] == 0.0
    assert result.first_hit == {"1": 1, "2": 3, "3": None}
    # Each question's own nDCG@10, by id: 1, 1/log2(4), 0.
    assert result.per_query == pytest.approx({"1": 1.0, "2": 0.5, "3": 0.0})


def test_the_table_gives_intervals_and_says_when_a_difference_is_noise():
    rankings = {f"q{i}": (["svaret finns här", "annat"] if i % 2 else ["annat", "svaret finns här"]) for i in range(40)}
    cases = [QACase(str(i), f"q{i}", ("svaret finns",), category="fact") for i in range(40)]
    hybrid = evaluate(ScriptedSearcher(rankings), cases, ["hybrid"])[0]
    same = evaluate(ScriptedSearcher(rankings), cases, ["dense"])[0]
    worse = evaluate(ScriptedSearcher({q: ["annat", "mer", "svaret finns här"] for q in rankings}), cases, ["bm25"])[0]
    table = format_table([hybrid, same, worse])
    assert "| hybrid | 0.500 |" in table and "[0." in table
    assert "dense − hybrid: +0.000 (p = 1.000, within noise)" in table
    assert re.search(r"bm25 − hybrid: -0\.\d+ \(p = 0\.0\d\d, worse\)", table)


@pytest.mark.slow
def test_retrieval_on_the_real_corpus_stays_above_the_floor(real_searcher):
    """Floors set from the measured figures (see evaluation/report.md), a little below them."""
    results = {r.name: r for r in evaluate(real_searcher, load_qa(QA), ["bm25", "dense", "sparse", "hybrid"])}
    hybrid = results["hybrid"].overall
    assert hybrid["R@5"] >= 0.95
    assert hybrid["R@1"] >= 0.78
    assert hybrid["MRR@10"] >= 0.85
    assert min(c["R@5"] for c in results["hybrid"].by_category.values()) >= 0.88
    assert hybrid["R@5"] > results["dense"].overall["R@5"] > results["bm25"].overall["R@5"]
    assert results["sparse"].overall["R@5"] >= 0.65  # a retriever of its own, not noise
    assert results["hybrid"].max_chars <= 1250


# A feature that was kept because it lifted the tuning set must not lose on it later; the gain
# itself is a figure of evaluation/report.md, not a test (a strict ">" fails on a one-question change).
TOLERANCE = 0.02


def no_worse(on: dict[str, float], off: dict[str, float], metrics: tuple[str, ...]) -> bool:
    return all(on[m] >= off[m] - TOLERANCE for m in metrics)


@pytest.mark.slow
def test_latent_terms_do_not_lower_the_hybrid_ranking(real_searcher):
    """The third retriever earns its ingest time (report: +0.01 Recall@5, +0.013 MRR@10 with it)."""
    from dataclasses import replace

    from plansearch.search.searcher import Searcher

    without = Searcher(real_searcher.index, real_searcher.embedder, replace(real_searcher.config, sparse_weight=0.0))
    cases = load_qa(QA)
    on = evaluate(real_searcher, cases, ["hybrid"])[0].overall
    off = evaluate(without, cases, ["hybrid"])[0].overall
    assert no_worse(on, off, ("MRR@10", "R@5")), (on, off)


@pytest.mark.slow
def test_english_questions_do_not_rank_worse_with_their_swedish_words(real_searcher):
    """With the lexicon's Swedish words BM25 meets an English question's topic, not only its names
    and acronyms (report row 35)."""
    from dataclasses import replace

    from plansearch.search.searcher import Searcher

    english = [c for c in load_qa(QA) if c.category == "english"] + load_qa(QA.parent / "qa_english.jsonl")
    config = replace(real_searcher.config, translate=False)
    before = Searcher(real_searcher.index, real_searcher.embedder, config)
    on = evaluate(real_searcher, english, ["hybrid"])[0].overall
    off = evaluate(before, english, ["hybrid"])[0].overall
    assert no_worse(on, off, ("R@1", "MRR@10", "R@5")), (on, off)


@pytest.mark.slow
def test_swedish_questions_do_not_rank_worse_when_the_model_reads_the_corpus_terms_too(real_searcher):
    """"vårdcentral" → "primärvården" in what the model reads (report row 39)."""
    from dataclasses import replace

    from plansearch.search.searcher import Searcher

    swedish = [c for c in load_qa(QA) if c.lang != "en"]
    without = Searcher(real_searcher.index, real_searcher.embedder, replace(real_searcher.config, synonyms=False))
    on = evaluate(real_searcher, swedish, ["hybrid"])[0].overall
    off = evaluate(without, swedish, ["hybrid"])[0].overall
    assert no_worse(on, off, ("R@1", "MRR@10")), (on, off)


@pytest.mark.slow
def test_eval_command_prints_the_table_and_keeps_the_report_around_it(real_index_dir, tmp_path):
    report = tmp_path / "report.md"
    report.write_text("# Egen rubrik\n\nText före.\n", encoding="utf-8")
    small_qa = tmp_path / "qa.jsonl"
    small_qa.write_text(
        "\n".join(json.dumps(row, ensure_ascii=False) for row in [
            {"id": "a", "question": "Vad står IPÖ för?", "evidence": ["Individuell patientöversikt"], "category": "abbreviation"},
            {"id": "b", "question": "När är nästa möte?", "evidence": ["tisdag 8 april 2025"], "category": "fact"},
        ]),
        encoding="utf-8",
    )
    args = ["--index", str(real_index_dir), "eval", "--qa", str(small_qa), "--report", str(report)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert re.search(r"\| hybrid \| 1\.000 \|", result.stdout)
    text = report.read_text(encoding="utf-8")
    assert text.startswith("# Egen rubrik\n\nText före.")
    assert "| hybrid |" in text
    again = CliRunner().invoke(cli, args + ["--retriever", "dense", "--json"])
    data = json.loads(again.stdout)
    assert set(data["retrievers"]) == {"dense"} and data["questions"] == 2
    assert report.read_text(encoding="utf-8").count("plansearch eval: start") == 1


def test_a_malformed_qa_file_names_the_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "1", "question": "x", "evidence": ["y"], "category": "fact"}\n{"id": 2}\n', encoding="utf-8")
    with pytest.raises(Exception, match=r"bad.jsonl:2: missing field\(s\) question, evidence, category"):
        load_qa(path)


def test_an_answer_holds_its_key_facts_whatever_their_case_spacing_or_dashes():
    from plansearch.evaluate.qa import has_keyfacts

    case = QACase("k", "Vem ansvarar?", ("x",), keyfacts=("VO Företrädare i RG", "2025–2027"))
    assert has_keyfacts("Ansvarig är vo  företrädare\ni RG, 2025-2027 [1].", case)
    assert has_keyfacts("VO Fo\u0308reträdare i RG (2025–2027)", case)  # decomposed ö
    assert not has_keyfacts("VO Företrädare i RG [1].", case)  # one fact missing
    assert not has_keyfacts("anything", QACase("k", "q", ("x",)))  # a case without key facts never counts


def test_answer_figures_per_category_count_abstentions_as_missing_facts():
    from plansearch.answer.records import Answer
    from plansearch.evaluate.answers import evaluate_answers

    def ask(question, history):
        abstained = question.startswith("?")
        earlier = ' '.join(turn['content'] for turn in history)
        text = "Jag hittar inget i dokumenten." if abstained else f"Svaret är 24 Mkr [1]. {earlier}"
        return Answer(question, text, (), abstained, "sv", "general", "none" if abstained else "text")

    cases = [
        QACase("a", "Hur mycket?", ("24 Mkr",), category="amount", keyfacts=("24 Mkr",)),
        QACase("b", "?Hur mycket?", ("24 Mkr",), category="amount", keyfacts=("24 Mkr",)),
        QACase("c", "och sedan?", ("x",), category="followup", keyfacts=("tidigare fråga",), history=("tidigare fråga",)),
    ]
    nearmiss = [QACase("u", "?Skåne", (), category="unanswerable", miss="region"), QACase("v", "Skåne", (), miss="region")]
    result = evaluate_answers(ask, cases, nearmiss)
    assert result.by_category["amount"].keyfacts == 0.5 and result.by_category["amount"].wrongly_abstained == 0.5
    assert result.by_category["followup"].keyfacts == 1.0  # the history reached ask()
    assert result.keyfacts == 2 / 3 and result.failures == ["b"]
    assert result.by_miss == {"region": 0.5} and result.wrongly_answered == 0.5
