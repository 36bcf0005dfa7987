"""Train the comparable-link scorer and report what it does on data it was not trained on.

Data (``src/aligner/evaluate/comparable_dev.py`` says how the NTREX cases are made):

* NTREX-derived comparable set, documents 000-039 ("train"): the scorer is trained and
  every choice was tuned here;
* NTREX-derived, documents 040-059 ("report"): never trained or tuned on; the figures
  printed for it are held out;
* the seeds' hand-checked gold (tests/data/seeds_gold.json): reported leave one article
  out (the scorer retrained on NTREX train plus the three other articles, scored on the
  fourth, pooled). The shipped weights are trained on NTREX train plus all four.

    ./dev bench comparable            # report only, with the shipped weights
    ./dev bench comparable --train    # retrain, write src/aligner/aligners/scorer.json, report
    ./dev bench comparable --choose-c # grouped CV on NTREX train only: which C to train with
    ./dev bench comparable --models   # the same CV: the regression against richer models

With a Danish-English dictionary installed (``apt-get install dict-freedict-dan-eng``),
word evidence includes its pairs, and the weights read and written are
``scorer-dictionary.json``; ``ALIGNER_DICTIONARY=off`` measures without it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from aligner.aligners import dictionary
from aligner.aligners.comparable import DEFAULT, Scored, score_pairs, select_links
from aligner.aligners.features import NAMES
from aligner.aligners.scorer import DICTIONARY_WEIGHTS, WEIGHTS, Scorer, default_scorer
from aligner.embed import Encoder, load_encoder
from aligner.evaluate import Scores
from aligner.evaluate.calibration import expected_calibration_error, reliability
from aligner.evaluate.comparable_dev import (
    Case,
    build,
    unit_labels,
    with_reference_translation,
)
from aligner.evaluate.pair_gold import PairGold, link_rightness, pooled, score_links
from aligner.model import VIAS, Link
from aligner.seeds import load_seeds

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ALIGNER_SHARED", ROOT.parent / "shared"))
NTREX = SHARED / "eval" / "ntrex-da-en-dev"
GOLD = ROOT / "tests" / "data" / "seeds_gold.json"
#: Regularisation of the logistic regression. scikit-learn's default, kept because grouped
#: CV on NTREX train (``--choose-c``) found recall at the aim's precision flat for C 1-100,
#: with and without the dictionary, and lower below 0.3: no other C is better on train.
C = 1.0
#: The regularisations ``--choose-c`` tries, and its folds of NTREX train documents.
C_GRID = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 100.0)
C_FOLDS = 5
#: Links kept for Platt scaling: everything selection keeps above this floor.
PLATT_FLOOR = 0.05


#: Features and labels of some pairs.
Part = tuple[NDArray[np.float32], NDArray[np.float32]]


@dataclass(slots=True)
class Example:
    """One case's scored pairs, with the gold's labels (NaN: left out of training)."""

    case: Case
    scored: Scored
    labels: NDArray[np.float32]


def _blank() -> Scorer:
    n = len(NAMES)
    return Scorer(NAMES, (0.0,) * n, (1.0,) * n, (0.0,) * n, 0.0)


def examples(cases: list[Case], encoder: Encoder, via: str = "direct") -> list[Example]:
    out = []
    for case in cases:
        scored = score_pairs(case.source, case.targets, encoder, via=via, scorer=_blank())
        out.append(
            Example(case, scored, unit_labels(scored.source_units, scored.target_units, case.gold))
        )
    return out


def seeds_case(translated: bool = False) -> Case:
    docs = load_seeds()
    if translated:
        reference = json.loads(GOLD.read_text("utf-8"))["reference_translation"]
        for sent, text in zip(docs[0].sentences, reference, strict=True):
            sent.translation = text
    return Case("seeds", docs[0], docs[1:], PairGold.load(GOLD))


def restrict(ex: Example, docs: set[str]) -> Part:
    """Features and labels of the pairs into the target articles ``docs``."""
    cols = np.array([u.doc in docs for u in ex.scored.target_units])
    x = ex.scored.features[:, cols, :].reshape(-1, len(NAMES))
    y = ex.labels[:, cols].reshape(-1)
    return x, y


def fit(
    ntrex: list[Part],
    seeds: list[Part],
    platt_on: list[tuple[Example, set[str] | None]],
    c: float = C,
) -> Scorer:
    """The regression on NTREX and seeds pairs, then Platt scaling on ``platt_on``'s links.

    The two kinds of data weigh the same in all (by their true pairs): NTREX gives many
    near-translations, the seeds a few pairs of real comparable articles, whose likeness
    is far weaker; a scorer that only knew the first would ask the second for too much.
    """
    from sklearn.linear_model import LogisticRegression

    n_ntrex = sum(float(np.nansum(p[1])) for p in ntrex)
    n_seeds = sum(float(np.nansum(p[1])) for p in seeds)
    w_seeds = n_ntrex / n_seeds if n_seeds else 0.0
    parts = [(x, y, 1.0) for x, y in ntrex] + [(x, y, w_seeds) for x, y in seeds]
    x = np.concatenate([p[0] for p in parts])
    y = np.concatenate([p[1] for p in parts])
    w = np.concatenate([np.full(len(p[1]), p[2]) for p in parts])
    keep = ~np.isnan(y)
    x, y, w = x[keep], y[keep], w[keep]
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    lr = LogisticRegression(C=c, max_iter=2000)
    lr.fit((x - mean) / scale, y, sample_weight=w)
    raw = Scorer(
        NAMES,
        tuple(float(v) for v in mean),
        tuple(float(v) for v in scale),
        tuple(float(v) for v in lr.coef_[0]),
        float(lr.intercept_[0]),
    )
    # Platt scaling on what selection keeps: the links a reader is shown. Real comparable
    # articles (the seeds) weigh as much as all the NTREX cases together: they are what
    # the product is for, and what the scores must be honest about.
    logits: list[float] = []
    truth: list[float] = []
    weight: list[float] = []
    groups = [
        [p for p in platt_on if p[0].case.name != "seeds"],
        [p for p in platt_on if p[0].case.name == "seeds"],
    ]
    for group in groups:
        start = len(logits)
        for ex, docs in group:
            ex.scored.prob = raw.probability(ex.scored.features)
            for link in select_links(ex.scored, replace(DEFAULT, threshold=PLATT_FLOOR)):
                if docs is None or link.target.doc in docs:
                    logits.append(float(np.log(link.score / max(1e-6, 1 - link.score))))
                    truth.append(link_rightness(link, ex.case.gold))
        n = len(logits) - start
        weight += [1.0 / n] * n if n else []
    platt = LogisticRegression(C=1e6, max_iter=2000)
    t, wt = np.array(truth), np.array(weight)
    # Platt's fit wants a binary target: a link half right counts as half of each.
    xs = np.concatenate([logits, logits])[:, None]
    ys = np.concatenate([np.ones(len(t)), np.zeros(len(t))])
    platt.fit(xs, ys, sample_weight=np.concatenate([t * wt, (1 - t) * wt]))
    return replace(raw, platt=(float(platt.coef_[0][0]), float(platt.intercept_[0])))


def selected(
    ex: Example, scorer: Scorer | _Fitted, docs: set[str] | None = None
) -> tuple[list[Link], PairGold]:
    """The links selection keeps above the Platt floor (to ``docs`` only), and the gold."""
    ex.scored.prob = scorer.probability(ex.scored.features)
    links = select_links(ex.scored, replace(DEFAULT, threshold=PLATT_FLOOR))
    gold = ex.case.gold if docs is None else ex.case.gold.restricted(docs)
    if docs is not None:
        links = [lk for lk in links if lk.target.doc in docs]
    return links, gold


def evaluate(
    ex: Example, scorer: Scorer, docs: set[str] | None = None, threshold: float = DEFAULT.threshold
) -> tuple[Scores, list[tuple[float, float]]]:
    links, gold = selected(ex, scorer, docs)
    shown = [lk for lk in links if lk.score >= threshold]
    calib = [(lk.score, link_rightness(lk, gold)) for lk in links]
    return score_links(shown, gold, docs), calib


def fmt(s: Scores) -> str:
    return (
        f"P {s.precision:.3f}  R {s.recall:.3f}  F1 {s.f1:.3f}  pairs {s.predicted:4d}  "
        f"links from unmatched sentences {s.unmatched_linked}"
    )


def report_calibration(calib: list[tuple[float, float]]) -> float:
    """Prints the reliability table of links; returns the expected calibration error."""
    for b in reliability(calib):
        print(
            f"      {b.low:.1f}-{b.high:.1f}: mean score {b.mean_score:.2f}  "
            f"right {b.right:.2f}  links {b.count}"
        )
    ece = expected_calibration_error(calib)
    print(f"      ECE {ece:.3f} over {len(calib)} links")
    return ece


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--train", action="store_true", help="retrain and write the weights")
    ap.add_argument(
        "--choose-c", action="store_true", help="grouped CV of the regularisation on NTREX train"
    )
    ap.add_argument(
        "--models", action="store_true", help="grouped CV of richer scorers on NTREX train"
    )
    args = ap.parse_args()
    if not NTREX.is_dir():
        sys.exit(f"{NTREX} is absent")
    encoder = load_encoder()
    with_dictionary = dictionary.available("da", "en")
    weights = DICTIONARY_WEIGHTS if with_dictionary else WEIGHTS
    print(f"dictionary: {'installed, used' if with_dictionary else 'none'}; weights {weights.name}")
    t0 = time.perf_counter()
    train = examples(build(NTREX, "train"), encoder)
    report = examples(build(NTREX, "report"), encoder)
    seeds = examples([seeds_case()], encoder)[0]
    seed_docs = [d.id for d in seeds.case.targets]
    print(
        f"features of {len(train)} train, {len(report)} report cases and the seeds: "
        f"{time.perf_counter() - t0:.0f} s"
    )

    train_parts = [restrict(ex, {d.id for d in ex.case.targets}) for ex in train]
    if args.choose_c:
        choose_c(train, train_parts)
        return
    if args.models:
        compare_models(train, train_parts)
        return
    if args.train:
        scorer = fit(
            train_parts,
            [restrict(seeds, set(seed_docs))],
            [(ex, None) for ex in [*train, seeds]],
        )
        scorer = replace(
            scorer,
            info={
                "trained_on": "NTREX-derived comparable dev set, documents 000-039 (seed 0), "
                "and the seeds' gold",
                "features": list(NAMES),
                "C": C,
                "dictionary": with_dictionary,
            },
        )
        weights.write_text(scorer.to_json() + "\n", "utf-8")
        print(f"wrote {weights}")
    else:
        scorer = default_scorer(with_dictionary)

    print("\nNTREX-derived, report split (documents 040-059, held out):")
    results = [evaluate(ex, scorer) for ex in report]
    print(f"  {fmt(pooled(r[0] for r in results))}")
    report_calibration([c for r in results for c in r[1]])
    operating_point(train, report, scorer)

    print("\nseeds, leave one article out (retrained without it, scored on it, pooled):")
    held_out(seeds, train_parts, train, verbose=True)

    print("\nseeds, shipped weights (trained on all four: not held out):")
    print(f"  {fmt(evaluate(seeds, scorer)[0])}")
    print(
        "\nvia, NTREX report split (held out) with each Danish line's own English line as "
        "its translation (perfect):"
    )
    perfect = with_reference_translation(NTREX, build(NTREX, "report"))
    for via in VIAS:
        res = [evaluate(ex, scorer)[0] for ex in examples(perfect, encoder, via=via)]
        print(f"  via {via:11s} {fmt(pooled(res))}")
    print("\nvia, with the gold's human reference translation, leave one article out:")
    for via in VIAS:
        ex = examples([seeds_case(translated=True)], encoder, via=via)[0]
        print(f"  via {via:11s} {fmt(held_out(ex, train_parts, train, verbose=False))}")


#: The precision the issue asks of the NTREX-derived set, and the thresholds tried for it.
AIM_PRECISION = 0.95
THRESHOLDS = [round(0.3 + 0.05 * i, 2) for i in range(14)]


def at_threshold(kept: list[tuple[list[Link], PairGold]], t: float) -> Scores:
    return pooled(score_links([lk for lk in ls if lk.score >= t], g) for ls, g in kept)


def aim_threshold(kept: list[tuple[list[Link], PairGold]]) -> float | None:
    """The lowest threshold at which ``kept`` reaches the aim's precision, if any does."""
    return next((t for t in THRESHOLDS if at_threshold(kept, t).precision >= AIM_PRECISION), None)


