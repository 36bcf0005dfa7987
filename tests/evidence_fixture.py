"""Evidence drawn by hand on the seed articles: clues that point at real words of real
sentences, as the comparable scorer will give them, so the model, the exports and the
reader can be tested on evidence before (and apart from) the scorer that makes it."""

from __future__ import annotations

import copy
import dataclasses
import re

import pytest

from aligner.model import Alignment, Clue, Document, Link, Side, Span
from aligner.seeds import load_seeds

# (source sentences, target doc, target sentences) -> clues, strongest first:
# (kind, source sentence, source words, target sentence, target words, label)
EVIDENCE: dict[
    tuple[tuple[int, ...], str, tuple[int, ...]], list[tuple[str, int, str, int, str, str]]
] = {
    ((3,), "voa", (13,)): [
        ("number", 3, "25", 13, "25", "25 = 25"),
        ("lexicon", 3, "breve", 13, "letters", "breve ≈ letters"),
    ],
    ((4,), "voa", (1,)): [
        ("name", 4, "Bob Woodward", 1, "Bob Woodward", "Woodward"),
        ("name", 4, "Washington Post", 1, "Washington Post", "Washington Post"),
        ("lexicon", 4, "bog", 1, "book", "bog ≈ book"),
    ],
    ((13,), "voa", (23,)): [
        ("name", 13, "Trump", 23, "Trump", "Trump"),
        ("lexicon", 13, "forelskede", 23, "fell in love", "forelskede ≈ fell in love"),
    ],
    ((13,), "alarabiya", (4,)): [
        ("lexicon", 13, "forelskede", 4, "fell in love", "forelskede ≈ fell in love"),
        ("name", 13, "Trump", 4, "Trump", "Trump"),
    ],
}


def span(doc: Document, sentence: int, words: str, *, translation: bool = False) -> Span:
    """Where ``words`` first stand, as whole words, in a sentence (or its translation)."""
    s = doc.sentences[sentence]
    text = s.translation if translation else s.text
    assert text is not None, f"{doc.id} #{sentence} has no translation"
    found = re.search(rf"(?<!\w){re.escape(words)}(?!\w)", text)
    assert found, f"{words!r} is not in {doc.id} #{sentence}: {text!r}"
    return Span(sentence, found.start(), found.end(), translation)


def with_evidence(alignment: Alignment) -> Alignment:
    """The same alignment, its links in :data:`EVIDENCE` carrying those clues."""
    src = alignment.source
    links = []
    for link in alignment.links:
        key = (link.source.sentences, link.target.doc, link.target.sentences)
        tgt = alignment.document(link.target.doc)
        clues = tuple(
            Clue(kind, span(src, s_id, s_words), span(tgt, t_id, t_words), label)
            for kind, s_id, s_words, t_id, t_words, label in EVIDENCE.get(key, [])
        )
        links.append(dataclasses.replace(link, evidence=clues))
    return dataclasses.replace(alignment, links=links)


def seed_links(documents: list[Document]) -> Alignment:
    """The seeds with one link per entry of :data:`EVIDENCE`, without the clues yet."""
    links = [
        Link(Side(documents[0].id, src), Side(doc, tgt), 0.9 - 0.1 * i)
        for i, (src, doc, tgt) in enumerate(EVIDENCE)
    ]
    return Alignment(documents=documents, links=links, mode="comparable")


@pytest.fixture(scope="session")
def seed_documents() -> list[Document]:
    return load_seeds()


@pytest.fixture
def explained(seed_documents: list[Document]) -> Alignment:
    """The seeds, one link per entry of :data:`EVIDENCE`, with its clues (a fresh copy)."""
    return with_evidence(seed_links(copy.deepcopy(seed_documents)))
