"""Readers' verdicts on chat answers, kept in one SQLite file (Python's sqlite3).

Durability: WAL journal, synchronous=FULL and one transaction per verdict, so a verdict whose
add() returned is on disk even if the process is killed (SIGKILL) or the machine loses power the
moment after. Only what the reader typed or was shown is kept (question, earlier questions of the
conversation, answer, cited passage ids, index version, verdict, comment): no address, no browser.
Verdicts older than the retention are deleted when the store opens and on every write.

The schema's version is `PRAGMA user_version`; MIGRATIONS[n] takes a file from version n to n+1.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, Literal, get_args

from plansearch.config import Settings
from plansearch.errors import PlansearchError

Verdict = Literal["good", "bad"]
VERDICTS: tuple[Verdict, ...] = get_args(Verdict)
FILE_NAME = "feedback.sqlite3"


class FeedbackError(PlansearchError):
    """The feedback file cannot be opened or written (permissions, disk full, a newer schema)."""


@dataclass(frozen=True)
class Feedback:
    """One stored verdict. `created` is UTC, ISO 8601 to the second ("2025-05-01T09:30:00Z")."""

    id: int
    created: str
    verdict: Verdict
    question: str
    answer: str
    citations: tuple[str, ...]  # passage ids ("<doc_id>:<n>"), in the answer's order
    index_version: str
    comment: str = ""
    history: tuple[str, ...] = ()  # the reader's earlier questions in the conversation, oldest first

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["citations"] = list(self.citations)
        data["history"] = list(self.history)
        return data


def _v1(conn: sqlite3.Connection) -> None:
    conn.execute(
        """CREATE TABLE feedback (
            id INTEGER PRIMARY KEY,
            created TEXT NOT NULL,
            verdict TEXT NOT NULL CHECK (verdict IN ('good', 'bad')),
            question TEXT NOT NULL,
            answer TEXT NOT NULL,
            citations TEXT NOT NULL,
            index_version TEXT NOT NULL,
            comment TEXT NOT NULL DEFAULT '',
            history TEXT NOT NULL DEFAULT '[]'
        )"""
    )
    conn.execute("CREATE INDEX feedback_created ON feedback (created)")


# A later schema change appends a function here (ALTER TABLE …); files are upgraded on open.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_v1,)
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the file's schema up to SCHEMA_VERSION, each step in its own transaction; returns the
    version it found. Raises FeedbackError for a file written by a newer plansearch."""
    found = conn.execute("PRAGMA user_version").fetchone()[0]
    if found > SCHEMA_VERSION:
        raise FeedbackError(
            f"The feedback file has schema version {found}, newer than this plansearch knows ({SCHEMA_VERSION}). Upgrade plansearch."
        )
    for version in range(found, SCHEMA_VERSION):
        with _transaction(conn):
            MIGRATIONS[version](conn)
            conn.execute(f"PRAGMA user_version = {version + 1}")
    return found


@contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    # BEGIN IMMEDIATE takes the write lock at once, so two writers wait (busy_timeout) rather than fail.
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def now_utc() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class FeedbackStore:
    """The verdicts in `path` (created with its folder on first use), kept `retention_days` days.

    Each call opens its own connection, so one store can be shared by the server's threads."""

    def __init__(self, path: Path, retention_days: int = 365):
        if retention_days < 1:
            raise FeedbackError(f"The feedback retention must be at least 1 day, not {retention_days}")
        self.path = Path(path)
        self.retention_days = retention_days
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise FeedbackError(f"Cannot create the feedback folder {self.path.parent}: {exc.strerror}") from None
        with self._connect() as conn:
            migrate(conn)
            self._prune(conn, now_utc())

    @classmethod
    def for_settings(cls, settings: Settings) -> FeedbackStore:
        """The store the settings name (PLANSEARCH_FEEDBACK_DIR, PLANSEARCH_FEEDBACK_RETENTION_DAYS)."""
        return cls(feedback_path(settings), settings.feedback_retention_days)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        try:
            # isolation_level=None: transactions are only the explicit BEGIN … COMMIT below.
            conn = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        except sqlite3.Error as exc:
            raise FeedbackError(f"Cannot open the feedback file {self.path}: {exc}") from None
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            yield conn
        except sqlite3.Error as exc:
            raise FeedbackError(f"The feedback file {self.path} could not be used: {exc}") from None
        finally:
            conn.close()

    def add(
        self, verdict: Verdict, question: str, answer: str, citations: tuple[str, ...] | list[str] = (),
        index_version: str = "", comment: str = "", history: tuple[str, ...] | list[str] = (),
        now: datetime | None = None,
    ) -> Feedback:
        """Store one verdict in its own committed transaction and return it with its id.

        Raises FeedbackError when the file cannot be written, and ValueError for a verdict other
        than "good" or "bad"."""
        if verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {VERDICTS}, not {verdict!r}")
        moment = now or now_utc()
        created = _stamp(moment)
        with self._connect() as conn:
            with _transaction(conn):
                cursor = conn.execute(
                    "INSERT INTO feedback (created, verdict, question, answer, citations, index_version, comment, history)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (created, verdict, question, answer, json.dumps(list(citations)), index_version, comment,
                     json.dumps(list(history), ensure_ascii=False)),
                )
                new_id = cursor.lastrowid
            self._prune(conn, moment)
        assert new_id is not None
        return Feedback(new_id, created, verdict, question, answer, tuple(citations), index_version, comment, tuple(history))

    def entries(self, since: date | None = None, verdict: Verdict | None = None, limit: int | None = None) -> list[Feedback]:
        """Verdicts, newest first; only those given on or after `since` (a UTC day) and of `verdict`."""
        where, params = self._where(since, verdict)
        sql = f"SELECT id, created, verdict, question, answer, citations, index_version, comment, history FROM feedback{where} ORDER BY created DESC, id DESC"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        with self._connect() as conn:
            rows = conn.execute(sql, params).fetchall()
        return [
            Feedback(r[0], r[1], r[2], r[3], r[4], tuple(json.loads(r[5])), r[6], r[7], tuple(json.loads(r[8])))
            for r in rows
        ]

    def per_day(self, since: date | None = None) -> list[tuple[str, int, int]]:
        """(UTC day "YYYY-MM-DD", good, bad) for each day with a verdict, newest day first."""
        where, params = self._where(since, None)
        sql = (
            "SELECT substr(created, 1, 10) AS day, sum(verdict = 'good'), sum(verdict = 'bad')"
            f" FROM feedback{where} GROUP BY day ORDER BY day DESC"
        )
        with self._connect() as conn:
            return [(day, int(good), int(bad)) for day, good, bad in conn.execute(sql, params)]

    def prune(self, now: datetime | None = None) -> int:
        """Delete the verdicts older than the retention; returns how many."""
        with self._connect() as conn:
            return self._prune(conn, now or now_utc())

    def _prune(self, conn: sqlite3.Connection, now: datetime) -> int:
        cutoff = _stamp(now - timedelta(days=self.retention_days))
        with _transaction(conn):
            return conn.execute("DELETE FROM feedback WHERE created < ?", (cutoff,)).rowcount

    @staticmethod
    def _where(since: date | None, verdict: Verdict | None) -> tuple[str, list[Any]]:
        clauses, params = [], []
        if since is not None:
            clauses.append("created >= ?")
            params.append(since.isoformat())
        if verdict is not None:
            clauses.append("verdict = ?")
            params.append(verdict)
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def feedback_path(settings: Settings) -> Path:
    """The feedback file: PLANSEARCH_FEEDBACK_DIR/feedback.sqlite3, by default in a folder
    `feedback` beside the index folder (index/ → feedback/feedback.sqlite3)."""
    folder = settings.feedback_dir
    if folder == Path(""):
        folder = settings.index_dir.parent / "feedback"
    return folder / FILE_NAME
