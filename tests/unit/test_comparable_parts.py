"""The pieces of comparable mode: margin, anchors, windows, selection, gold scoring."""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from aligner.aligners.anchors import anchors, conflicts, fold
from aligner.aligners.comparable import DEFAULT, Scored, select_links, unit_vectors
from aligner.aligners.features import NAMES
from aligner.aligners.margin import knn_mean, ratio_margin
from aligner.aligners.parts import best_part, clauses
from aligner.aligners.windows import Unit, units
from aligner.documents import document_from_text
from aligner.embed import Vectors, normalise
from aligner.evaluate.pair_gold import (
    PairGold,
    choose_threshold,
    leave_one_out,
    pooled,
    score_links,
)
from aligner.model import Link, Side


def test_margin_prefers_the_pair_that_stands_out() -> None:
    # Row 0 is close to everything (a hub); row 1 is close to column 1 only.
    sim = np.array([[0.90, 0.91, 0.90], [0.70, 0.88, 0.70]], dtype=np.float32)
    m = ratio_margin(sim, k=2)
    assert sim[0, 1] > sim[1, 1]
    assert m[1, 1] > m[0, 1]
    assert m[1, 1] > 0 > m[1, 0]


def test_knn_mean_takes_the_k_largest() -> None:
    sim = np.array([[1.0, 0.0, 0.5, 0.25]], dtype=np.float32)
    assert knn_mean(sim, 2, axis=1).tolist() == [0.75]
    assert knn_mean(sim, 10, axis=1).tolist() == [0.4375]


def test_anchors_read_numbers_words_and_names() -> None:
    da = anchors("Trump har mødtes med Kim tre gange og fået 25 breve i 2019.", "da")
    en = anchors("Trump met Kim three times and got 25 letters in 2019.", "en")
    assert {"#3", "#25", "#2019"} <= da.tokens & en.tokens
    assert da.counts == {3, 25} and da.years == {2019}
    assert fold("Præsident") == "praesident"


def test_counts_that_disagree_conflict_and_years_do_not() -> None:
    a = [anchors("I alt 25 breve.", "da")]
    b = [
        anchors("Woodward obtained 25 letters.", "en"),
        anchors("The journal published 27 letters.", "en"),
        anchors("The summit took place in 2019.", "en"),
    ]
    assert conflicts(a, b).tolist() == [[False, True, False]]


def test_windows_stay_inside_paragraphs() -> None:
    doc = document_from_text("One is here. Two is here.\n\nThree is here.", lang="en")
    got = [u.sentences for u in units(doc, max_window=3)]
    assert got == [(0,), (1,), (2,), (0, 1)]
    for s in doc.sentences:
        s.translation = f"t{s.id}"
    assert units(doc, 2)[-1].translation == "t0 t1"


def test_short_words_anchor_only_within_one_language() -> None:
    across = anchors("Trump and Kim fell in love.", "en")
    within = anchors("Trump and Kim fell in love.", "en", min_len=3)
    assert "love" not in across.tokens and "fell" not in across.tokens
    assert {"love", "fell", "and"} <= within.tokens


def test_days_of_the_month_are_not_counts() -> None:
    a = anchors("Talks on Oct. 5, 2019 and on 15. september failed; 3 rounds.", "en")
    assert a.counts == {3}
    assert {"#5", "#15"} <= a.tokens


def _unit(doc: str, *ids: int) -> Unit:
    return Unit(doc=doc, sentences=ids, text=" ".join(f"sentence number {i} here" for i in ids))


def _scored(src: list[Unit], tgt: list[Unit], prob: list[list[float]]) -> Scored:
    p = np.array(prob, dtype=np.float32)
    return Scored(src, tgt, p, np.zeros((*p.shape, len(NAMES)), np.float32), {}, [])


def test_selection_is_best_first_thresholded_and_skips_echoes() -> None:
    src = [_unit("da", 0), _unit("da", 1), _unit("da", 2), _unit("da", 0, 1)]
    tgt = [_unit("en", 0), _unit("en", 1), _unit("en", 2), _unit("en", 1, 2)]
    m = [[0.01] * 4 for _ in range(4)]
    m[0][0] = 0.95  # clear
    m[3][0] = 0.9  # the window (0, 1) -> 0 echoes the link above: skipped
    m[1][3] = 0.85  # sentence 1 -> window (1, 2)
    m[1][1] = 0.8  # overlaps the window just taken: skipped
    m[2][2] = 0.3  # under the threshold: sentence 2 stays unmatched
    links = select_links(_scored(src, tgt, m), DEFAULT)
    got = [(lk.source.sentences, lk.target.sentences) for lk in links]
    assert got == [((0,), (0,)), ((1,), (1, 2))]
    assert [lk.score for lk in links] == [0.95, 0.85]


def test_a_second_link_needs_the_target_to_have_no_better_match() -> None:
    src = [_unit("da", 0), _unit("da", 1)]
    tgt = [_unit("en", 0), _unit("en", 5), _unit("en", 9), _unit("fr", 0)]
    m = [
        [0.95, 0.9, 0.85, 0.8],
        [0.01, 0.01, 0.9, 0.01],  # en 9 is sentence 1's match, not sentence 0's
    ]
    links = select_links(_scored(src, tgt, m), replace(DEFAULT, per_doc=2))
    assert [(lk.source.sentences, lk.target.doc, lk.target.sentences) for lk in links] == [
        ((0,), "en", (0,)),
        ((0,), "en", (5,)),  # en 5 has no better match: a fact told twice
        ((0,), "fr", (0,)),
        ((1,), "en", (9,)),
    ]
    # Lower: en 9 would be sentence 0's third link in one article, and is 1's anyway.
    assert len(select_links(_scored(src, tgt, m), replace(DEFAULT, per_doc=1))) == 3


