"""Page furniture: what is dropped, what is kept, and that offsets still index the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from aligner.documents import document_from_text, read_document
from aligner.furniture import furniture_mask, is_furniture


@pytest.mark.parametrize(
    "line",
    [
        "Accessibility links",
        "Source: Reuters",
        "Posted on : 2022-09-26 17:26 KST Modified on : 2022-09-26 17:26 KST",
        "Kim Jong-un læser et personligt brev. Foto: Ritzau Scanpix",
        "Read more: North Korea's Kim at critical crossroads decade into rule",
        "-",
    ],
)
def test_furniture_lines(line: str) -> None:
    assert is_furniture(line)


@pytest.mark.parametrize(
    "line",
    [
        "Trump og Kim Jong-un har mødtes tre gange.",
        "The source of the leak, Reuters said, was not named.",
        "Ingen fremskridt",
    ],
)
def test_article_lines_are_kept(line: str) -> None:
    assert not is_furniture(line)


def test_short_caption_above_its_credited_twin_is_dropped() -> None:
    lines = [
        "Donald Trump shakes hands with North Korean leader Kim Jong Un",
        "President Donald Trump met with North Korean leader Kim Jong Un at the border "
        "village of Panmunjom, in 2019 [File: Susan Walsh/AP Photo]",
    ]
    assert furniture_mask(lines) == [True, True]


def test_standfirst_above_an_unrelated_caption_is_kept() -> None:
    # The Hankyoreh's deck sits right above a photo caption but says something else.
    lines = [
        "27 letters exchanged between Kim and Trump between April 2018 and August 2019 "
        "were released by the Korus Journal",
        "North Korean leader Kim Jong-un shakes hands with then-President Donald Trump "
        "of the US on June 30, 2019, ahead of a summit at Panmunjom in Korea. (Yonhap)",
    ]
    assert furniture_mask(lines) == [False, True]


def test_teaser_headline_above_its_snippet_is_dropped() -> None:
    lines = [
        "US President Biden to veer from Trump, Obama policies in taking on North Korea",
        "The White House said Friday that President Joe Biden plans to veer ... World News -",
        "A representative for Trump did not immediately return a request for comment.",
    ]
    assert furniture_mask(lines) == [True, True, False]


def test_a_sentence_above_a_caption_is_kept_when_it_ends_like_one() -> None:
    lines = [
        "Trump met Kim in Hanoi.",
        "Something else entirely happened in Seoul [File: AP Photo]",
    ]
    assert furniture_mask(lines) == [False, True]


def _seed(seeds_dir: Path, prefix: str) -> Path:
    return next(seeds_dir.glob(f"{prefix}_*.txt"))


def test_seed_teasers_and_captions_are_gone(seeds_dir: Path) -> None:
    alarabiya = read_document(_seed(seeds_dir, "002"), lang="en")
    aljazeera = read_document(_seed(seeds_dir, "003"), lang="en")
    texts = [s.text for d in (alarabiya, aljazeera) for s in d.sentences]
    assert not any("speedy recovery" in t or "veer from Trump" in t for t in texts)
    assert not any(t.startswith(("Donald Trump shakes hands", "People watch a TV")) for t in texts)
    # Real sentences on both sides of the removed lines survive.
    assert alarabiya.sentences[-1].text.startswith("A representative for Trump")
    assert any(t.startswith("The US’s 1799 Logan Act") for t in texts)
    assert any(t.startswith("Former United States President") for t in texts)


def test_seed_offsets_index_the_original_file(seeds_dir: Path) -> None:
    for path in sorted(seeds_dir.glob("0*.txt")):
        raw = path.read_text("utf-8")
        doc = read_document(path)
        assert doc.text == raw
        for s in doc.sentences:
            assert raw[s.start : s.end] == s.text


def test_offsets_hold_around_dropped_lines() -> None:
    text = (
        "Accessibility links\n\nTrump met Kim in Singapore.\n"
        "Trump and Kim shake hands\n"
        "Trump and Kim shake hands in Singapore in 2018 [File: AP Photo]\n\n"
        "They exchanged 25 letters.\n"
    )
    doc = document_from_text(text, lang="en")
    assert [s.text for s in doc.sentences] == [
        "Trump met Kim in Singapore.",
        "They exchanged 25 letters.",
    ]
    for s in doc.sentences:
        assert doc.text[s.start : s.end] == s.text


def _paragraphs(path: Path) -> list[str]:
    """The one-line paragraphs of more than 12 words that are article text."""
    ps = path.read_text("utf-8").split("\n\n")
    return [p for p in ps if len(p.split()) > 12 and "\n" not in p.strip() and not is_furniture(p)]


def test_article_paragraphs_that_end_or_start_like_furniture_are_kept(seeds_dir: Path) -> None:
    # Real paragraphs of the seeds, ending as wire copy and quotes do, or opening with a
    # source: none of them is page furniture.
    da = _paragraphs(_seed(seeds_dir, "000"))
    en = _paragraphs(_seed(seeds_dir, "003"))
    paragraphs = [
        da[1].rstrip(". ") + "...",
        en[2].rstrip() + " (AFP)",
        en[3].rstrip() + " (Reuters)",
        "Kilde: " + da[2],
        "Source: " + en[4],
        da[4].rstrip(". ") + " …",
    ]
    text = "\n\n".join(paragraphs) + "\n"
    doc = document_from_text(text, lang="da")
    kept = " ".join(s.text for s in doc.sentences)
    for p in paragraphs:
        assert " ".join(p.split()[-4:]) in kept and " ".join(p.split()[:4]) in kept
    assert doc.notes == []
    assert furniture_mask(paragraphs) == [False] * len(paragraphs)


def test_dropped_furniture_is_counted_and_can_be_kept(seeds_dir: Path) -> None:
    path = _seed(seeds_dir, "004")
    doc = read_document(path)
    assert len(doc.notes) == 1 and "left out 8 lines of page furniture" in doc.notes[0]
    assert "--keep-furniture" in doc.notes[0]
    kept = read_document(path, keep_furniture=True)
    assert kept.notes == [] and len(kept.sentences) > len(doc.sentences)
    assert any(s.text == "Most viewed articles" for s in kept.sentences)
