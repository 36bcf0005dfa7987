"""The learned link scorer: features in, the probability that a pair states one fact out.

A logistic regression over standardised features (:mod:`aligner.aligners.features`),
followed by Platt scaling fitted on the links that selection keeps, so the score a
reader sees is calibrated on what is shown, not on every pair considered. Trained by
``bench/comparable.py`` on the NTREX-derived comparable dev set and the seeds' gold; the
weights are a small JSON file beside this module.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from aligner.aligners.features import NAMES

WEIGHTS = Path(__file__).with_name("scorer.json")
#: The weights for when a dictionary is installed (:mod:`aligner.aligners.dictionary`):
#: its pairs raise word coverage, so a scorer trained without them would over-trust it.
DICTIONARY_WEIGHTS = Path(__file__).with_name("scorer-dictionary.json")


@dataclass(slots=True, frozen=True)
class Scorer:
    names: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    #: Platt scaling of the regression's logit: ``sigmoid(a * logit + b)``.
    platt: tuple[float, float] = (1.0, 0.0)
    #: Where the weights came from: data, splits, seed, figures.
    info: dict[str, Any] = field(default_factory=dict)

    def logit(self, x: NDArray[np.float32]) -> NDArray[np.float64]:
        if x.shape[-1] != len(self.names):
            raise ValueError(f"expected {len(self.names)} features, got {x.shape[-1]}")
        z = (x.astype(np.float64) - np.array(self.mean)) / np.array(self.scale)
        return np.asarray(z @ np.array(self.coef) + self.intercept, dtype=np.float64)

    def probability(self, x: NDArray[np.float32]) -> NDArray[np.float32]:
        a, b = self.platt
        return np.asarray(1.0 / (1.0 + np.exp(-(a * self.logit(x) + b))), dtype=np.float32)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=1)

    @classmethod
    def from_json(cls, text: str) -> Scorer:
        d = json.loads(text)
        s = cls(
            names=tuple(d["names"]),
            mean=tuple(d["mean"]),
            scale=tuple(d["scale"]),
            coef=tuple(d["coef"]),
            intercept=float(d["intercept"]),
            platt=(float(d["platt"][0]), float(d["platt"][1])),
            info=dict(d.get("info", {})),
        )
        if s.names != NAMES:
            raise ValueError("scorer weights were trained on other features; retrain them")
        return s


@cache
def default_scorer(dictionary: bool = False) -> Scorer:
    """The shipped weights: those trained with a dictionary's pairs, or without."""
    return Scorer.from_json((DICTIONARY_WEIGHTS if dictionary else WEIGHTS).read_text("utf-8"))