def test_a_threshold_only_removes_links() -> None:
    # Best first: what is kept at a high threshold is kept, unchanged, at a lower one.
    src = [_unit("da", i) for i in range(3)] + [_unit("da", 0, 1)]
    tgt = [_unit("en", i) for i in range(3)] + [_unit("en", 0, 1)]
    rng = np.random.default_rng(0)
    m = rng.random((4, 4)).tolist()
    low = select_links(_scored(src, tgt, m), replace(DEFAULT, threshold=0.2))
    high = select_links(_scored(src, tgt, m), replace(DEFAULT, threshold=0.6))
    assert high == [lk for lk in low if lk.score >= 0.6]


def test_capitals_after_a_sentence_end_are_not_names() -> None:
    a = anchors('Det er flotte breve. Vi tror det, sagde Kim. "Han er god", sagde Moon.', "da")
    assert {"kim", "moon"} <= a.tokens
    assert not {"vi", "han", "det"} & a.tokens


def _link(s: int, doc: str, t: int, score: float = 0.9) -> Link:
    return Link(Side("da", (s,)), Side(doc, (t,)), score)


GOLD = PairGold(
    same=frozenset({(0, "a", 0), (1, "a", 1), (2, "b", 0)}),
    partial=frozenset({(0, "b", 1)}),
    unmatched=frozenset({3}),
)


def test_scores_restricted_to_some_articles() -> None:
    links = [_link(0, "a", 0), _link(3, "a", 2), _link(0, "b", 1), _link(2, "b", 5)]
    on_a = score_links(links, GOLD.restricted(["a"]), ["a"])
    assert (on_a.predicted, on_a.correct, on_a.found, on_a.gold) == (2, 1, 1, 2)
    assert on_a.unmatched_linked == 1
    on_b = score_links(links, GOLD.restricted(["b"]), ["b"])
    assert (on_b.predicted, on_b.correct, on_b.found, on_b.gold) == (2, 1, 0, 1)
    both = pooled([on_a, on_b])
    whole = score_links(links, GOLD)
    assert (both.precision, both.recall) == (whole.precision, whole.recall) == (0.5, 1 / 3)


def test_thresholds_are_chosen_without_the_held_out_article() -> None:
    # At 0.2 the matcher finds a's pairs only; at 0.1 it also finds b's, with a wrong one.
    def links_at(t: float) -> list[Link]:
        out = [_link(0, "a", 0), _link(1, "a", 1)]
        if t < 0.15:
            out += [_link(2, "b", 0), _link(2, "a", 7)]
        return out

    t, s = choose_threshold(links_at, GOLD, [0.1, 0.2], ["a"])
    assert (t, s.f1) == (0.2, 1.0)  # a's gold prefers the cautious threshold
    folds = {f.doc: f for f in leave_one_out(links_at, GOLD, [0.1, 0.2], ["a", "b"])}
    assert folds["a"].threshold == 0.1  # chosen on b, which needs the low threshold
    assert folds["a"].scores.precision == 2 / 3
    assert folds["b"].threshold == 0.2  # chosen on a: b's pair is then missed
    assert folds["b"].scores.recall == 0.0


class _Recording:
    """Each distinct text its own fixed direction; remembers what it was asked."""

    id = "recording"

    def __init__(self) -> None:
        self.asked: list[str] = []

    def encode(self, texts: Sequence[str]) -> Vectors:
        self.asked += texts
        rows = [np.random.default_rng(zlib.crc32(t.encode())).normal(size=8) for t in texts]
        return normalise(np.array(rows))


def test_a_window_is_the_sum_of_its_sentences_and_never_encoded_itself() -> None:
    enc = _Recording()
    got = unit_vectors([["Kim wrote.", "Trump answered."], ["Kim wrote."]], enc)
    assert sorted(enc.asked) == ["Kim wrote.", "Trump answered."]  # each once, no window
    one = unit_vectors([["Kim wrote."]], enc)[0]
    two = unit_vectors([["Trump answered."]], enc)[0]
    assert np.allclose(got[1], one)
    assert np.allclose(got[0], (one + two) / np.linalg.norm(one + two), atol=1e-6)


def test_clauses_cut_at_commas_and_dashes_and_keep_short_pieces_joined() -> None:
    assert clauses("Kim sent a letter to Trump, and Trump called it beautiful.") == [
        "Kim sent a letter to Trump,",
        "and Trump called it beautiful.",
    ]
    assert clauses("Kim wrote letters - many of them - to the American president.") == [
        "Kim wrote letters many of them",
        "to the American president.",
    ]
    # "he said," is no fact of its own; a sentence of one clause has no parts.
    assert clauses("The letters, he said, were beautiful.") == []
    assert clauses("De mødtes i Singapore i 2018, og de skrev breve hele året.") == [
        "De mødtes i Singapore i 2018,",
        "og de skrev breve hele året.",
    ]


def test_the_best_part_is_a_clause_or_a_sentence_of_the_unit() -> None:
    enc = _Recording()
    long = "Kim sent a letter to Trump, and Trump called it beautiful."
    other = "Markets fell on Monday."
    window = [other, "The summit was in Hanoi."]
    asked = enc.encode(["and Trump called it beautiful.", "The summit was in Hanoi."])
    enc.asked = []
    part = best_part(asked, [[long], [other], window], enc)
    whole = asked @ enc.encode([long, other]).T
    # The clause itself is found in the long sentence; the window holds the sentence.
    assert np.isclose(part[0, 0], 1.0) and part[0, 0] > whole[0, 0]
    assert np.isclose(part[1, 2], 1.0)
    # A sentence of one clause is only itself.
    assert np.isclose(part[0, 1], whole[0, 1])
    assert part.shape == (2, 3) and (part >= -1.0).all()