def operating_point(train: list[Example], report: list[Example], scorer: Scorer) -> None:
    """The reader's default shows links >= 0.5; a user who wants fewer, surer links raises
    it. Which threshold gives the aim's precision is chosen on train (in-sample, as a user
    would pick it from the docs' table) and only then scored on report."""
    print(f"  threshold for P >= {AIM_PRECISION} chosen on train (000-039), scored on report:")
    kept = [selected(ex, scorer) for ex in train]  # the threshold only filters these
    for t in THRESHOLDS:
        on_train = at_threshold(kept, t)
        print(f"    >= {t:.2f}  train P {on_train.precision:.3f} R {on_train.recall:.3f}")
    chosen = aim_threshold(kept)
    if chosen is None:
        print(f"    no threshold reaches P {AIM_PRECISION} on train")
        return
    at = pooled(evaluate(ex, scorer, threshold=chosen)[0] for ex in report)
    print(f"    chosen {chosen:.2f}; report (held out): {fmt(at)}")


def choose_c(train: list[Example], train_parts: list[Part]) -> None:
    """Grouped cross-validation of ``C`` on NTREX train alone (000-039, folds of whole
    documents, seeded): neither the report split nor the seeds are looked at, so both stay
    held out for the C chosen here. Per fold the scorer is trained on the other folds, the
    threshold for the aim's precision is chosen on them, and the held-out fold is scored at
    that threshold and at the reader's default.

    Insertions in a train case come from other train documents, so a held-out document's
    English sentences can sit in a training case as distractors (labelled wrong for it);
    its own pairs never do.
    """
    print(
        f"\nC by grouped {C_FOLDS}-fold CV on NTREX train ({len(train)} documents, seed 0):"
        f"\n  C        recall at P>={AIM_PRECISION} (threshold chosen in-fold)   F1 at "
        f"{DEFAULT.threshold}   ECE"
    )

    def fit_rest(c: float, rest: list[int]) -> Scorer:
        return fit([train_parts[i] for i in rest], [], [(train[i], None) for i in rest], c)

    for c in C_GRID:
        aim, dflt, calib = grouped_cv(train, partial(fit_rest, c))
        print(
            f"  {c:<7g}  P {aim.precision:.3f} R {aim.recall:.3f}{'':25s}"
            f"{dflt.f1:.3f}      {expected_calibration_error(calib):.3f}"
        )


