"""Links that explain themselves: on the selected link, the words that made it are marked
in both columns and the status line says why. Seed articles, clues drawn by hand on real
words (tests/evidence_fixture.py)."""

from __future__ import annotations

import dataclasses

import pytest
from rich.style import Style
from test_reader_keys import WIDE, column, reader

from aligner.model import Alignment, Clue
from aligner.tui.app import ReaderApp
from aligner.tui.widgets.column import SentenceColumn
from evidence_fixture import span, with_evidence


@pytest.fixture
def explained(hand_alignment: Alignment) -> Alignment:
    return with_evidence(hand_alignment)


def is_marked(style: Style | None) -> bool:
    return style is not None and bool(style.bold) and bool(style.underline)


def rendered(col: SentenceColumn, sid: int) -> list[list[tuple[str, Style | None]]]:
    """The rows of one sentence as drawn: (character, style) after the gutter."""
    top = int(col.scroll_offset.y)
    first, end = col.wrapped.rows[sid]
    rows = []
    for row in range(first, end):
        cells = [(ch, seg.style) for seg in col.render_line(row - top) for ch in seg.text]
        rows.append(cells[2:])  # the gutter
    return rows


def marked(col: SentenceColumn) -> dict[int, list[str]]:
    """Per sentence, the stretches of its text drawn in the evidence style.

    A stretch goes on over a row break (the space there is drawn on no row) and stops at
    a drawn character that is not marked.
    """
    out: dict[int, list[str]] = {}
    for sid, (first, _) in col.wrapped.rows.items():
        drawn: set[int] = set()
        marks: set[int] = set()
        for i, row in enumerate(rendered(col, sid)):
            line = col.wrapped.lines[first + i]
            for frag in line.fragments:
                for k in range(frag.length):
                    drawn.add(frag.offset + k)
                    if is_marked(row[frag.column + k][1]):
                        marks.add(frag.offset + k)
            # A space between two words on one row is drawn too.
            for a in line.fragments[:-1]:
                gap = a.offset + a.length
                drawn.add(gap)
                if is_marked(row[a.column + a.length][1]):
                    marks.add(gap)
        text = (
            col.document.sentences[sid].text
            if col.view == "original"
            else (col.document.sentences[sid].translation or "")
        )
        runs: list[tuple[int, int]] = []
        for k in sorted(marks):
            if runs and all(j not in drawn for j in range(runs[-1][1], k)):
                runs[-1] = (runs[-1][0], k + 1)
            else:
                runs.append((k, k + 1))
        if runs:
            out[sid] = [text[a:b] for a, b in runs]
    return out


def status(app: ReaderApp) -> str:
    return str(app.screen.query_one("#status").render())


async def test_the_selected_links_words_are_marked_in_both_columns(
    explained: Alignment,
) -> None:
    app = ReaderApp(explained)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("j", "j", "j")
        await pilot.pause()
        # da #4 has two links: voa #14 (0.81, with evidence) and hankyoreh #2 (0.58).
        assert {c.doc_id: marked(c) for c in reader(app).columns} == {
            "da": {3: ["25", "breve"]},
            "voa": {13: ["25", "letters"]},
            "alarabiya": {},
            "aljazeera": {},
            "hankyoreh": {},
        }
        assert status(app) == (
            "comparable │ ≥0.00 │ da #4 → voa #14 0.81 · hankyoreh #2 0.58"
            " │ voa #14: 25 = 25 · breve ≈ letters"
        )


async def test_marks_keep_the_link_and_cursor_colours(explained: Alignment) -> None:
    app = ReaderApp(explained)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("j", "j", "j")
        await pilot.pause()
        for col, sid in ((column(app, "voa"), 13), (column(app, "da"), 3)):
            cells = [cell for row in rendered(col, sid) for cell in row]
            plain = {style.bgcolor for ch, style in cells if style and not is_marked(style)}
            words = {style.bgcolor for ch, style in cells if style and is_marked(style)}
            # One background over the sentence: the link's tint (voa) or the cursor (da);
            # the marked words are set apart by weight and line, not by another colour.
            assert len(plain) == 1 and words == plain, col.doc_id
            assert not any(is_marked(s) for _, s in rendered(column(app, "voa"), 23)[0])


