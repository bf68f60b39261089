"""Fusion of ranked lists: weighted fusion of scaled scores (min-max, z-score, mean ± 3σ) and
reciprocal rank fusion."""

from __future__ import annotations


def _minmax_fit(values: list[float]):
    low, high = min(values), max(values)
    if high - low < 1e-9:
        return lambda value: 1.0
    return lambda value: (value - low) / (high - low)


def _zscore_fit(values: list[float]):
    mean = sum(values) / len(values)
    std = (sum((v - mean) ** 2 for v in values) / len(values)) ** 0.5
    if std < 1e-9:
        return lambda value: 0.0
    return lambda value: (value - mean) / std


def _dbsf_fit(values: list[float]):
    z = _zscore_fit(values)
    return lambda value: (z(value) + 3.0) / 6.0


FITS = {"minmax": _minmax_fit, "zscore": _zscore_fit, "dbsf": _dbsf_fit}


def _scaled(scores: dict[int, float], fit) -> dict[int, float]:
    if not scores:
        return {}
    scale = fit(list(scores.values()))
    return {row: scale(value) for row, value in scores.items()}


def minmax(scores: dict[int, float]) -> dict[int, float]:
    """Scores scaled to [0, 1] within one result list."""
    return _scaled(scores, _minmax_fit)


def zscore(scores: dict[int, float]) -> dict[int, float]:
    """Standard scores within one result list: a lone strong match stands out from the rest."""
    return _scaled(scores, _zscore_fit)


def dbsf(scores: dict[int, float]) -> dict[int, float]:
    """Distribution-based scaling: mean ± 3 standard deviations mapped to [0, 1]."""
    return _scaled(scores, _dbsf_fit)


def weighted(
    lists: dict[str, dict[int, float]],
    weights: dict[str, float],
    normalize: str = "minmax",
    filled: dict[str, dict[int, float]] | None = None,
) -> dict[int, float]:
    """Sum of each list's scaled score times its weight.

    A row missing from a list counts 0, unless `filled` gives that retriever's real score for it
    (a passage that only BM25 ranked still has a cosine): it is then scaled like the list's own
    scores, floored at 0, so that a passage just below one list's cut is not treated as unrelated.
    """
    fit = FITS[normalize]
    fused: dict[int, float] = {}
    for name, scores in lists.items():
        if not scores:
            continue
        weight = weights.get(name, 0.0)
        scale = fit(list(scores.values()))
        extra = (filled or {}).get(name, {})
        for row, value in scores.items():
            fused[row] = fused.get(row, 0.0) + weight * scale(value)
        for row, value in extra.items():
            if row not in scores:
                fused[row] = fused.get(row, 0.0) + weight * max(0.0, scale(value))
    return fused


def rrf(lists: dict[str, dict[int, float]], weights: dict[str, float] | None = None, k: int = 60) -> dict[int, float]:
    """Reciprocal rank fusion: sum of weight / (k + rank) over the lists."""
    fused: dict[int, float] = {}
    for name, scores in lists.items():
        weight = 1.0 if weights is None else weights.get(name, 0.0)
        ranked = sorted(scores, key=lambda row: -scores[row])
        for rank, row in enumerate(ranked, 1):
            fused[row] = fused.get(row, 0.0) + weight / (k + rank)
    return fused