def grouped_cv(
    train: list[Example], fit_on: Callable[[list[int]], Scorer | _Fitted]
) -> tuple[Scores, Scores, list[tuple[float, float]]]:
    """Folds of whole NTREX train documents (seed 0): a scorer ``fit_on`` the other folds'
    indices, the threshold for the aim's precision chosen on them, the held-out fold
    scored at it and at the reader's default. Returns both, pooled, and each held-out
    link's (score, rightness)."""
    order = np.random.default_rng(0).permutation(len(train))
    at_aim, at_default, calib = [], [], []
    for k in range(C_FOLDS):
        held = sorted(order[k::C_FOLDS].tolist())
        rest = [i for i in range(len(train)) if i not in held]
        sc = fit_on(rest)
        t = aim_threshold([selected(train[i], sc) for i in rest]) or THRESHOLDS[-1]
        for i in held:
            links, gold = kept = selected(train[i], sc)
            at_aim.append(at_threshold([kept], t))
            at_default.append(at_threshold([kept], DEFAULT.threshold))
            calib += [(lk.score, link_rightness(lk, gold)) for lk in links]
    return pooled(at_aim), pooled(at_default), calib


@dataclass(slots=True)
class _Fitted:
    """A scikit-learn classifier where :func:`selected` expects a :class:`Scorer`."""

    model: Any

    def probability(self, x: NDArray[np.float32]) -> NDArray[np.float32]:
        flat = x.reshape(-1, x.shape[-1])
        return np.asarray(self.model.predict_proba(flat)[:, 1].reshape(x.shape[:-1]), np.float32)


