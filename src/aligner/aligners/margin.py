"""Margin scoring (Artetxe & Schwenk 2019): a similarity judged against each side's neighbours.

Raw cosines of a multilingual encoder sit in a narrow band, and on articles about one
story every pair looks alike. The ratio margin divides a pair's cosine by the mean
cosine of each side's ``k`` nearest neighbours, so a pair scores high only when it
stands out from what both sentences resemble anyway.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Matrix = NDArray[np.float32]


def knn_mean(sim: Matrix, k: int, axis: int) -> NDArray[np.float32]:
    """Mean of the ``k`` largest values along ``axis`` (fewer when the axis is shorter)."""
    n = sim.shape[axis]
    if n == 0:
        return np.zeros(sim.shape[1 - axis], dtype=np.float32)
    k = max(1, min(k, n))
    part = -np.partition(-sim, k - 1, axis=axis)
    top = part[:k, :] if axis == 0 else part[:, :k]
    return np.asarray(top.mean(axis=axis), dtype=np.float32)


def _neighbourhoods(
    sim: Matrix, k: int, row_ref: NDArray[np.bool_] | None, col_ref: NDArray[np.bool_] | None
) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
    """knn means of each row (over ``col_ref`` columns) and each column (over ``row_ref`` rows)."""
    cols = sim if col_ref is None else sim[:, col_ref]
    rows = sim if row_ref is None else sim[row_ref, :]
    return knn_mean(cols, k, axis=1), knn_mean(rows, k, axis=0)


def ratio_margin(
    sim: Matrix,
    k: int = 4,
    *,
    row_ref: NDArray[np.bool_] | None = None,
    col_ref: NDArray[np.bool_] | None = None,
) -> Matrix:
    """``cos(x, y) / ((knn(x) + knn(y)) / 2)``, minus 1: above 0 means the pair stands out.

    ``row_ref``/``col_ref`` pick the rows and columns that count as neighbours (single
    sentences): a window overlapping a sentence is not a rival to it, only an echo.
    """
    rx, ry = _neighbourhoods(sim, k, row_ref, col_ref)
    denom = (rx[:, None] + ry[None, :]) / 2
    denom = np.where(denom <= 1e-6, 1e-6, denom)
    return np.asarray(sim / denom - 1.0, dtype=np.float32)
