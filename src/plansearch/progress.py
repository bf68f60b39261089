"""What the command line prints while an ingest runs: Swedish progress with one count a reader
understands, a bar with the time left on a terminal, plain lines every few seconds otherwise."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

import click

PLAIN_EVERY = 5.0  # seconds between progress lines when stderr is not a terminal


def duration(seconds: float) -> str:
    """ "1 min 20 s", "40 s" (never less than 1 s)."""
    minutes, rest = divmod(max(1, round(seconds)), 60)
    return f"{minutes} min {rest} s" if minutes else f"{rest} s"


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


class IngestProgress:
    """An ingest's progress on stderr, in Swedish and counted in what a reader knows: documents and
    passages ("avsnitt"), never the model's batches. On a terminal, a bar with the time left; in a
    log file or under a service manager, a plain line every `every` seconds."""

    def __init__(
        self, interactive: bool | None = None, every: float | None = None, clock: Callable[[], float] = time.monotonic,
    ):
        self.interactive = _is_terminal(sys.stderr) if interactive is None else interactive
        self.every = PLAIN_EVERY if every is None else every
        self.clock = clock
        self.passages = 0
        self._bar: Any = None
        self._started: float | None = None
        self._last = 0.0
        self._said: set[str] = set()

    @property
    def label(self) -> str:
        return f"Förbereder sökning i {self.passages} avsnitt" if self.passages else "Förbereder sökningen"

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage == "read" and "read" not in self._said:
            self._say("read", f"Läser {total} dokument…")
        elif stage == "passages":
            self.passages = total
        elif stage == "embed" and total > 0:
            self._embed(done, total)
        elif stage == "save" and "save" not in self._said:
            self._say("save", "Sparar sökindexet…")

    def _say(self, stage: str, message: str) -> None:
        self._said.add(stage)
        click.echo(message, err=True)

    def _embed(self, done: int, total: int) -> None:
        now = self.clock()
        if self._started is None:
            self._started = self._last = now
            if self.interactive:
                self._bar = click.progressbar(
                    length=total, label=self.label, file=sys.stderr, show_eta=False, show_percent=True,
                    show_pos=False, item_show_func=lambda left: left,
                )
                self._bar.__enter__()
            else:
                click.echo(f"{self.label}…", err=True)
        if self._bar is not None:
            self._bar.update(done - self._bar.pos, self._left(done, total, now))
            if done >= total:
                self._bar.__exit__(None, None, None)
                self._bar = None
        elif done >= total:
            click.echo(f"{self.label}: klart efter {duration(now - self._started)}.", err=True)
        elif now - self._last >= self.every:
            self._last = now
            left = self._left(done, total, now)
            click.echo(f"{self.label}: {100 * done // total} %" + (f", {left}" if left else "") + ".", err=True)

    def _left(self, done: int, total: int, now: float) -> str:
        """ "cirka 1 min 20 s kvar", once enough is done to tell."""
        assert self._started is not None
        elapsed = now - self._started
        if done <= 0 or done >= total or elapsed < 2:
            return ""
        return f"cirka {duration(elapsed * (total - done) / done)} kvar"
