"""Comparable mode on the seeds and the NTREX-derived dev set, against their gold.

The scorer's weights were trained on NTREX documents 000-039 and the seeds' gold
(``bench/comparable.py --train``); documents 040-059 were never trained or tuned on, so
the figures on them are held out. The floors sit a little under what was measured when
they were set (the bench prints the figures): they catch a regression, not a rounding.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from aligner.aligners import dictionary
from aligner.aligners.comparable import align_comparable, score_pairs
from aligner.aligners.features import NAMES
from aligner.documents import document_from_text
from aligner.embed import Encoder, load_encoder
from aligner.errors import InputError
from aligner.evaluate.calibration import expected_calibration_error
from aligner.evaluate.comparable_dev import Case, build, with_reference_translation
from aligner.evaluate.pair_gold import PairGold, link_rightness, pairs_of, pooled, score_links
from aligner.evaluate.scoring import f1
from aligner.model import Document, Link
from aligner.seeds import load_seeds

GOLD = Path(__file__).resolve().parent.parent / "data" / "seeds_gold.json"

# Seeds with the shipped weights (trained on them, so this is not held out): measured
# P 0.88, R 0.32 (with the dictionary installed P 0.83, R 0.32). Held out, leave one
# article out, the bench measured P 0.75, R 0.16 (0.64, 0.16).
SEEDS_PRECISION_FLOOR = 0.8
SEEDS_RECALL_FLOOR = 0.25
# NTREX report split (held out): measured P 0.93, R 0.94, ECE 0.054 (0.94, 0.94, 0.056).
NTREX_PRECISION_FLOOR = 0.88
NTREX_RECALL_FLOOR = 0.88
ECE_CEILING = 0.1


@pytest.fixture(scope="module")
def encoder() -> Encoder:
    return load_encoder()


@pytest.fixture(scope="module")
def seeds() -> list[Document]:
    return load_seeds()


@pytest.fixture(scope="module")
def gold() -> PairGold:
    return PairGold.load(GOLD)


@pytest.fixture(scope="module")
def direct_links(seeds: list[Document], encoder: Encoder) -> list[Link]:
    return align_comparable(seeds[0], seeds[1:], encoder, via="direct")


@pytest.fixture(scope="module")
def ntrex_report(ntrex_dir: Path, encoder: Encoder) -> list[tuple[Case, list[Link]]]:
    return [(c, align_comparable(c.source, c.targets, encoder)) for c in build(ntrex_dir, "report")]


def test_gold_matches_the_current_sentence_split(seeds: list[Document]) -> None:
    data: dict[str, Any] = json.loads(GOLD.read_text("utf-8"))
    docs = {d.id: d for d in seeds}
    for p in data["pairs"]:
        assert docs["da"].sentences[p["source"]].text == p["source_text"]
        assert docs[p["doc"]].sentences[p["target"]].text == p["target_text"]
        assert p["kind"] in ("same", "partial") and p["notes"]
    for u in data["unmatched"]:
        assert docs["da"].sentences[u["source"]].text == u["source_text"]
    linked = {p["source"] for p in data["pairs"]}
    unmatched = {u["source"] for u in data["unmatched"]}
    # Every Danish sentence is judged exactly once: linked or unmatched.
    assert linked | unmatched == set(range(len(docs["da"].sentences)))
    assert not linked & unmatched


def test_precision_and_recall_on_the_seeds(direct_links: list[Link], gold: PairGold) -> None:
    s = score_links(direct_links, gold)
    assert s.precision >= SEEDS_PRECISION_FLOOR, s
    assert s.recall >= SEEDS_RECALL_FLOOR, s


def test_sentences_without_counterpart_stay_unlinked(
    direct_links: list[Link], gold: PairGold
) -> None:
    linked = {s for s, _d, _t in pairs_of(direct_links)}
    assert len(gold.unmatched) == 5
    assert not gold.unmatched & linked, sorted(gold.unmatched & linked)


def test_held_out_ntrex_documents(ntrex_report: list[tuple[Case, list[Link]]]) -> None:
    s = pooled(score_links(links, case.gold) for case, links in ntrex_report)
    assert s.precision >= NTREX_PRECISION_FLOOR, s
    assert s.recall >= NTREX_RECALL_FLOOR, s
    # Measured: 12 links (10 with the dictionary) from the 64 Danish sentences whose
    # English was dropped.
    assert s.unmatched_linked <= 20, s
    # The article of another story gets little: measured 1 of 410 links (1 of 405).
    links = [lk for _case, links in ntrex_report for lk in links]
    off = [lk for lk in links if lk.target.doc.endswith("x")]
    assert len(off) <= 0.08 * len(links)


def test_a_fact_folded_into_a_longer_sentence_is_found_in_its_clause(
    ntrex_dir: Path, encoder: Encoder
) -> None:
    """Held-out NTREX cases: where two Danish sentences were told as one English sentence
    ("A, and b"), most Danish sentences are closer to a clause of it than to the whole
    (not all: where A has commas of its own, the clause holding b may hold part of A)."""
    cos, part = NAMES.index("cos"), NAMES.index("part_st")
    closer, merged = 0, 0
    for case in build(ntrex_dir, "report")[:8]:
        scored = score_pairs(case.source, case.targets, encoder)
        row = {u.sentences: r for r, u in enumerate(scored.source_units)}
        col = {(u.doc, u.sentences): c for c, u in enumerate(scored.target_units)}
        for (doc, t), sources in case.merged().items():
            for s in sources:
                f = scored.features[row[(s,)], col[(doc, (t,))]]
                merged += 1
                closer += int(f[part] > f[cos] + 0.01)
    # Measured: 23 of 32. Without the clauses, none.
    assert merged >= 10 and closer >= 0.6 * merged, (closer, merged)


def test_scores_are_probabilities_on_held_out_documents(
    ntrex_report: list[tuple[Case, list[Link]]],
) -> None:
    scored = [
        (lk.score, link_rightness(lk, case.gold)) for case, links in ntrex_report for lk in links
    ]
    assert len(scored) > 100
    assert expected_calibration_error(scored) <= ECE_CEILING


def test_links_are_well_formed(direct_links: list[Link], seeds: list[Document]) -> None:
    sizes = {d.id: len(d.sentences) for d in seeds}
    assert direct_links
    for link in direct_links:
        assert 0.0 <= link.score <= 1.0
        assert link.source.doc == "da" and link.target.doc in sizes
        assert 1 <= len(link.source.sentences) <= 3 and 1 <= len(link.target.sentences) <= 3
        for side in (link.source, link.target):
            ids = list(side.sentences)
            assert ids == list(range(ids[0], ids[0] + len(ids)))  # consecutive
            assert all(0 <= i < sizes[side.doc] for i in ids)
    # One-to-many across articles: some Danish sentence reaches several articles.
    reach: dict[int, set[str]] = {}
    for link in direct_links:
        for s in link.source.sentences:
            reach.setdefault(s, set()).add(link.target.doc)
    assert max(len(v) for v in reach.values()) >= 2


def test_numbers_decide_between_look_alikes(direct_links: list[Link]) -> None:
    # "I alt 25 breve" states VOA's "25 Trump-Kim letters", not the Hankyoreh's 27 letters.
    pairs = pairs_of(direct_links)
    assert (3, "voa", 13) in pairs
    assert not any(s == 3 and d == "hankyoreh" for s, d, _t in pairs)


def test_links_explain_themselves(direct_links: list[Link], seeds: list[Document]) -> None:
    docs = {d.id: d for d in seeds}
    (link,) = [lk for lk in direct_links if lk.source.sentences == (3,) and lk.target.doc == "voa"]
    labels = [c.label for c in link.evidence]
    assert "25 = 25" in labels, labels
    for clue in link.evidence:
        src = docs["da"].sentences[clue.source.sentence]
        tgt = docs[link.target.doc].sentences[clue.target.sentence]
        assert clue.source.sentence in link.source.sentences
        assert clue.target.sentence in link.target.sentences
        said = src.text[clue.source.start : clue.source.end]
        told = tgt.text[clue.target.start : clue.target.end]
        assert said and told and (said in clue.label or told in clue.label), clue
    every = [c for lk in direct_links for c in lk.evidence]
    assert sum(c.kind == "number" for c in every) >= 3
    assert any(c.kind in ("lexicon", "dictionary", "word") for c in every)


@pytest.mark.skipif(
    not dictionary.available("da", "en"),
    reason="dict-freedict-dan-eng is not installed (or ALIGNER_DICTIONARY=off)",
)
def test_a_pair_the_dictionary_lists_is_shown_though_common(direct_links: list[Link]) -> None:
    # "breve" / "letters" are too common for an encoder-induced pair to be shown; the
    # dictionary lists them, so the reader sees the word that carried the link.
    (link,) = [lk for lk in direct_links if lk.source.sentences == (3,) and lk.target.doc == "voa"]
    kinds = {c.label: c.kind for c in link.evidence}
    assert kinds.get("breve ≈ letters") == "dictionary", kinds


@pytest.mark.parametrize(
    "text",
    [
        # Weather, in Danish: the same language as the source, nothing of the story.
        "Vejret bliver koldt i weekenden. Meteorologerne venter frost i Jylland natten til "
        "lørdag og sne på Bornholm. Temperaturen falder til minus fem grader.",
        "東京では週末に雪が降る見込みです。気象庁は交通機関の乱れに注意するよう呼びかけています。",
        "В Москве в выходные ожидается снег. Синоптики предупреждают о гололедице на дорогах.",
    ],
)
def test_an_article_of_another_story_gets_no_link(
    text: str, seeds: list[Document], encoder: Encoder
) -> None:
    other = document_from_text(text, doc_id="other")
    links = align_comparable(other, seeds[1:2], encoder)
    assert links == []
    links = align_comparable(seeds[0], [other], encoder)
    assert links == []


def _translated(seeds: list[Document]) -> Document:
    """A fresh source whose translations are the gold's human reference translation.

    The product never fakes a translation (it comes from an Argos model); this only
    exercises the translation signal."""
    src = load_seeds()[0]
    reference = json.loads(GOLD.read_text("utf-8"))["reference_translation"]
    assert len(src.sentences) == len(reference)
    for s, t in zip(src.sentences, reference, strict=True):
        s.translation = t
    return src


@pytest.mark.parametrize(
    "with_dictionary",
    [
        pytest.param(False, id="no-dictionary"),
        pytest.param(
            True,
            id="dictionary",
            marks=pytest.mark.skipif(
                not dictionary.available("da", "en"),
                reason="dict-freedict-dan-eng is not installed (or ALIGNER_DICTIONARY=off)",
            ),
        ),
    ],
)
def test_a_better_translation_can_only_add(
    seeds: list[Document],
    encoder: Encoder,
    gold: PairGold,
    with_dictionary: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if not with_dictionary:
        # What every user without FreeDict's dictionary gets, whatever this machine has.
        monkeypatch.setenv("ALIGNER_DICTIONARY", "off")
    src = _translated(seeds)
    direct = score_links(align_comparable(src, seeds[1:], encoder, via="direct"), gold)
    links = align_comparable(src, seeds[1:], encoder, via="both")
    both = score_links(links, gold)
    assert all(0.0 <= lk.score <= 1.0 for lk in links)
    # Measured with the shipped weights (in sample), direct / both: F1 0.464 / 0.502,
    # recall 0.32 / 0.37, 14 / 15 right pairs of 16 / 19; with the dictionary F1 0.458 /
    # 0.455, recall 0.32 each, 10 / 13 right pairs of 12 / 16. 19 pairs cannot show a
    # small gain; the held-out NTREX test below shows it on 600 links. Here: no fact
    # lost, no fewer right pairs, and F1 no lower than direct's would be with one wrong
    # link more (precision alone can fall while F1 rises: 15 of 19 against 14 of 16).
    assert both.recall >= direct.recall and both.correct >= direct.correct, (both, direct)
    one_more_wrong = f1(direct.correct / (direct.predicted + 1), direct.recall)
    assert both.f1 >= one_more_wrong, (both, direct)
    assert both.unmatched_linked == 0
    # Clues found in the translation point into it.
    assert any(c.source.translation for lk in links for c in lk.evidence)


def test_a_perfect_translation_lifts_the_held_out_links(
    ntrex_dir: Path, ntrex_report: list[tuple[Case, list[Link]]], encoder: Encoder
) -> None:
    """The NTREX report split (never trained or tuned on), each Danish line translated
    by its own English line: the best translation there can be must not cost precision
    and must find more (it once cost 0.12 of precision: the English-English comparison
    raised every pair, so the scorer trained on Danish-English trusted wrong ones)."""
    direct = pooled(score_links(links, case.gold) for case, links in ntrex_report)
    cases = with_reference_translation(ntrex_dir, build(ntrex_dir, "report"))
    scores = {
        via: pooled(
            score_links(align_comparable(c.source, c.targets, encoder, via=via), c.gold)
            for c in cases
        )
        for via in ("both", "translation")
    }
    both, alone = scores["both"], scores["translation"]
    # Measured: F1 0.939 direct, 0.954 both (P 0.936, R 0.973), 0.949 translation alone;
    # with the dictionary 0.938, 0.958, 0.952. With the stronger evidence of the two
    # taken as it was (no dictionary, before merged sentences were joined as writers
    # join them and clauses were a signal): 0.889 (P 0.813) and 0.918.
    assert both.f1 > direct.f1 and both.recall >= direct.recall + 0.01, (both, direct)
    assert both.precision >= direct.precision - 0.02, (both, direct)
    assert both.unmatched_linked <= direct.unmatched_linked + 3, (both, direct)
    assert alone.f1 > direct.f1 and alone.precision >= direct.precision - 0.03, (alone, direct)


def test_translation_alone_links_the_clear_facts(seeds: list[Document], encoder: Encoder) -> None:
    src = _translated(seeds)
    pairs = pairs_of(align_comparable(src, seeds[1:], encoder, via="translation"))
    # 25 letters, the 2019 summit in Vietnam / Hanoi.
    for pair in [(3, "voa", 13), (16, "voa", 39)]:
        assert pair in pairs


def test_translation_needs_translations(seeds: list[Document], encoder: Encoder) -> None:
    with pytest.raises(InputError):
        align_comparable(seeds[0], seeds[1:], encoder, via="translation")
    with pytest.raises(InputError):
        align_comparable(seeds[0], seeds[1:], encoder, via="sideways")


def test_tiny_documents_give_a_sensible_answer(encoder: Encoder) -> None:
    src = document_from_text("Trump mødte Kim i Hanoi i 2019.", lang="da", doc_id="da")
    same = document_from_text("Trump met Kim in Hanoi in 2019.", lang="en", doc_id="a")
    other = document_from_text(
        "Apples are cheap this autumn. Farmers blame the weather.", lang="en", doc_id="b"
    )
    links = align_comparable(src, [same, other], encoder)
    assert [(lk.target.doc, lk.target.sentences) for lk in links] == [("a", (0,))]


def test_book_length_input_is_refused_before_any_encoding() -> None:
    class NoEncoder:
        id = "none"

        def encode(self, texts: object) -> object:
            raise AssertionError("must not encode")

    text = " ".join(f"Trump met Kim in Hanoi on day {i}." for i in range(3000))
    big = document_from_text(text, lang="en", doc_id="big")
    with pytest.raises(InputError, match="too long for comparable mode"):
        align_comparable(big, [big, big], NoEncoder())  # type: ignore[arg-type]
