"""Is a score a probability? Reliability tables and the expected calibration error.

A link scored 0.8 should be right four times in five. Links are binned by score; in
each bin the mean score is set against the share that is right, and the expected
calibration error (ECE) is the links-weighted mean distance between the two.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(slots=True, frozen=True)
class Bin:
    low: float
    high: float
    mean_score: float
    right: float
    count: int


def reliability(scored: Sequence[tuple[float, float]], bins: int = 10) -> list[Bin]:
    """``scored``: (score, how right: 0..1) per link; the non-empty bins of equal width."""
    out = []
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = [(s, y) for s, y in scored if lo <= s < hi or (b == bins - 1 and s == hi)]
        if inside:
            out.append(
                Bin(
                    lo,
                    hi,
                    sum(s for s, _ in inside) / len(inside),
                    sum(y for _, y in inside) / len(inside),
                    len(inside),
                )
            )
    return out


def expected_calibration_error(scored: Sequence[tuple[float, float]], bins: int = 10) -> float:
    total = len(scored)
    if not total:
        return 0.0
    return sum(b.count / total * abs(b.mean_score - b.right) for b in reliability(scored, bins))
