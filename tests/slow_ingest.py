"""An ingest in a process of its own, with a slow fake model, for the kill and lock tests.

    python tests/slow_ingest.py CORPUS INDEX SECONDS_PER_TEXT
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from conftest import FakeEmbedder  # noqa: E402
from plansearch.config import Settings  # noqa: E402
from plansearch.ingest import ingest  # noqa: E402


class SlowEmbedder(FakeEmbedder):
    def __init__(self, delay: float):
        super().__init__()
        self.delay = delay

    def embed_passages(self, texts):
        time.sleep(self.delay * len(texts))
        return super().embed_passages(texts)


if __name__ == "__main__":
    corpus, index, delay = Path(sys.argv[1]), Path(sys.argv[2]), float(sys.argv[3])
    settings = Settings.from_env(environ={}, corpus_dir=corpus, index_dir=index)
    print("started", flush=True)
    report = ingest(settings, embedder=SlowEmbedder(delay))
    print("done", report.passages, flush=True)
