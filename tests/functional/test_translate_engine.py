"""The engine on a real (tiny, hand-built) Argos package installed by argostranslate."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from aligner.cache import Store
from aligner.documents import read_document
from aligner.errors import ModelMissingError
from aligner.translation import (
    find_translator,
    installed_packages,
    require_translator,
    translate,
)


def test_known_sentences_translate_exactly(argos_installed: dict[str, str]) -> None:
    assert translate("Hunden spiser et æble.", "da", "en") == "Dog eats an apple.\n"
    t = find_translator("da", "en")
    assert t is not None
    assert t.translate_sentences(["Katten sover i huset.", "Hunden spiser Trumps æble."]) == [
        "Cat sleeps in house.",
        "Dog eats Trumps apple.",
    ]


def test_argostranslate_sees_what_it_installed(argos_installed: dict[str, str]) -> None:
    pairs = sorted(p.pair for p in installed_packages())
    assert pairs == [("da", "en"), ("en", "de")]


def test_paragraphs_and_spans_are_kept(argos_installed: dict[str, str]) -> None:
    text = "Hunden spiser et æble. Katten sover i huset.\n\nHunden er stor.\n"
    assert translate(text, "da", "en") == "Dog eats an apple. Cat sleeps in house.\n\nDog is big.\n"


def test_document_sentences_map_back_to_their_source(
    argos_installed: dict[str, str], seeds_dir: Path
) -> None:
    doc = read_document(seeds_dir / "000_dbc28797aa42c4f9.txt", lang="da")
    t = find_translator("da", "en")
    assert t is not None
    t.translate_document(doc)
    for s in doc.sentences:
        assert doc.text[s.start : s.end] == s.text
        assert s.translation is not None
        # The test model copies unknown words and swaps known ones word for word.
        assert len(s.translation.split()) == len(s.text.split())
    assert any(" and " in (s.translation or "") for s in doc.sentences)


def test_many_documents_share_one_batched_stream_and_the_cache(
    argos_installed: dict[str, str], seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = [read_document(seeds_dir / "000_dbc28797aa42c4f9.txt", lang="da", doc_id=f"d{i}")
            for i in range(3)]  # fmt: skip
    t = find_translator("da", "en", batch_size=8)
    assert t is not None
    calls: list[int] = []
    step = t._steps[0]
    real_run = step.run

    def counting_run(tokens: list[list[str]], spec: object) -> list[list[str]]:
        calls.append(len(tokens))
        return real_run(tokens, spec)  # type: ignore[arg-type]

    monkeypatch.setattr(step, "run", counting_run)
    t.translate_documents(docs)
    unique = len({" ".join(s.text.split()) for s in docs[0].sentences})
    # Three copies of an article: each distinct sentence reaches the model once, in chunks
    # of several batches, not one call per sentence or per document.
    assert sum(calls) == unique
    assert len(calls) == -(-unique // (8 * 8))
    assert [s.translation for s in docs[0].sentences] == [s.translation for s in docs[2].sentences]
    assert len(Store("translations")) == unique

    calls.clear()
    again = find_translator("da", "en", batch_size=8)
    assert again is not None
    monkeypatch.setattr(again._steps[0], "run", counting_run)
    fresh = read_document(seeds_dir / "000_dbc28797aa42c4f9.txt", lang="da")
    again.translate_document(fresh)
    assert calls == []  # all from the persistent cache
    assert [s.translation for s in fresh.sentences] == [s.translation for s in docs[0].sentences]


def test_pivot_through_english(argos_installed: dict[str, str]) -> None:
    t = find_translator("da", "de")
    assert t is not None and len(t.packages) == 2
    assert t.translate_sentences(["Hunden spiser et æble."]) == ["Hund frisst einen Apfel."]


def test_translator_pickles_by_its_spec(argos_installed: dict[str, str]) -> None:
    t = find_translator("da", "en", beam_size=2)
    assert t is not None
    clone = pickle.loads(pickle.dumps(t))
    assert clone.spec == t.spec and clone.spec.beam_size == 2
    assert clone.translate_sentences(["Hunden sover i huset."]) == ["Dog sleeps in house."]


def test_missing_pair(argos_installed: dict[str, str]) -> None:
    assert find_translator("fi", "en") is None
    with pytest.raises(ModelMissingError, match="aligner models install fi en"):
        translate("Hei.", "fi", "en")
    with pytest.raises(ModelMissingError):
        require_translator("fi", "sv")
