"""How two comparisons of the same pairs combine: an order from them, values from the direct one."""

from __future__ import annotations

import numpy as np

from aligner.aligners.combine import average_ranks, combine, quantile_map


def test_ties_share_their_mean_rank() -> None:
    assert average_ranks(np.array([0.0, 0.5, 0.0, 0.9])).tolist() == [1.5, 3.0, 1.5, 4.0]


def test_quantile_map_keeps_the_reference_values_in_the_given_order() -> None:
    rng = np.random.default_rng(0)
    reference = rng.normal(0.8, 0.05, size=(6, 7)).astype(np.float32)
    order = rng.normal(size=(6, 7))
    mapped = quantile_map(order, reference)
    assert mapped.shape == reference.shape
    # The scorer sees the values it was trained on ...
    assert np.allclose(np.sort(mapped, axis=None), np.sort(reference, axis=None))
    # ... ranked as the other comparison ranks the pairs.
    assert (np.argsort(mapped, axis=None) == np.argsort(order, axis=None)).all()


def test_a_uniformly_higher_comparison_raises_no_value() -> None:
    # English against English gives every pair a higher cosine than Danish against
    # English; taken as it is, it would raise wrong pairs with the true ones.
    direct = np.array([[0.80, 0.78], [0.79, 0.83]], dtype=np.float32)
    translation = direct + 0.1
    assert np.allclose(combine(direct, translation, keep_direct=True), direct)
    assert np.allclose(combine(direct, translation, keep_direct=False), direct)


def test_the_translation_reorders_and_the_direct_one_outvotes_a_poor_one() -> None:
    direct = np.array([[0.9, 0.5, 0.1]], dtype=np.float32)
    sure = np.array([[0.1, 0.2, 3.0]])  # the translation is sure the last pair is the one
    alone = combine(direct, sure, keep_direct=False)
    assert np.allclose(alone, [[0.1, 0.5, 0.9]]) and alone.dtype == np.float32
    # Averaged z-scores: the last pair rises past the middle one, but the direct
    # comparison's clear best stays best while the translation alone backs the other.
    both = combine(direct, sure, keep_direct=True)
    assert np.allclose(both, [[0.9, 0.1, 0.5]])


def test_a_constant_feature_stays_constant() -> None:
    direct = np.full((3, 4), 0.85, dtype=np.float32)
    translation = np.random.default_rng(1).random((3, 4))
    assert np.allclose(combine(direct, translation, keep_direct=True), 0.85)
