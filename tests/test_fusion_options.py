"""The fusion comparison (devtools/fusion_options.py): every option scored from one retrieval per
question, its default agreeing with `plansearch eval`, and the fusions' own behaviour."""

from __future__ import annotations

import json
from types import SimpleNamespace

from click.testing import CliRunner

from plansearch.cli import cli
from plansearch.config import Settings
from plansearch.devtools import fusion_options
from plansearch.evaluate.beir import RetrievalSet, write_beir
from plansearch.search.fuse import rrf
from plansearch.search.searcher import Candidates, RetrievalConfig

DOCS = {
    "tele": ("Teledermatoskopi", "Regionerna inför teledermatoskopi i primärvården för tidig upptäckt av melanom."),
    "screen": ("", "Lungcancerscreening startar som ett pilotprojekt i två regioner under 2025."),
    "prehab": ("Prehabilitering", "Prehabilitering före operation ska erbjudas alla patienter med tjocktarmscancer."),
    "wait": ("Väntetider", "Väntetiden till första behandling ska vara högst 28 dagar för de flesta cancerdiagnoser."),
    "pal": ("", "Palliativ vård i livets slutskede ges i hemmet när patienten önskar det."),
    # Texts that share the questions' words, so that the retrievers and fusions rank differently.
    "regions": ("Regionernas arbete", "Regionerna ska samverka om behandling, vård och uppföljning av patienter i primärvården."),
    "plan": ("", "Planen gäller 2025 till 2027 och beskriver vård, väntetider och rehabilitering för patienter med cancer."),
    "rehab": ("Rehabilitering", "Rehabilitering efter operation och behandling ska planeras tidigt tillsammans med patienten."),
}
QUESTIONS = {
    "q1": ("Vem inför teledermatoskopi?", "tele"),
    "q2": ("När startar screening för lungcancer?", "screen"),
    "q3": ("Vad ska erbjudas före en operation?", "prehab"),
    "q4": ("Hur länge får man vänta på behandling?", "wait"),
    "q5": ("Var ges vård i livets slut?", "pal"),
    "q6": ("Hur tidigt upptäcks melanom?", "tele"),
    # Judged on a text that is not the obvious match: its rank, and so the score, differs by fusion.
    "q7": ("Vad ska regionerna göra för patienter i primärvården?", "tele"),
    "q8": ("Vilken vård får patienter med cancer?", "rehab"),
    "q9": ("Vad händer efter behandling?", "plan"),
}
SET = RetrievalSet("tiny", DOCS, {q: t for q, (t, _) in QUESTIONS.items()}, {q: {d: 1} for q, (_, d) in QUESTIONS.items()})


def test_rrf_of_two_identical_rankings_returns_that_ranking():
    scores = {7: 0.9, 3: 0.8, 5: 0.4, 1: 0.1, 9: 0.05}
    order = sorted(scores, key=lambda r: -scores[r])
    for fused in (rrf({"a": scores, "b": dict(scores)}), rrf({"a": scores, "b": scores}, {"a": 0.6, "b": 0.4})):
        assert sorted(fused, key=lambda r: -fused[r]) == order
    pool = Candidates({"dense": scores, "bm25": dict(scores)}, None, False, 7)
    searcher = SimpleNamespace(config=RetrievalConfig())  # the options read only the configuration
    for weighted_lists in (True, False):
        fused = fusion_options.reciprocal(weighted_lists)(searcher, None, pool)  # type: ignore[arg-type]
        assert sorted(fused, key=lambda r: -fused[r]) == order
    # Unweighted, rescaled: the passage first in both lists scores 1, so boosts keep their size.
    assert abs(fusion_options.reciprocal(False)(searcher, None, pool)[7] - 1.0) < 1e-9  # type: ignore[arg-type]


def test_every_option_is_scored_and_the_default_is_what_eval_gives(tmp_path, monkeypatch):
    folder = write_beir(SET, tmp_path / "tiny")
    monkeypatch.setenv("PLANSEARCH_EVAL_CACHE_DIR", str(tmp_path / "cache"))
    out, scores = tmp_path / "fusion.md", tmp_path / "fusion.json"
    status = fusion_options.main(["--sets", "", "--beir", str(folder), "--out", str(out), "--json", str(scores)])
    assert status == 0
    data = json.loads(scores.read_text(encoding="utf-8"))["tiny"]
    expected = {"bm25", "dense", "sparse", "hybrid"} | {o.name for o in fusion_options.OPTIONS}
    assert set(data["systems"]) == expected
    for name, system in data["systems"].items():
        assert set(system["per_query"]) == set(QUESTIONS), name
        low, high = system["interval"]
        assert low <= system["nDCG@10"] <= high
    assert data["default_agrees"] is True
    default = data["systems"][fusion_options.DEFAULT]["per_query"]
    # The set separates the systems: equal figures below are not equal by accident.
    assert len({json.dumps(s["per_query"], sort_keys=True) for s in data["systems"].values()}) > 2
    # `plansearch eval` on the same folder: the product's hybrid gives the same score per question.
    saved = tmp_path / "eval.json"
    result = CliRunner().invoke(cli, ["eval", "--beir", str(folder), "--system", "hybrid", "--save", str(saved)])
    assert result.exit_code == 0, result.output
    assert json.loads(saved.read_text(encoding="utf-8"))["systems"]["hybrid"]["per_query"]["nDCG@10"] == default
    text = out.read_text(encoding="utf-8")
    assert "| RRF unweighted |" in text and "Done rule" in text


def test_learned_fusions_are_cross_validated_on_a_tuning_set_and_score_every_question(tmp_path):
    settings = Settings.from_env(environ={}, eval_cache_dir=tmp_path / "cache")
    loaded = fusion_options.document_set(SET, settings, tuning=True)
    lines: list[str] = []
    (result,) = fusion_options.compare([loaded], learned=True, log=lines.append)
    for name in ("logistic regression", "LightGBM lambdarank"):
        assert set(result.scores[name]) == set(QUESTIONS)
        assert all(0.0 <= v <= 1.0 for v in result.scores[name].values())
    assert any("candidates of 9 tuning questions" in line for line in lines)
    assert result.agrees()
    # A mismatch between the default option and the product's hybrid is reported, not hidden.
    result.scores[fusion_options.DEFAULT] = {q: 0.0 for q in result.scores[fusion_options.DEFAULT]}
    assert not result.agrees()
    assert "Default option = product hybrid on every question: NO" in fusion_options.format_results([result])
