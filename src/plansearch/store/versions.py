"""The index folder on disk: versions written aside and switched to atomically, and a lock.

    index/
      CURRENT          name of the version in use (replaced atomically)
      v-20261122T101500-3f2a/   manifest.json, passages.jsonl, documents.jsonl,
                                embeddings.npy, faiss.index, bm25/
      .lock            held by a running ingest

A reader follows CURRENT, so an ingest that is killed half-way leaves the previous version in use.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from plansearch.errors import IndexBusy, IndexNotFound, PlansearchError

CURRENT = "CURRENT"


def current_version(index_dir: Path) -> Path:
    """Folder of the version in use; IndexNotFound if there is none."""
    pointer = index_dir / CURRENT
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise IndexNotFound(f"No index in {index_dir}/; run `plansearch ingest` first") from None
    folder = index_dir / name
    if not name or not (folder / "manifest.json").exists():
        raise IndexNotFound(f"{pointer} names {name!r}, which is missing; run `plansearch ingest` to rebuild")
    return folder


@contextmanager
def new_version(index_dir: Path) -> Iterator[Path]:
    """A fresh folder to write a version into; it becomes current only if the block succeeds."""
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PlansearchError(f"Cannot create {index_dir}/: {exc.strerror}") from None
    name = f"v-{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:6]}"
    staging = index_dir / f".tmp-{name}"
    try:
        staging.mkdir()
    except OSError as exc:
        raise PlansearchError(f"Cannot write to {index_dir}/: {exc.strerror}; the current index is unchanged") from None
    try:
        yield staging
        _fsync_tree(staging)
        final = index_dir / name
        os.rename(staging, final)
        previous = _current_name(index_dir)
        _point_to(index_dir, name)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise PlansearchError(
            f"Could not write the index to {index_dir}/ ({exc.strerror or exc}); the current index is unchanged"
        ) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    prune(index_dir, keep=previous)


def _current_name(index_dir: Path) -> str | None:
    try:
        return (index_dir / CURRENT).read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def _point_to(index_dir: Path, name: str) -> None:
    tmp = index_dir / f".{CURRENT}.{uuid.uuid4().hex[:6]}"
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(name + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, index_dir / CURRENT)
    _fsync_dir(index_dir)


def _fsync_tree(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            with open(path, "rb") as handle:
                os.fsync(handle.fileno())
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def prune(index_dir: Path, keep: str | None = None) -> None:
    """Remove every version but the current one and `keep` (the one it replaced, for readers still
    loading it), and the staging folders left by interrupted runs.

    Versions are told apart by what CURRENT named, not by their names' order: two ingests in the
    same second get names that sort at random, and a version written by a run killed before its
    switch was never in use."""
    current = _current_name(index_dir)
    if current is None:
        return
    for path in index_dir.glob("v-*"):
        if path.is_dir() and path.name not in (current, keep):
            shutil.rmtree(path, ignore_errors=True)
    for path in index_dir.glob(".tmp-v-*"):
        shutil.rmtree(path, ignore_errors=True)


@contextmanager
def ingest_lock(index_dir: Path) -> Iterator[None]:
    """Only one ingest at a time writes to an index folder."""
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        path = index_dir / ".lock"
        handle = open(path, "a+", encoding="utf-8")
    except OSError as exc:
        raise PlansearchError(f"Cannot write to {index_dir}/ ({exc.strerror}); the current index is unchanged") from None
    try:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise IndexBusy(
                f"Another ingest is already updating {index_dir}/ (pid {holder}); wait for it to finish"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield
    finally:
        handle.close()


def write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]
