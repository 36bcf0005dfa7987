"""Strict and lax scoring of beads, on small cases counted by hand."""

from __future__ import annotations

import pytest

from aligner.evaluate import Counts, count_beads, score_documents
from aligner.model import Bead
from reference_scorer import score_multiple

GOLD: list[Bead] = [([0], [0]), ([1], [1, 2]), ([2, 3], [3]), ([4], []), ([], [4]), ([5], [5])]


def test_a_perfect_prediction_scores_one_everywhere() -> None:
    s = count_beads(GOLD, GOLD).scores()
    assert (s.strict.precision, s.strict.recall, s.strict.f1) == (1.0, 1.0, 1.0)
    assert (s.lax.precision, s.lax.recall, s.lax.f1) == (1.0, 1.0, 1.0)


def test_null_beads_count_in_precision_only() -> None:
    # Recall: the 4 gold beads with both sides. Precision: every predicted bead, the
    # null ones right only when the gold leaves the same sentence out ([4]:[] here).
    predicted: list[Bead] = [
        ([0], [0]),
        ([1], []),  # gold links it: wrong
        ([], [1]),
        ([], [2]),
        ([2, 3], [3]),
        ([4], []),  # the gold's own null bead: right, strictly and laxly
        ([5], [5]),
    ]
    c = count_beads(GOLD, predicted)
    assert c == Counts(
        predicted=7, predicted_strict=4, predicted_lax=4, gold=4, gold_strict=3, gold_lax=3
    )


def test_split_and_wrong_beads_count_as_hand_computed() -> None:
    predicted: list[Bead] = [
        ([0], [0]),  # strict hit
        ([1], [1]),  # part of gold [1]:[1, 2]: lax only
        ([], [2]),
        ([2], [3]),  # part of gold [2, 3]:[3]: lax only
        ([3, 4], [4]),  # de 3 is linked to fr 3 in the gold, not fr 4: wrong even laxly
        ([5], [5]),  # strict hit
    ]
    c = count_beads(GOLD, predicted)
    # Precision: 6 predicted, 2 strict, 4 lax (not [3, 4]:[4], not the stray []:[2]).
    # Recall: 4 gold beads, 2 found exactly; [1]:[1, 2] and [2, 3]:[3] touch predicted links.
    assert c == Counts(
        predicted=6, predicted_strict=2, predicted_lax=4, gold=4, gold_strict=2, gold_lax=4
    )
    s = c.scores()
    assert s.strict.precision == pytest.approx(2 / 6)
    assert s.strict.recall == pytest.approx(0.5)
    assert s.strict.f1 == pytest.approx(2 * (2 / 6) * 0.5 / (2 / 6 + 0.5))
    assert s.lax.precision == pytest.approx(4 / 6)
    assert s.lax.recall == pytest.approx(1.0)
    assert s.lax.f1 == pytest.approx(2 * (4 / 6) / (4 / 6 + 1))


def test_counts_are_summed_over_documents_before_dividing() -> None:
    doc_a: tuple[list[Bead], list[Bead]] = ([([0], [0])], [([0], [0])])  # 1/1
    doc_b: tuple[list[Bead], list[Bead]] = (
        [([0], [0]), ([1], [1]), ([2], [2])],
        [([0], [1]), ([1], [0]), ([2], [2])],
    )  # 1/3
    s = score_documents([doc_a, doc_b])
    # Averaging per document would give (1 + 1/3) / 2 = 0.667; summing gives 2/4.
    assert s.strict.precision == pytest.approx(0.5)
    assert s.strict.recall == pytest.approx(0.5)


def test_nothing_predicted_scores_zero_not_an_error() -> None:
    s = count_beads(GOLD, [([0], []), ([], [0])]).scores()
    assert (s.strict.precision, s.strict.recall, s.strict.f1, s.lax.f1) == (0.0, 0.0, 0.0, 0.0)


@pytest.mark.parametrize(
    "predicted",
    [
        [([0], [0]), ([1], [1]), ([2], [2, 3]), ([3, 4], [4]), ([5], [5])],
        [([0], [0]), ([1], []), ([], [1, 2]), ([2, 3], [3]), ([4], []), ([], [4]), ([5], [5])],
        [([0, 1], [0]), ([], [1]), ([], [2]), ([2], []), ([3], [3, 4]), ([4], []), ([5], [5])],
    ],
)
def test_agrees_with_the_reference_scorer_null_beads_included(predicted: list[Bead]) -> None:
    # The published Text+Berg figures were measured with this scorer (vecalign's).

    ours = score_documents([(GOLD, predicted), (GOLD, GOLD)])
    theirs = score_multiple()([GOLD, GOLD], [predicted, GOLD])
    for name in ("precision", "recall", "f1"):
        for kind in ("strict", "lax"):
            key = f"{name}_{kind}"
            assert getattr(getattr(ours, kind), name) == pytest.approx(theirs[key]), key
