"""An ingest in a process of its own that stops at a chosen stage, for the kill and lock tests.

    python tests/slow_ingest.py CORPUS INDEX STAGE

STAGE is one of read, embed, write, switch, prune. When the ingest reaches it the process prints
"at STAGE" and sleeps, so that the test can SIGKILL it exactly there.
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from conftest import FakeEmbedder  # noqa: E402
from plansearch.config import Settings  # noqa: E402
from plansearch.ingest import pipeline as ingest_module  # noqa: E402
from plansearch.store import index as index_module  # noqa: E402
from plansearch.store import versions as store  # noqa: E402

STAGES = ("read", "embed", "write", "switch", "prune")


def pause_at(stage: str, wanted: str) -> None:
    if stage == wanted:
        print(f"at {stage}", flush=True)
        time.sleep(600)


def patch(wanted: str) -> FakeEmbedder:
    """Wrap the function where each stage happens; returns the embedder to use."""

    def after(module, name, stage):
        original = getattr(module, name)

        def wrapper(*args, **kwargs):
            result = original(*args, **kwargs)
            pause_at(stage, wanted)
            return result

        setattr(module, name, wrapper)

    def before(module, name, stage):
        original = getattr(module, name)

        def wrapper(*args, **kwargs):
            pause_at(stage, wanted)
            return original(*args, **kwargs)

        setattr(module, name, wrapper)

    after(ingest_module, "read_source", "read")  # one document read, nothing written
    after(index_module, "write_jsonl", "write")  # the new version half-written in .tmp-*
    before(store, "_point_to", "switch")  # the new version renamed into place, CURRENT not yet moved
    before(store, "prune", "prune")  # CURRENT moved, old versions not yet removed

    class Embedder(FakeEmbedder):
        def embed_passages(self, texts):
            pause_at("embed", wanted)
            return super().embed_passages(texts)

    return Embedder()


if __name__ == "__main__":
    corpus, index, stage = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    assert stage in STAGES, stage
    embedder = patch(stage)
    settings = Settings.from_env(environ={}, corpus_dir=corpus, index_dir=index)
    print("started", flush=True)
    report = ingest_module.ingest(settings, embedder=embedder)
    print("done", report.passages, flush=True)
