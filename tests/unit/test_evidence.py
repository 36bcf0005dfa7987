"""The evidence a link carries (Span, Clue, Link.evidence): its JSON contract, old files,
and spans that index the sentences they name, on the seed articles."""

from __future__ import annotations

import copy
import dataclasses
import json

import pytest

import aligner
from aligner.model import Alignment, Clue, Document, EvidenceError, Link, Span
from evidence_fixture import EVIDENCE, seed_links, span


def test_the_front_door_exports_the_evidence_types() -> None:
    assert aligner.Span is Span and aligner.Clue is Clue
    assert {"Span", "Clue"} <= set(aligner.__all__)


def test_spans_mark_the_words_of_their_own_sentences(explained: Alignment) -> None:
    src = explained.source
    told = 0
    for link in explained.links:
        tgt = explained.document(link.target.doc)
        key = (link.source.sentences, link.target.doc, link.target.sentences)
        for clue, (_, s_id, s_words, t_id, t_words, _) in zip(
            link.evidence, EVIDENCE[key], strict=True
        ):
            assert clue.source.sentence in link.source.sentences
            assert clue.target.sentence in link.target.sentences
            assert src.span_text(clue.source) == s_words
            assert tgt.span_text(clue.target) == t_words
            # Offsets are the sentence's own: the same words in the document's text.
            s = src.sentences[s_id]
            assert src.text[s.start + clue.source.start : s.start + clue.source.end] == s_words
            t = tgt.sentences[t_id]
            assert tgt.text[t.start + clue.target.start : t.start + clue.target.end] == t_words
            told += 1
    assert told == sum(len(v) for v in EVIDENCE.values())


def test_json_round_trip_keeps_the_evidence(explained: Alignment) -> None:
    text = explained.to_json()
    back = Alignment.from_json(text)
    assert back.links == explained.links
    assert all(link.evidence for link in back.links)
    first = json.loads(text)["links"][0]
    assert first["evidence"][0] == {
        "kind": "number",
        "source": {"sentence": 3, "start": 6, "end": 8, "translation": False},  # "I alt 25 breve"
        "target": dataclasses.asdict(explained.links[0].evidence[0].target),
        "label": "25 = 25",
    }
    assert explained.document("voa").span_text(back.links[0].evidence[0].target) == "25"


def test_links_without_evidence_write_an_empty_list(seed_documents: list[Document]) -> None:
    plain = seed_links(copy.deepcopy(seed_documents))
    d = json.loads(plain.to_json())
    assert all(link["evidence"] == [] for link in d["links"])
    assert Alignment.from_json(plain.to_json()).links == plain.links


def test_old_files_without_evidence_still_load(explained: Alignment) -> None:
    d = json.loads(explained.to_json())
    for link in d["links"]:
        del link["evidence"]
    back = Alignment.from_dict(d)
    assert [link.evidence for link in back.links] == [()] * len(explained.links)
    assert [dataclasses.replace(link, evidence=()) for link in explained.links] == back.links


def test_a_span_in_the_translation_indexes_the_translation(seed_documents: list[Document]) -> None:
    docs = copy.deepcopy(seed_documents)
    da, voa = docs[0], docs[1]
    da.sentences[3].translation = "A total of 25 letters that the two leaders wrote each other."
    clue = Clue("number", span(da, 3, "25", translation=True), span(voa, 13, "25"), "25 = 25")
    assert clue.source.translation and clue.source.start != span(da, 3, "25").start
    assert da.span_text(clue.source) == "25"
    a = Alignment(docs, [Link(aligner.Side("da", (3,)), aligner.Side("voa", (13,)), 0.8, (clue,))])
    back = Alignment.from_json(a.to_json())
    assert back.links[0].evidence == (clue,)
    assert back.source.span_text(back.links[0].evidence[0].source) == "25"


@pytest.mark.parametrize(
    ("bad", "says"),
    [
        (Span(3, 60, 90), "span 60..90 is not within the text of sentence 3 of 'da'"),
        (Span(99, 0, 2), "sentence 99 of 'da'"),
        (Span(3, 5, 7, translation=True), "not within the translation of sentence 3"),
    ],
)
def test_a_clue_outside_its_sentence_is_refused(explained: Alignment, bad: Span, says: str) -> None:
    link = explained.links[0]
    clue = dataclasses.replace(link.evidence[0], source=bad)
    broken = dataclasses.replace(explained, links=[dataclasses.replace(link, evidence=(clue,))])
    with pytest.raises(EvidenceError, match=f"link 0, clue 0 .*{says}"):
        Alignment.from_json(broken.to_json())
