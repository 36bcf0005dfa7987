"""Our port of bertalign's dynamic programme gives the package's own beads on real text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from aligner.aligners.parallel import DEFAULT_PARAMS, _lines
from aligner.aligners.parallel_windows import WindowVectors, encode_sentences
from aligner.aligners.twopass import DPSettings, first_pass, second_pass, top_k
from aligner.embed import load_encoder
from aligner.evaluate.textberg import find_gold_docs


def _windows(name: str, textberg_dir: Path) -> tuple[WindowVectors, WindowVectors]:
    (doc,) = find_gold_docs(textberg_dir, [name])
    src, tgt, _ = doc.read()
    encoder = load_encoder()
    a, _ = _lines(src, DEFAULT_PARAMS.min_content)
    b, _ = _lines(tgt, DEFAULT_PARAMS.min_content)
    va, vb = encode_sentences(encoder, a, b)
    sides = WindowVectors(a, 4, va), WindowVectors(b, 4, vb)
    for side in sides:
        side.encode_all(encoder)
    return sides


@pytest.mark.parametrize("skip", [-0.1, -0.01])
def test_beads_equal_bertalign_s_on_the_same_vectors(textberg_dir: Path, skip: float) -> None:
    from bertalign import Bertalign
    from bertalign import Encoder as BertalignEncoder

    src, tgt = _windows("test4", textberg_dir)

    class Given(BertalignEncoder):  # type: ignore[misc]
        """bertalign's encoder interface, answering with the vectors we already have."""

        def __init__(self) -> None:  # not the parent's: it would load LaBSE
            self.model_name = "given"

        def transform(
            self, sents: Sequence[str], num_overlaps: int
        ) -> tuple[np.ndarray, np.ndarray]:
            side = src if list(sents) == src.lines else tgt
            return side.vecs, side.lens

    theirs = Bertalign(
        "\n".join(src.lines),
        "\n".join(tgt.lines),
        is_split=True,
        model=Given(),
        skip=skip,
        max_align=5,
        top_k=3,
        win=5,
        margin=True,
        len_penalty=True,
    ).align_sents()
    s = replace(DPSettings(), skip_source=skip, skip_target=skip)
    ours = second_pass(
        src.vecs, tgt.vecs, src.lens, tgt.lens, first_pass(src.vecs[0], tgt.vecs[0], s), s
    )
    assert ours == theirs
    assert any(len(a) != 1 or len(b) != 1 for a, b in ours), "a real text has more than 1-1"


def test_top_k_in_blocks_equals_the_full_matrix() -> None:
    rng = np.random.default_rng(9)
    a = rng.standard_normal((2100, 16)).astype(np.float32)
    b = rng.standard_normal((700, 16)).astype(np.float32)
    scores, index = top_k(a, b, 3)
    full = a @ b.T
    expected = np.argsort(-full, axis=1, kind="stable")[:, :3]
    assert np.array_equal(index, expected)
    assert np.allclose(scores, np.take_along_axis(full, expected, axis=1))
