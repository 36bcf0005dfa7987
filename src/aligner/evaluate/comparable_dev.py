"""A comparable dev set made from line-aligned news (NTREX-128 da-en), by a seeded recipe.

Real comparable articles are rare and their gold is costly, so each line-aligned document
is turned into what comparable coverage looks like: the Danish side kept whole, and
several English "articles" about it, each telling a different subset of the facts in
another order:

* two variants of the document's own English side, each with about 40% of its sentences
  dropped, the rest shuffled, some neighbours merged into one sentence, half of them
  retold (part left out, or part of another story's sentence joined on, as another
  article tells a fact with less or more around it), and a few sentences of other
  documents (same kind of news, wrong facts) inserted;
* one article of another story altogether (the same recipe on another document), which
  should get no link at all.

The gold follows from the construction: a Danish sentence matches every English sentence
that holds its own translation; one whose translation was dropped everywhere has no
counterpart. Documents ``000``-``039`` are for training and tuning, ``040``-``059`` for
reporting only (:data:`SPLITS`).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from aligner.aligners.windows import Unit
from aligner.evaluate.pair_gold import PairGold
from aligner.model import Document, Sentence

#: Which documents train and tune, and which are only ever reported.
SPLITS = {"train": range(0, 40), "report": range(40, 60)}
DROP = 0.4
MERGE = 0.15
INSERTED = (1, 3)
#: A retold sentence keeps at least this share of its words.
SHORTEN = 0.6


@dataclass(slots=True)
class Case:
    """One Danish document, its English coverage, and the gold linking them."""

    name: str
    source: Document
    targets: list[Document]
    gold: PairGold

    def merged(self) -> dict[tuple[str, int], set[int]]:
        """The English sentences (article, index) that tell two Danish sentences, and
        which two."""
        holders: dict[tuple[str, int], set[int]] = {}
        for s, doc, t in self.gold.same:
            holders.setdefault((doc, t), set()).add(s)
        return {k: v for k, v in holders.items() if len(v) == 2}


def read_pairs(folder: Path) -> dict[int, tuple[list[str], list[str]]]:
    """``NNN.da`` / ``NNN.en`` line pairs by document number."""
    out = {}
    for da in sorted(folder.glob("*.da")):
        en = da.with_suffix(".en")
        da_lines = da.read_text("utf-8").splitlines()
        en_lines = en.read_text("utf-8").splitlines()
        if len(da_lines) != len(en_lines):
            raise ValueError(f"{da.name} and {en.name} differ in length")
        out[int(da.stem)] = (da_lines, en_lines)
    return out


def build(folder: Path, split: str, *, seed: int = 0) -> list[Case]:
    """The cases of one split (``"train"`` or ``"report"``), the same for the same seed."""
    pairs = read_pairs(folder)
    numbers = [n for n in SPLITS[split] if n in pairs]
    # Insertions and the off-story article come from the same split: the report split
    # never leaks into training through a distractor.
    return [_case(n, pairs, numbers, random.Random(f"{seed}:{n}")) for n in numbers]


def with_reference_translation(folder: Path, cases: Sequence[Case]) -> list[Case]:
    """``cases`` with each Danish sentence's translation filled in from its own English
    line: a perfect translation (better than any model's: the targets' sentences that
    were not retold are its very words), to measure what the translation signal can
    add. The product never fills translations this way; ``cases`` are changed in place."""
    pairs = read_pairs(folder)
    for case in cases:
        english = pairs[int(case.name)][1]
        for sentence, line in zip(case.source.sentences, english, strict=True):
            sentence.translation = line.strip()
    return list(cases)


def _case(
    n: int, pairs: dict[int, tuple[list[str], list[str]]], pool: Sequence[int], rng: random.Random
) -> Case:
    da_lines, en_lines = pairs[n]
    source = _document(f"da{n:03d}", "da", da_lines, rng)
    others = [m for m in pool if m != n]
    targets: list[Document] = []
    same: set[tuple[int, str, int]] = set()
    for k in range(2):
        doc_id = f"en{n:03d}{'ab'[k]}"
        sentences = _variant(en_lines, [pairs[m][1] for m in rng.sample(others, 2)], rng)
        doc = _document(doc_id, "en", [t for _g, t in sentences], rng)
        targets.append(doc)
        for t, (origin, _text) in enumerate(sentences):
            same.update((i, doc_id, t) for i in origin)
    off = rng.choice(others)
    off_lines = pairs[off][1]
    off_sentences = _variant(off_lines, [pairs[m][1] for m in rng.sample(others, 2)], rng)
    targets.append(_document(f"en{off:03d}x", "en", [t for _g, t in off_sentences], rng))
    matched = {i for i, _d, _t in same}
    gold = PairGold(frozenset(same), frozenset(), frozenset(set(range(len(da_lines))) - matched))
    return Case(f"{n:03d}", source, targets, gold)


def _variant(
    lines: list[str], elsewhere: list[list[str]], rng: random.Random
) -> list[tuple[tuple[int, ...], str]]:
    """Sentences of one English variant: (original line numbers it holds, or () for an
    inserted one, and its text)."""
    kept = [i for i in range(len(lines)) if rng.random() >= DROP] or [rng.randrange(len(lines))]
    rng.shuffle(kept)
    out: list[tuple[tuple[int, ...], str]] = []
    i = 0
    while i < len(kept):
        if i + 1 < len(kept) and rng.random() < MERGE:
            group: tuple[int, ...] = (kept[i], kept[i + 1])
            i += 2
        else:
            group = (kept[i],)
            i += 1
        text = _joined([lines[g].strip() for g in group])
        out.append(
            (group, _retell(text, rng.choice(rng.choice(elsewhere)), rng, shorten=len(group) == 1))
        )
    for _ in range(rng.randint(*INSERTED)):
        other = rng.choice(elsewhere)
        out.insert(rng.randrange(len(out) + 1), ((), rng.choice(other).strip()))
    return out


#: Words that start a sentence and are lower case inside one.
_FUNCTION_WORDS = frozenset(
    (
        *("a", "an", "the", "it", "its", "he", "she", "they", "their", "there", "this"),
        *("that", "these", "those", "we", "his", "her", "in", "on", "at", "as"),
        *("after", "for", "but", "one", "some", "many", "most", "while", "when", "if"),
    )
)


def _joined(sentences: list[str]) -> str:
    """Neighbours told as one sentence, as a writer joins two facts: "A, and b". Joined
    with their full stops, as they once were, they made two sentences in one, which no
    splitter leaves in a real article, and which a clause split found by the full stop."""
    if len(sentences) == 1:
        return sentences[0]
    first, second = sentences
    word = second.split()[0] if second.split() else ""
    if word.lower() in _FUNCTION_WORDS:
        second = word.lower() + second[len(word) :]
    return f"{first.rstrip('.!?')}, and {second}"


def _retell(text: str, other: str, rng: random.Random, *, shorten: bool) -> str:
    """Tell a fact as another article might: leave part of the sentence out, or say more
    (part of another story's sentence joined on), or both; half the sentences stay whole.
    Merged sentences are never shortened: each half must keep its own fact.

    Without this every true pair would be a full translation, and a scorer trained on
    them would ask comparable articles for a likeness they never have."""
    words = text.split()
    roll = rng.random()
    if roll < 0.5 or len(words) < 6:
        return text
    if shorten and (roll < 0.75 or roll >= 0.9):
        keep = max(4, round(len(words) * rng.uniform(SHORTEN, 0.9)))
        start = rng.choice((0, len(words) - keep))
        words = words[start : start + keep]
    if roll >= 0.75:
        extra = other.split()
        extra = extra[: max(3, round(len(extra) * rng.uniform(0.3, 0.7)))]
        words = [*words, "and", *extra]
    return " ".join(words)


def _document(doc_id: str, lang: str, sentences: list[str], rng: random.Random) -> Document:
    """A Document of these sentences, in paragraphs of one to three as news is written."""
    parts: list[str] = []
    out: list[Sentence] = []
    pos = 0
    para = 0
    left = rng.randint(1, 3)
    for k, sentence in enumerate(sentences):
        text = sentence.strip()
        if k:
            sep = " "
            if left == 0:
                sep, para, left = "\n\n", para + 1, rng.randint(1, 3)
            parts.append(sep)
            pos += len(sep)
        out.append(Sentence(id=k, text=text, start=pos, end=pos + len(text), paragraph=para))
        parts.append(text)
        pos += len(text)
        left -= 1
    return Document(id=doc_id, lang=lang, text="".join(parts), sentences=out)


def unit_labels(
    source_units: Sequence[Unit], target_units: Sequence[Unit], gold: PairGold
) -> NDArray[np.float32]:
    """``labels[r, c]``: 1 where every sentence of each unit has a 'same' counterpart in the
    other unit, 0 where no pair of theirs is in the gold, NaN for the rest (partly right,
    or 'partial' only: neither to learn from nor to hold against)."""
    accepted = gold.same | gold.partial
    out = np.zeros((len(source_units), len(target_units)), dtype=np.float32)
    for r, su in enumerate(source_units):
        for c, tu in enumerate(target_units):
            pairs = {(s, tu.doc, t) for s in su.sentences for t in tu.sentences}
            hit = pairs & gold.same
            if all(any((s, tu.doc, t) in hit for t in tu.sentences) for s in su.sentences) and all(
                any((s, tu.doc, t) in hit for s in su.sentences) for t in tu.sentences
            ):
                out[r, c] = 1.0
            elif pairs & accepted:
                out[r, c] = np.nan
    return out