def compare_models(train: list[Example], train_parts: list[Part]) -> None:
    """Would a richer model than the shipped regression find more in the same features?
    Grouped CV on NTREX train alone, as ``--choose-c`` (the same folds, the threshold for
    the aim's precision chosen on the other folds). No Platt scaling for any model, so
    "F1 at 0.5" compares raw probabilities; the threshold-chosen figures do not depend on
    it."""
    # Here, as in ``fit``: scikit-learn is a dev extra that only training and CV need.
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union
    from sklearn.preprocessing import (
        FunctionTransformer,
        KBinsDiscretizer,
        PolynomialFeatures,
        StandardScaler,
    )

    def regression(*steps: Any) -> Any:
        return make_pipeline(*steps, StandardScaler(), LogisticRegression(C=C, max_iter=3000))

    models = {
        "regression (shipped)": lambda: regression(),
        "+ 8 quantile bins each": lambda: regression(
            make_union(
                FunctionTransformer(),
                KBinsDiscretizer(8, encode="onehot-dense", strategy="quantile"),
            )
        ),
        "+ pairwise products": lambda: regression(
            PolynomialFeatures(2, interaction_only=True, include_bias=False)
        ),
        "boosted trees": lambda: HistGradientBoostingClassifier(random_state=0),
        "boosted trees, smaller": lambda: HistGradientBoostingClassifier(
            max_iter=400,
            learning_rate=0.05,
            max_leaf_nodes=15,
            l2_regularization=1.0,
            random_state=0,
        ),
    }
    print(
        f"\nscorers by grouped {C_FOLDS}-fold CV on NTREX train ({len(train)} documents, seed 0):"
        f"\n  {'model':24s} at P>={AIM_PRECISION} (threshold chosen in-fold)   at 0.5"
    )

    def fitted(make: Callable[[], Any], rest: list[int]) -> _Fitted:
        x = np.concatenate([train_parts[i][0] for i in rest])
        y = np.concatenate([train_parts[i][1] for i in rest])
        keep = ~np.isnan(y)
        return _Fitted(make().fit(x[keep], y[keep]))

    for name, make in models.items():
        aim, dflt, _ = grouped_cv(train, partial(fitted, make))
        print(
            f"  {name:24s} P {aim.precision:.3f} R {aim.recall:.3f}{'':23s}"
            f"P {dflt.precision:.3f} R {dflt.recall:.3f} F1 {dflt.f1:.3f}"
        )


def held_out(
    seeds: Example,
    train_parts: list[Part],
    train: list[Example],
    *,
    verbose: bool,
) -> Scores:
    seed_docs = [d.id for d in seeds.case.targets]
    folds = []
    calib: list[tuple[float, float]] = []
    for held in seed_docs:
        rest = set(seed_docs) - {held}
        sc = fit(
            train_parts, [restrict(seeds, rest)], [*((ex, None) for ex in train), (seeds, rest)]
        )
        s, c = evaluate(seeds, sc, {held})
        if verbose:
            print(f"    held out {held:10s} {fmt(s)}")
        folds.append(s)
        calib += c
    total = pooled(folds)
    if verbose:
        print(f"  pooled: {fmt(total)}")
        report_calibration(calib)
    return total


if __name__ == "__main__":
    main()
