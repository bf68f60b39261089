"""How sure a figure is: bootstrap intervals of a mean and a paired test between two systems.

Both work on per-question scores (one value per question, the same questions in the same order
for both systems). The paired test is Fisher's randomisation test (Smucker, Allan and
Carterette, CIKM 2007: the test they recommend for IR metrics), as ranx runs it (each question's
pair swapped at random) but with one seeded generator: ranx's parallel version gave p-values from
0.128 to 0.142 for the same two score lists in four calls, so a report could not be repeated. A
difference with p ≥ `NOISE_P` is reported as within noise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

NOISE_P = 0.05
RESAMPLES = 2000
PERMUTATIONS = 10_000


def bootstrap_interval(values: Sequence[float], level: float = 0.95, resamples: int = RESAMPLES, seed: int = 0) -> tuple[float, float]:
    """Percentile bootstrap interval of the mean of `values` (questions resampled with
    replacement); (nan, nan) for no values. Seeded, so a report is the same on every run."""
    data = np.asarray(values, dtype=np.float64)
    if not len(data):
        return float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    means = data[rng.integers(0, len(data), size=(resamples, len(data)))].mean(axis=1)
    tail = (1.0 - level) / 2
    return float(np.quantile(means, tail)), float(np.quantile(means, 1 - tail))


@dataclass(frozen=True)
class Comparison:
    """System b against system a on the same questions: mean difference (b − a) and its p-value."""

    a: str
    b: str
    difference: float
    p_value: float

    @property
    def within_noise(self) -> bool:
        return self.p_value >= NOISE_P

    def describe(self) -> str:
        """ "bm25 − hybrid: +0.021 (p = 0.120, within noise)"."""
        verdict = "within noise" if self.within_noise else ("better" if self.difference > 0 else "worse")
        return f"{self.b} − {self.a}: {self.difference:+.3f} (p = {self.p_value:.3f}, {verdict})"


def paired_test(a_name: str, a: Sequence[float], b_name: str, b: Sequence[float], permutations: int = PERMUTATIONS) -> Comparison:
    """Fisher's randomisation test of b against a, two-sided, seeded: the same lists give the same
    p-value on every run.

    Raises ValueError when the two lists differ in length (they must be the same questions)."""
    x, y = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if x.shape != y.shape:
        raise ValueError(f"paired scores must cover the same questions ({len(x)} against {len(y)})")
    if not len(x) or np.array_equal(x, y):
        return Comparison(a_name, b_name, 0.0, 1.0)
    diff = y - x
    observed = abs(diff.mean())
    rng = np.random.default_rng(42)
    as_large = 0
    # Swapping a question's pair flips the sign of its difference; in batches to bound memory.
    for start in range(0, permutations, 1000):
        signs = rng.choice((-1.0, 1.0), size=(min(1000, permutations - start), len(diff)))
        as_large += int(np.count_nonzero(np.abs((signs * diff).mean(axis=1)) >= observed - 1e-12))
    return Comparison(a_name, b_name, float(diff.mean()), as_large / permutations)


def against_baseline(baseline: str, scores: dict[str, dict[str, float]], order: list[str] | None = None) -> list[Comparison]:
    """A paired test of every other system against `baseline`, over the baseline's questions in
    `order` (default: the baseline's own; the seeded test pairs its draws with questions by order).
    `scores`: system -> {question id: score}; [] when the baseline was not run."""
    base = scores.get(baseline)
    if not base:
        return []
    ids = order or list(base)
    return [
        paired_test(baseline, [base[q] for q in ids], name, [own[q] for q in ids])
        for name, own in scores.items() if name != baseline and own
    ]
