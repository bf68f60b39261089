"""Fusion of ranked lists: weighted min-max score fusion and reciprocal rank fusion."""

from __future__ import annotations


def minmax(scores: dict[int, float]) -> dict[int, float]:
    """Scores scaled to [0, 1] within one result list."""
    if not scores:
        return {}
    low, high = min(scores.values()), max(scores.values())
    if high - low < 1e-9:
        return {row: 1.0 for row in scores}
    return {row: (value - low) / (high - low) for row, value in scores.items()}


def zscore(scores: dict[int, float]) -> dict[int, float]:
    """Standard scores within one result list: a lone strong match stands out from the rest."""
    if not scores:
        return {}
    values = list(scores.values())
    mean = sum(values) / len(values)
    std = (sum((v - mean) ** 2 for v in values) / len(values)) ** 0.5
    if std < 1e-9:
        return {row: 0.0 for row in scores}
    return {row: (value - mean) / std for row, value in scores.items()}


def dbsf(scores: dict[int, float]) -> dict[int, float]:
    """Distribution-based scaling: mean ± 3 standard deviations mapped to [0, 1]."""
    return {row: (z + 3.0) / 6.0 for row, z in zscore(scores).items()}


NORMALIZERS = {"minmax": minmax, "zscore": zscore, "dbsf": dbsf}


def weighted(
    lists: dict[str, dict[int, float]], weights: dict[str, float], normalize: str = "minmax"
) -> dict[int, float]:
    """Sum of each list's scaled score times its weight; a missing entry counts 0."""
    scale = NORMALIZERS[normalize]
    fused: dict[int, float] = {}
    for name, scores in lists.items():
        weight = weights.get(name, 0.0)
        for row, value in scale(scores).items():
            fused[row] = fused.get(row, 0.0) + weight * value
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
