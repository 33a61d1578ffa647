"""The figures every benchmark reports: latency percentiles and retrieval scores."""

from __future__ import annotations

from dataclasses import asdict, dataclass


def percentile(values: list[float], q: float) -> float:
    """The `q` (0..1) percentile, interpolated between the nearest values (so p50 is the median);
    0.0 for no values."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


@dataclass(frozen=True)
class Latency:
    """Milliseconds."""

    n: int
    p50: float
    p95: float
    p99: float
    max: float

    def as_dict(self, digits: int = 2) -> dict[str, float]:
        return {k: (v if k == "n" else round(v, digits)) for k, v in asdict(self).items()}


def latency(values_ms: list[float]) -> Latency:
    return Latency(n=len(values_ms), p50=percentile(values_ms, 0.5), p95=percentile(values_ms, 0.95),
                   p99=percentile(values_ms, 0.99), max=max(values_ms, default=0.0))


@dataclass(frozen=True)
class Scores:
    recall_at_1: float
    recall_at_5: float
    mrr_at_10: float
    n: int

    def as_dict(self) -> dict[str, float]:
        return {k: (v if k == "n" else round(v, 6)) for k, v in asdict(self).items()}


def score(hits: list[int | None]) -> Scores:
    """`hits`: per question, the 1-based rank of the first right passage (None: not in the results)."""
    n = max(len(hits), 1)
    return Scores(
        recall_at_1=sum(1 for h in hits if h == 1) / n,
        recall_at_5=sum(1 for h in hits if h is not None and h <= 5) / n,
        mrr_at_10=sum(1.0 / h for h in hits if h is not None and h <= 10) / n,
        n=len(hits),
    )
