"""The NTREX-derived comparable dev set: seeded, split, and its gold true to its making."""

from __future__ import annotations

import re
from pathlib import Path

from aligner.evaluate.comparable_dev import SPLITS, build, read_pairs


def _bare(text: str) -> str:
    return re.sub(r"[^\w ]", "", text.lower())


def test_the_same_seed_builds_the_same_set_and_another_seed_another(ntrex_dir: Path) -> None:
    a, b, c = (
        build(ntrex_dir, "report"),
        build(ntrex_dir, "report"),
        build(ntrex_dir, "report", seed=1),
    )
    assert [t.text for x in a for t in x.targets] == [t.text for x in b for t in x.targets]
    assert [t.text for x in a for t in x.targets] != [t.text for x in c for t in x.targets]


def test_splits_do_not_share_a_document(ntrex_dir: Path) -> None:
    assert not set(SPLITS["train"]) & set(SPLITS["report"])
    train = build(ntrex_dir, "train")
    report = build(ntrex_dir, "report")
    assert {c.name for c in train} == {f"{n:03d}" for n in SPLITS["train"]}
    # Distractors come from the split's own documents: nothing of "report" trains.
    report_text = {line for n in SPLITS["report"] for line in read_pairs(ntrex_dir)[n][1]}
    for case in train:
        for doc in case.targets:
            assert not any(line in doc.text for line in report_text if len(line) > 40)
    assert len(report) == 20


def test_the_gold_follows_from_the_construction(ntrex_dir: Path) -> None:
    pairs = read_pairs(ntrex_dir)
    for case in build(ntrex_dir, "report"):
        da, en = pairs[int(case.name)]
        assert [s.text for s in case.source.sentences] == [line.strip() for line in da]
        docs = {d.id: d for d in case.targets}
        for s, doc, t in case.gold.same:
            sentence = docs[doc].sentences[t].text
            # The English sentence holds the translation, or a retelling of it: at least
            # its first or its last words (case and punctuation aside: joined to another,
            # it may start lower case, or lose its full stop).
            words = en[s].split()
            assert _bare(" ".join(words[:3])) in _bare(sentence) or _bare(
                " ".join(words[-3:])
            ) in _bare(sentence)
        # Every Danish sentence is either matched or unmatched, never both.
        matched = {s for s, _d, _t in case.gold.same}
        assert matched | case.gold.unmatched == set(range(len(da)))
        assert not matched & case.gold.unmatched
        # The third article tells another story: nothing in it is gold.
        off = case.targets[2].id
        assert off.endswith("x") and not any(d == off for _s, d, _t in case.gold.same)
        for doc in case.targets:
            assert all(doc.text[x.start : x.end] == x.text for x in doc.sentences)


def test_merged_sentences_read_as_one(ntrex_dir: Path) -> None:
    """Two facts in one sentence, as a writer joins them ("A, and b"): a full stop between
    them would leave two sentences in one, which no splitter makes of a real article."""
    merged = 0
    for case in build(ntrex_dir, "report"):
        docs = {d.id: d for d in case.targets}
        for doc, t in case.merged():
            merged += 1
            text = docs[doc].sentences[t].text
            assert ", and " in text and ", and i " not in text
    assert merged > 10
