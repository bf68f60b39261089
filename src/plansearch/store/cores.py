"""How many threads the model may use for its next pass: the cores this process may run on, less
those that other processes keep busy right now.

The engine runs each pass on an OpenMP team whose threads meet at a barrier after every step
(hundreds per pass). A team larger than the cores actually free waits at each barrier for a
thread that the scheduler has parked behind another process: on two cores with one busy loop
beside the server, a question took 10-30 times as long. A team matched to the free cores has no
such waits, and on an idle machine it is the full team. Time of niced processes (a `plansearch
ingest` lowers its own priority) does not count as busy: the scheduler hands their cores to the
model whenever it needs them.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

STAT = Path("/proc/stat")
WINDOW = 0.25  # seconds of history behind a decision: 25 scheduler ticks at 100 Hz per core
BUSY = 0.5  # a core counts as taken when other processes use at least this share of it


def usable_cores() -> int:
    """Cores this process may run on (its CPU affinity), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def busy_seconds(stat: Path = STAT) -> float | None:
    """CPU seconds all processes have spent busy since boot, without niced time (None off Linux)."""
    try:
        fields = stat.read_text(encoding="ascii").split("\n", 1)[0].split()
    except OSError:
        return None
    # cpu user nice system idle iowait irq softirq steal ...: user + system + irq + softirq + steal
    values = [int(v) for v in fields[1:9]]
    user, _nice, system, _idle, _iowait, irq, softirq, steal = values
    return (user + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def own_seconds() -> float:
    """CPU seconds this process has used (every thread)."""
    times = os.times()
    return times.user + times.system


class FreeCores:
    """Threads for the next model pass: `fixed` when set (> 0), else the cores free right now.

    A daemon thread, started by the first call, measures other processes' load from /proc/stat
    every `interval` seconds (busy time of the whole machine less this process's own) and keeps
    the decision for the calls in between, so a call costs no file read. Thread-safe."""

    def __init__(
        self,
        fixed: int = 0,
        cores: int | None = None,
        busy: Callable[[], float | None] = busy_seconds,
        own: Callable[[], float] = own_seconds,
        clock: Callable[[], float] = time.monotonic,
        interval: float = WINDOW,
    ) -> None:
        self.fixed = fixed
        self.cores = cores or usable_cores()
        self.interval = interval
        self._busy, self._own, self._clock = busy, own, clock
        self._lock = threading.Lock()
        self._last: tuple[float, float, float] | None = None  # (clock, busy, own) at the last sample
        self._threads = self.cores
        self._sampler: threading.Thread | None = None
        self._pid = os.getpid()
        self.others = 0.0  # cores other processes used in the last window

    def __call__(self) -> int:
        if self.fixed > 0:
            return self.fixed
        if self._sampler is None or self._pid != os.getpid():  # a forked child has no sampler thread
            with self._lock:
                if self._sampler is None or self._pid != os.getpid():
                    self._pid, self._last = os.getpid(), None
                    self.sample()
                    self._sampler = threading.Thread(target=self._watch, name="free-cores", daemon=True)
                    self._sampler.start()
        return self._threads

    def sample(self) -> int:
        """Measure the load since the previous sample and decide the threads; returns them."""
        busy = self._busy()
        if busy is None:  # no /proc/stat: every core, as OpenMP would choose
            return self._threads
        now, own = self._clock(), self._own()
        if self._last is not None and now > self._last[0]:
            seconds = now - self._last[0]
            self.others = max(0.0, (busy - self._last[1]) - (own - self._last[2])) / seconds
            taken = int(self.others + (1.0 - BUSY))  # half a core or more counts as a core
            self._threads = max(1, self.cores - taken)
        self._last = (now, busy, own)
        return self._threads

    def _watch(self) -> None:
        while True:
            time.sleep(self.interval)
            self.sample()
