"""``--mode auto``: the seeds are comparable, a Text+Berg pair is parallel."""

from __future__ import annotations

from pathlib import Path

import pytest

from aligner.aligners.auto import choose_mode, translates
from aligner.documents import document_from_text
from aligner.embed import Encoder, load_encoder
from aligner.model import Document
from aligner.seeds import load_seeds

LINES = 80  # a prefix keeps the test fast; the decision only looks at a prefix anyway


@pytest.fixture(scope="module")
def encoder() -> Encoder:
    return load_encoder()


def _textberg(d: Path, name: str, lang: str) -> Document:
    lines = (d / f"{name}.{lang}").read_text("utf-8").splitlines()[:LINES]
    return document_from_text(
        "\n".join(lines), lang=lang, doc_id=f"{name}.{lang}", one_per_line=True
    )


def test_seeds_are_comparable(encoder: Encoder) -> None:
    docs = load_seeds()
    mode, reason = choose_mode(docs[0], docs[1:], encoder)
    assert mode == "comparable"
    assert reason


@pytest.mark.parametrize("target", ["aljazeera", "hankyoreh"])
def test_same_length_articles_are_still_comparable(encoder: Encoder, target: str) -> None:
    # Their sentence counts are close to the Danish article's: the decision must come
    # from the similarities, not from the counts.
    docs = {d.id: d for d in load_seeds()}
    ok, why = translates(docs["da"], docs[target], encoder)
    assert not ok, why
    assert "in order" in why


@pytest.mark.parametrize("name", ["test0", "test3"])
def test_textberg_pair_is_parallel(textberg_dir: Path, encoder: Encoder, name: str) -> None:
    de, fr = _textberg(textberg_dir, name, "de"), _textberg(textberg_dir, name, "fr")
    mode, reason = choose_mode(de, [fr], encoder)
    assert mode == "parallel", reason


def test_mismatched_textberg_documents_are_not_parallel(
    textberg_dir: Path, encoder: Encoder
) -> None:
    de, fr = _textberg(textberg_dir, "test1", "de"), _textberg(textberg_dir, "test3", "fr")
    mode, _reason = choose_mode(de, [fr], encoder)
    assert mode == "comparable"
