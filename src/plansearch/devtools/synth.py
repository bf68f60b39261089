"""Synthetic corpora for the scale benchmark: N varied copies of the real passages.

Embedding 600,000 passages with the real model would take days on two cores, so a copy gets the
real passage's vector plus a little noise (cosine about 0.96 to the original), its latent terms
unchanged, and a varied text:
numbers shifted, region names rotated, sentence order turned. The index is built and saved like a
real one, so the server loads and searches it the same way.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import numpy as np

from plansearch.knowledge.derive import derive
from plansearch.models import Document, Passage
from plansearch.store.index import Index
from plansearch.store.lexical import LexicalIndex
from plansearch.store.versions import new_version

REGIONS = ["Gävleborg", "Dalarna", "Värmland", "Uppsala", "Örebro", "Sörmland", "Västmanland", "Norrbotten", "Jämtland"]
NUMBER = re.compile(r"\d+")


def vary(text: str, k: int) -> str:
    """Copy k of a passage text: other numbers, another region, sentences in another order."""
    if k == 0:
        return text
    text = NUMBER.sub(lambda m: str(int(m.group(0)) + k % 97), text)
    text = re.sub("|".join(REGIONS), lambda m: REGIONS[(REGIONS.index(m.group(0)) + k) % len(REGIONS)], text)
    sentences = re.split(r"(?<=[.!?])\s+", text)
    if len(sentences) > 2:
        shift = k % len(sentences)
        text = " ".join(sentences[shift:] + sentences[:shift])
    return text


def synthesize(
    index: Index, factor: int, out_dir: Path, windows: bool = True, noise: float = 0.012, seed: int = 0, sparse: bool = True
) -> Path:
    """Write an index `factor` times the size of `index` into `out_dir`; returns the version folder."""
    rng = np.random.default_rng(seed)
    documents: dict[str, Document] = {}
    passages: list[Passage] = []
    vectors: list[np.ndarray] = []
    window_vectors: list[np.ndarray] = []
    owners: list[np.ndarray] = []
    window_texts: list[str] = []
    vocab: dict[str, int] = {}
    base_ids = []  # per passage: its term ids, and (position, value) of each number term
    for p in index.passages:
        terms = index.lexical.analyzer.terms(p.text) or ["∅"]
        ids = [vocab.setdefault(t, len(vocab)) for t in terms]
        base_ids.append((ids, [(i, int(t)) for i, t in enumerate(terms) if t.isdecimal()]))  # as vary() sees numbers
    token_ids: list[list[int]] = []
    dim = index.vectors.shape[1]
    for k in range(factor):
        suffix = "" if k == 0 else f"-k{k}"
        for doc_id, doc in index.documents.items():
            meta = replace(doc.meta, doc_id=doc_id + suffix, title=doc.meta.title + (f" (kopia {k})" if k else ""))
            documents[meta.doc_id] = Document(meta, doc.text, doc.page_starts)
        offset = len(passages)
        for p in index.passages:
            doc_id = p.doc_id + suffix
            passages.append(replace(p, id=f"{doc_id}:{p.n}", doc_id=doc_id, text=vary(p.text, k)))
        noise_block = rng.normal(0.0, noise if k else 0.0, index.vectors.shape).astype(np.float32)
        block = index.vectors + noise_block
        vectors.append(block / np.linalg.norm(block, axis=1, keepdims=True))
        if windows and len(index.window_vectors):
            wblock = index.window_vectors + rng.normal(0.0, noise if k else 0.0, index.window_vectors.shape).astype(np.float32)
            window_vectors.append(wblock / np.linalg.norm(wblock, axis=1, keepdims=True))
            owners.append(index.window_owner.astype(np.int64) + offset)
            window_texts.extend(index.window_texts)
        for ids, numbers in base_ids:
            if k and numbers:
                # Only the numbers differ between copies (vary() shifts them); the other words keep their ids.
                ids = list(ids)
                for at, value in numbers:
                    ids[at] = vocab.setdefault(str(value + k % 97), len(vocab))
            token_ids.append(ids)
    import bm25s

    bm25 = bm25s.BM25()
    vocab[""] = len(vocab)
    bm25.index((token_ids, vocab), show_progress=False, create_empty_token=False)
    lexical = LexicalIndex(index.lexical.analyzer, bm25)
    derive(index)
    manifest = dict(index.manifest)
    manifest.update(
        passages=len(passages),
        windows=len(window_texts),
        synthetic={"factor": factor, "noise": noise, "windows": windows, "sparse": sparse and index.sparse is not None},
        documents={d: {"source": f"synthetic/{d}", "key": "synthetic", "sha256": "", "title": doc.meta.title, "passages": 0}
                   for d, doc in documents.items()},
    )
    synthetic = Index(
        manifest,
        documents,
        passages,
        np.vstack(vectors).astype(np.float32),
        window_vectors=np.vstack(window_vectors) if window_vectors else np.zeros((0, dim), np.float32),
        window_owner=np.concatenate(owners).astype(np.int32) if owners else np.zeros(0, np.int32),
        window_texts=window_texts,
        glossary_entries=index.glossary_entries,
        role_list=index.role_list,
        common_words=index.common_words,  # copies have the same word frequencies
    )
    synthetic._lexical = lexical
    if sparse and index.sparse is not None:
        from scipy.sparse import vstack

        synthetic.sparse = vstack([index.sparse.tocsr()] * factor, format="csc")
    with new_version(out_dir) as folder:
        synthetic.manifest["version"] = folder.name.removeprefix(".tmp-")
        synthetic.save(folder)
    return out_dir


def mean_pair_cosine(vectors: np.ndarray, pairs: int = 4000, seed: int = 0) -> float:
    rng = np.random.default_rng(seed)
    a, b = rng.integers(0, len(vectors), pairs), rng.integers(0, len(vectors), pairs)
    return float(np.mean(np.sum(vectors[a] * vectors[b], axis=1)))


def matched_noise(base: np.ndarray) -> float:
    """The noise that gives synthetic vectors the same mean pairwise cosine as the real ones.

    Real e5 vectors are far from isotropic (passages of this corpus: about 0.86 on average), and
    approximate search is much easier on them than on random directions; benchmarking on vectors
    that are too spread out would tune the index for data we never see."""
    target = mean_pair_cosine(base)
    candidates = (0.004, 0.006, 0.008, 0.01, 0.012, 0.015, 0.02, 0.03, 0.05)
    return min(candidates, key=lambda noise: abs(mean_pair_cosine(_mixes(base, 20_000, noise, 7)) - target))


def synthetic_vectors(base: np.ndarray, n: int, noise: float | None = None, seed: int = 1) -> np.ndarray:
    """n unit vectors near mixes of two real ones, spread like the real ones (see matched_noise)."""
    noise = matched_noise(base) if noise is None else noise
    out = np.empty((n, base.shape[1]), dtype=np.float32)
    step = 100_000
    for start in range(0, n, step):
        m = min(step, n - start)
        out[start : start + m] = _mixes(base, m, noise, seed + start)
    return out


def _mixes(base: np.ndarray, m: int, noise: float, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    a, b = base[rng.integers(0, len(base), m)], base[rng.integers(0, len(base), m)]
    mix = rng.uniform(0.5, 1.0, (m, 1)).astype(np.float32)
    block = mix * a + (1 - mix) * b + rng.normal(0, noise, (m, base.shape[1])).astype(np.float32)
    return block / np.linalg.norm(block, axis=1, keepdims=True)
