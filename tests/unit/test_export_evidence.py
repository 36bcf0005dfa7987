"""Evidence in the exports: HTML marks the matched words, TSV gains a last column of
labels, TMX keeps its contract. On the seed articles with clues drawn by hand."""

from __future__ import annotations

import copy
import csv
import dataclasses
import io
from html.parser import HTMLParser

from aligner.export import render
from aligner.export.tsv import COLUMNS
from aligner.model import Alignment, Clue, Document, Link, Side, Span
from evidence_fixture import EVIDENCE, seed_links, span

VOID = {"meta", "br", "hr", "img", "input", "link", "wbr"}


class Page(HTMLParser):
    """Parses a page, failing on a tag closed out of order; keeps every ``<mark>``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        #: (id of the sentence span it sits in, or "t:" + that id for a translation,
        #:  the mark's attributes, its text)
        self.marks: list[tuple[str, dict[str, str | None], str]] = []
        self._text: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        assert tag != "mark" or self._text is None, "a mark inside a mark"
        self.stack.append((tag, dict(attrs)))
        if tag == "mark":
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        assert self.stack, f"</{tag}> closes nothing"
        opened, attrs = self.stack.pop()
        assert opened == tag, f"</{tag}> closes <{opened}>"
        if tag == "mark":
            assert self._text is not None
            self.marks.append((self._where(), attrs, "".join(self._text)))
            self._text = None

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)

    def _where(self) -> str:
        spans = [a for tag, a in self.stack if tag == "span"]
        inner = spans[-1]
        if inner.get("class") == "t":
            # A translation follows its sentence's span: name it by the sentence.
            return "t:" + str(self.last_sentence)
        self.last_sentence = inner.get("id")
        return str(inner.get("id"))

    last_sentence: str | None = None


def parse(page: str) -> Page:
    p = Page()
    p.feed(page)
    p.close()
    assert p.stack == [], f"left open: {[t for t, _ in p.stack]}"
    return p


def test_html_marks_the_words_of_every_clue(explained: Alignment) -> None:
    page = parse(render(explained, "html"))
    got = sorted((where, a["class"], a["title"], text) for where, a, text in page.marks)
    want: set[tuple[str, str, str, str]] = set()
    for (_, doc, _), clues in EVIDENCE.items():
        for kind, s_id, s_words, t_id, t_words, label in clues:
            want.add((f"da-{s_id}", f"ev ev-{kind}", label, s_words))
            want.add((f"{doc}-{t_id}", f"ev ev-{kind}", label, t_words))
    # da #13 backs two links with the same words: one mark each, telling both (same label).
    assert got == sorted(want)
    assert len(got) < 2 * sum(len(c) for c in EVIDENCE.values())
    # Each mark names the links it backs, so the page can light them with their link.
    by_text = {(where, text): a["data-links"] for where, a, text in page.marks}
    assert by_text[("da-3", "25")] == "0"
    assert by_text[("da-13", "Trump")] == "2 3"
    assert by_text[("alarabiya-4", "Trump")] == "3"


def test_html_without_evidence_has_no_marks(seed_documents: list[Document]) -> None:
    page = render(seed_links(copy.deepcopy(seed_documents)), "html")
    assert parse(page).marks == []
    assert "hover for why" not in page


def test_html_marks_are_escaped_and_in_translations_too(seed_documents: list[Document]) -> None:
    docs = copy.deepcopy(seed_documents)
    da, voa = docs[0], docs[1]
    da.sentences[3].text = "I alt 25 <breve> & mere"  # not in the seeds: markup to escape
    da.sentences[3].translation = "A total of 25 <letters> & more"
    clues = (
        Clue("lexicon", span(da, 3, "<breve>"), span(voa, 13, "letters"), 'breve ≈ "letters" & co'),
        Clue("number", span(da, 3, "25", translation=True), span(voa, 13, "25"), "25 = 25"),
        Clue("word", span(da, 3, "<letters> &", translation=True), span(voa, 13, "letters"), "<x>"),
    )
    a = Alignment(docs, [Link(Side("da", (3,)), Side("voa", (13,)), 0.8, clues)])
    page = render(a, "html")
    shown = page.split("<script", 1)[0]
    assert "<breve>" not in shown and "<letters>" not in shown and "<x>" not in shown
    assert "<x>" not in page, "labels are in the marks, not in the page's data"
    marks = [(where, a["title"], text) for where, a, text in parse(page).marks]
    assert ("da-3", 'breve ≈ "letters" & co', "<breve>") in marks
    assert ("t:da-3", "25 = 25", "25") in marks
    assert ("t:da-3", "<x>", "<letters> &") in marks
    # Outside the marks, the sentence is all there, escaped.
    assert "I alt 25 <mark" in page and "</mark> &amp; mere" in page


def test_html_leaves_overlapping_or_broken_spans_plain(seed_documents: list[Document]) -> None:
    docs = copy.deepcopy(seed_documents)
    da, voa = docs[0], docs[1]
    whole = span(da, 4, "Bob Woodward")
    clues = (
        Clue("name", whole, span(voa, 1, "Bob Woodward"), "Woodward"),
        Clue("name", dataclasses.replace(whole, start=whole.start + 4), whole, "overlaps"),
        Clue("name", Span(4, 500, 510), span(voa, 1, "Rage"), "beyond the sentence"),
    )
    a = Alignment(docs, [Link(Side("da", (4,)), Side("voa", (1,)), 0.8, clues)])
    marks = [(where, text) for where, _, text in parse(render(a, "html")).marks]
    assert [m for m in marks if m[0] == "da-4"] == [("da-4", "Bob Woodward")]


def test_tsv_ends_with_the_evidence_labels(
    explained: Alignment, seed_documents: list[Document]
) -> None:
    rows = list(csv.reader(io.StringIO(render(explained, "tsv")), delimiter="\t"))
    assert rows[0] == list(COLUMNS) and rows[0][-1] == "evidence"
    assert rows[0][:8] == [
        "source_doc",
        "source_ids",
        "source_text",
        "source_translation",
        "target_doc",
        "target_ids",
        "target_text",
        "score",
    ]
    by_pair = {(r[1], r[4], r[5]): r[-1] for r in rows[1:]}
    assert by_pair[("3", "voa", "13")] == "25 = 25 · breve ≈ letters"
    assert by_pair[("13", "alarabiya", "4")] == "forelskede ≈ fell in love · Trump"
    plain = list(csv.reader(io.StringIO(render(seed_links(seed_documents), "tsv")), delimiter="\t"))
    assert {r[-1] for r in plain[1:]} == {""}


def test_tmx_keeps_its_contract(explained: Alignment) -> None:
    plain = dataclasses.replace(
        explained, links=[dataclasses.replace(link, evidence=()) for link in explained.links]
    )

    def body(tmx: str) -> str:
        return tmx.split("<body>", 1)[1]

    assert body(render(explained, "tmx")) == body(render(plain, "tmx"))


def test_html_words_backing_two_links_carry_each_link_s_kind(
    seed_documents: list[Document],
) -> None:
    """The same words can be a word clue for one link and a number clue for another:
    the mark says which for which, so the page colours it by the link chosen, not by
    the first one's kind."""
    docs = copy.deepcopy(seed_documents)
    da, voa, arab = docs[0], docs[1], docs[2]
    word = Clue("word", span(da, 3, "25"), span(voa, 13, "25"), "25 = 25")
    number = Clue("number", span(da, 3, "25"), span(arab, 4, "2018"), "25 ~ 2018")
    links = [
        Link(Side("da", (3,)), Side("voa", (13,)), 0.8, (word,)),
        Link(Side("da", (3,)), Side(arab.id, (4,)), 0.6, (number,)),
    ]
    page = parse(render(Alignment(docs, links), "html"))
    (mark,) = [a for where, a, text in page.marks if where == "da-3"]
    assert mark["data-links"] == "0 1" and mark["data-kinds"] == "0:word 1:number"
    assert mark["class"] == "ev ev-word"