async def test_the_link_the_person_came_from_is_explained(explained: Alignment) -> None:
    app = ReaderApp(explained)
    async with app.run_test(size=WIDE) as pilot:
        da = column(app, "da")
        da.set_cursor(13)
        await pilot.pause()
        voa, alarabiya = column(app, "voa"), column(app, "alarabiya")
        # Two links, both with evidence: the better one (voa #24, 0.55) is explained.
        assert marked(voa) == {23: ["Trump", "fell in love"]}
        assert marked(alarabiya) == {}
        assert status(app).endswith(" │ voa #24: Trump · forelskede ≈ fell in love")
        # On Al Arabiya's sentence, its own link is the one.
        alarabiya.focus()
        alarabiya.set_cursor(4)
        await pilot.pause()
        assert marked(alarabiya) == {4: ["Trump", "fell in love"]}
        assert marked(da) == {13: ["forelskede", "Trump"]}
        assert marked(voa) == {}
        # One link listed: its clues follow it without its name again.
        assert status(app).endswith(" → da #14 0.47 │ forelskede ≈ fell in love · Trump")
        # Back on the Danish sentence, the link under Al Arabiya's cursor stays explained.
        da.focus()
        await pilot.pause()
        assert reader(app).active is da and da.cursor == 13
        assert marked(alarabiya) == {4: ["Trump", "fell in love"]}
        assert marked(voa) == {}
        assert status(app).endswith(" │ alarabiya #5: forelskede ≈ fell in love · Trump")
        # Away and back: Al Arabiya's cursor is still on that link.
        await pilot.press("j", "k")
        await pilot.pause()
        assert status(app).endswith(" │ alarabiya #5: forelskede ≈ fell in love · Trump")
        # The latest column visited wins: now VOA's.
        voa.focus()
        await pilot.pause()
        voa.set_cursor(23)
        da.focus()
        await pilot.pause()
        assert marked(voa) == {23: ["Trump", "fell in love"]}
        assert status(app).endswith(" │ voa #24: Trump · forelskede ≈ fell in love")


async def test_translation_spans_mark_the_translation_column(explained: Alignment) -> None:
    da, voa = explained.source, explained.document("voa")
    da.sentences[3].translation = "A total of 25 letters that the two leaders wrote each other."
    clues = (
        Clue("number", span(da, 3, "25", translation=True), span(voa, 13, "25"), "25 = 25"),
        Clue("lexicon", span(da, 3, "breve"), span(voa, 13, "letters"), "breve ≈ letters"),
    )
    links = [
        dataclasses.replace(link, evidence=clues)
        if (link.source.sentences, link.target.doc) == ((3,), "voa")
        else link
        for link in explained.links
    ]
    app = ReaderApp(dataclasses.replace(explained, links=links))
    async with app.run_test(size=(240, 50)) as pilot:
        column(app, "da").set_cursor(3)
        await pilot.pause()
        assert marked(column(app, "da")) == {3: ["breve"]}
        assert marked(column(app, "da", "translation")) == {3: ["25"]}
        assert marked(column(app, "voa")) == {13: ["25", "letters"]}


async def test_without_evidence_nothing_is_marked_and_the_status_is_as_before(
    hand_alignment: Alignment,
) -> None:
    app = ReaderApp(hand_alignment)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("j", "j", "j")
        await pilot.pause()
        assert all(marked(c) == {} for c in reader(app).columns)
        assert status(app) == "comparable │ ≥0.00 │ da #4 → voa #14 0.81 · hankyoreh #2 0.58"


async def test_the_reasons_are_cut_to_the_width(explained: Alignment) -> None:
    app = ReaderApp(explained)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j", "j", "j", "j")
        await pilot.pause()
        assert status(app) == (
            "comparable │ ≥0.00 │ da #5 → voa #2 0.74 │ Woodward · Washington Post …"
        )
        joined = " ".join(marked(column(app, "voa"))[1])
        assert joined == "Washington Post Bob Woodward book"
        await pilot.resize_terminal(70, 24)
        await pilot.pause()
        assert status(app) == "comparable │ ≥0.00 │ da #5 → voa #2 0.74 │ Woodward …"
