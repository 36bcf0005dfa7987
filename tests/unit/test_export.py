from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from aligner.documents import document_from_text
from aligner.export import render
from aligner.model import Alignment, Document, Link, Side, score_text


@pytest.fixture
def small() -> Alignment:
    da = document_from_text(
        "Trump og Kim skrev 25 breve. Bogen udkommer 15. september.\n\nIngen fremskridt & <tags>",
        lang="da",
        doc_id="da",
    )
    da.sentences[0].translation = None
    en = document_from_text(
        "Woodward obtained 25 Trump-Kim letters.\n\nThe book, Rage, is out next week.\n",
        lang="en",
        doc_id="voa",
    )
    links = [
        Link(Side("da", (0,)), Side("voa", (0,)), 0.91),
        Link(Side("da", (1,)), Side("voa", (1,)), 0.55),
    ]
    return Alignment(documents=[da, en], links=links, mode="comparable")


def test_json_contract_and_round_trip(small: Alignment) -> None:
    d = json.loads(render(small, "json"))
    doc = d["documents"][0]
    assert {"id", "path", "lang", "sentences"} <= doc.keys()
    assert {"id", "text", "start", "end", "translation"} <= doc["sentences"][0].keys()
    assert d["links"][0] == {
        "source": {"doc": "da", "sentences": [0]},
        "target": {"doc": "voa", "sentences": [0]},
        "score": 0.91,
        "evidence": [],
    }
    back = Alignment.from_json(render(small, "json"))
    assert back.links == small.links
    # Without the full text, offsets must still index the rebuilt text.
    for d0 in back.documents:
        for s in d0.sentences:
            assert d0.text[s.start : s.end] == s.text


def test_tsv_rows(small: Alignment) -> None:
    rows = list(csv.reader(io.StringIO(render(small, "tsv")), delimiter="\t"))
    assert rows[0][:3] == ["source_doc", "source_ids", "source_text"]
    assert rows[1][2] == "Trump og Kim skrev 25 breve."
    assert rows[1][6] == "Woodward obtained 25 Trump-Kim letters."
    assert len(rows) == 3


def test_tmx_loads_in_translate_toolkit(small: Alignment, tmp_path: Path) -> None:
    tmx = pytest.importorskip("translate.storage.tmx")
    p = tmp_path / "a.tmx"
    p.write_text(render(small, "tmx"), "utf-8")
    store = tmx.tmxfile.parsefile(str(p))
    units = [u for u in store.units if u.source]
    assert [(u.source, u.target) for u in units] == [
        ("Trump og Kim skrev 25 breve.", "Woodward obtained 25 Trump-Kim letters."),
        ("Bogen udkommer 15. september.", "The book, Rage, is out next week."),
    ]
    assert store.sourcelanguage == "da"


def test_html_is_standalone_and_escaped(small: Alignment) -> None:
    page = render(small, "html")
    assert page.startswith("<!DOCTYPE html>")
    assert "&lt;tags&gt;" in page and "<tags>" not in page
    assert 'id="da-0"' in page and 'data-links="0"' in page
    assert "http" not in page  # no external assets


def test_html_says_its_threshold_and_reads_from_the_keyboard_and_on_paper(
    small: Alignment,
) -> None:
    small.info["threshold"] = 0.5985  # said rounded down, as the scores are
    page = render(small, "html")
    assert "2 links at ≥0.59" in page
    # A column is one Tab stop, its first sentence (the arrows move on); every sentence
    # keeps its own direction.
    sentences = re.findall(r'<span class="s[^"]*" id="([^"]+)" tabindex="(-?\d)" dir="auto"', page)
    assert sentences == [
        ("da-0", "0"), ("da-1", "-1"), ("da-2", "-1"), ("voa-0", "0"), ("voa-1", "-1"),
    ]  # fmt: skip
    # The status line names the articles as the reader's does.
    tag = '<script type="application/json" id="names">'
    start = page.index(tag) + len(tag)
    assert json.loads(page[start : page.index("</script>", start)]) == {"da": "da", "voa": "voa"}
    # The scores the page prints, rounded down by the reader's rule, not the page's own.
    tag = '<script type="application/json" id="links">'
    start = page.index(tag) + len(tag)
    links = json.loads(page[start : page.index("</script>", start)])
    assert [d["shown"] for d in links] == [score_text(lk.score) for lk in small.links]
    # Printed, the columns lose their scrolling: every article on paper in full.
    assert re.search(r"@media print\{.*section\{max-height:none;overflow:visible", page, re.S)


def _uncleaned(text: str, lang: str) -> Document:
    """A document of ``text`` as it is, control characters and all: split as the cleaned
    text is, whose offsets are the same (cleaning replaces one for one)."""
    doc = document_from_text(text, lang=lang, doc_id=lang, trust_lang=True)
    cut = [dataclasses.replace(x, text=text[x.start : x.end]) for x in doc.sentences]
    return Document(id=lang, lang=lang, text=text, sentences=cut)


def test_tmx_and_html_parse_whatever_control_characters_the_text_held() -> None:
    import html.parser
    import xml.etree.ElementTree as ET

    from aligner.textio import strip_controls

    # Documents built by hand (files and document_from_text clean text on reading):
    # ESC, NUL, a form feed.
    da = _uncleaned("Farve \x1b[31mrød\x1b[0m.\x00 Nul\x0cside.", "da")
    en = _uncleaned("Red \x1b[31mcolour\x1b[0m. Zero\x00page.", "en")
    links = [Link(Side("da", (0,)), Side("en", (0,)), 0.9)]
    result = Alignment(documents=[da, en], links=links, mode="comparable")
    root = ET.fromstring(render(result, "tmx").split("\n", 2)[2])
    segs = [seg.text or "" for seg in root.iter("seg")]
    expected = [strip_controls(s.sentences[0].text) for s in (da, en)]
    assert [" ".join(s.split()) for s in segs] == [" ".join(s.split()) for s in expected]
    assert segs[0].startswith("Farve  [31mrød")
    page = render(result, "html")
    assert not any(ord(c) < 32 and c not in "\n\t\r" for c in page)

    class Spans(html.parser.HTMLParser):
        count = 0

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "span" and dict(attrs).get("class") in ("s", "s unmatched"):
                Spans.count += 1

    Spans().feed(page)
    assert Spans.count == len(da.sentences) + len(en.sentences)


def test_html_data_cannot_end_or_hide_the_page_s_scripts(small: Alignment) -> None:
    # A document id from a file name: "<!--<script>" inside the data would put the parser
    # in a state where the data's "</script>" no longer ends it, and the page's own
    # script after it would be swallowed.
    for doc in small.documents:
        if doc.id == "voa":
            doc.id = "<!--<script>v</script>"
    small.links = [
        dataclasses.replace(lk, target=Side("<!--<script>v</script>", lk.target.sentences))
        for lk in small.links
    ]
    page = render(small, "html")

    def data(name: str) -> Any:
        tag = f'<script type="application/json" id="{name}">'
        start = page.index(tag) + len(tag)
        text = page[start : page.index("</script>", start)]
        assert "<" not in text
        return json.loads(text)

    assert {d["target"]["doc"] for d in data("links")} == {"<!--<script>v</script>"}
    assert "<!--<script>v</script>" in data("names")
    assert page.count("<script") == 3  # the links, the names, the page's own script
