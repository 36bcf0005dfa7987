"""Every key of the reader, driven through Textual's Pilot on the seed articles."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path

from textual import events
from textual.widgets import Input

from aligner.model import Alignment, Link, Side
from aligner.tui.app import ReaderApp
from aligner.tui.keys import COLUMN_KEYS, READER_KEYS
from aligner.tui.screens.export import ExportScreen
from aligner.tui.screens.help import HelpScreen
from aligner.tui.screens.reader import ReaderScreen
from aligner.tui.widgets.column import SentenceColumn

WIDE = (200, 60)
NARROW = (120, 36)


def reader(app: ReaderApp) -> ReaderScreen:
    screen = app.screen
    assert isinstance(screen, ReaderScreen), type(screen)
    return screen


def column(app: ReaderApp, doc_id: str, view: str = "original") -> SentenceColumn:
    return next(c for c in reader(app).columns if (c.doc_id, c.view) == (doc_id, view))


def visible_rows(col: SentenceColumn) -> range:
    top = int(col.scroll_offset.y)
    return range(top, top + col.scrollable_content_region.height)


def linked(alignment: Alignment, doc: str, sid: int, threshold: float = 0.0) -> dict[str, set[int]]:
    """What the selection should light up, worked out from the links themselves."""
    out: dict[str, set[int]] = {}
    for link in alignment.links:
        sides = (link.source, link.target)
        if link.score >= threshold and any(s.doc == doc and sid in s.sentences for s in sides):
            for s in sides:
                out.setdefault(s.doc, set()).update(s.sentences)
    return out


def matched(alignment: Alignment, doc: str, threshold: float = 0.0) -> list[int]:
    ids: set[int] = set()
    for link in alignment.links:
        if link.score >= threshold:
            for s in (link.source, link.target):
                if s.doc == doc:
                    ids.update(s.sentences)
    return sorted(ids)


async def test_wide_terminal_shows_every_article_side_by_side(hand_alignment: Alignment) -> None:
    app = ReaderApp(hand_alignment)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        screen = reader(app)
        shown = [c.doc_id for c in screen.visible_columns()]
        assert shown == [d.id for d in hand_alignment.documents]
        assert not screen.narrow
        voa = column(app, "voa")
        assert "Voice of America" in str(voa.border_title)
        assert voa.border_subtitle == "en"
        assert column(app, "da").border_subtitle == "da"


async def test_narrow_terminal_shows_one_article_and_switches(hand_alignment: Alignment) -> None:
    app = ReaderApp(hand_alignment)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = reader(app)
        assert screen.narrow
        assert [c.doc_id for c in screen.visible_columns()] == ["da", "voa"]
        assert app.screen.query_one("#picker").display
        await pilot.press("3")
        await pilot.pause()
        assert [c.doc_id for c in screen.visible_columns()] == ["da", "aljazeera"]
        await pilot.press("o")
        await pilot.pause()
        assert [c.doc_id for c in screen.visible_columns()] == ["da", "hankyoreh"]
        await pilot.press("o")
        await pilot.pause()
        assert [c.doc_id for c in screen.visible_columns()] == ["da", "voa"]
        # All four articles in one row of 80, each label shortened alike.
        picker = app.screen.query_one("#picker")
        text = str(picker.render())
        assert len(text) <= picker.content_region.width, text
        assert [part.split()[0] for part in text.split("│")] == ["1", "2", "3", "4"], text


async def test_article_keys_page_and_keep_the_selection_in_the_articles(
    hand_alignment: Alignment,
) -> None:
    """Two of the four articles fit: `o` shows the next two, and a digit pressed while
    reading an article moves the selection into the one asked for, not back to the source."""
    app = ReaderApp(hand_alignment)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        screen = reader(app)
        shown = [c.doc_id for c in screen.visible_columns()]
        assert shown == ["da", "voa", "alarabiya"], shown
        seen = []
        for _ in range(3):
            await pilot.press("o")
            await pilot.pause()
            seen.append([c.doc_id for c in screen.visible_columns()][1:])
        assert seen == [
            ["aljazeera", "hankyoreh"],
            ["voa", "alarabiya"],
            ["aljazeera", "hankyoreh"],
        ]
        await pilot.press("1")
        await pilot.press("tab")  # into the first article
        await pilot.pause()
        assert screen.active is column(app, "voa")
        await pilot.press("3")
        await pilot.pause()
        assert screen.active is column(app, "aljazeera") and column(app, "aljazeera").has_focus
        status = str(app.screen.query_one("#status").render())
        assert "aljazeera" in status or "Al Jazeera" in status, status


async def test_o_steps_through_the_articles_when_all_fit(hand_alignment: Alignment) -> None:
    app = ReaderApp(hand_alignment)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        screen = reader(app)
        assert not screen.narrow
        await pilot.press("tab")
        await pilot.pause()
        visited = []
        for _ in range(4):
            await pilot.press("o")
            await pilot.pause()
            assert screen.active is not None
            visited.append(screen.active.doc_id)
        assert visited == ["alarabiya", "aljazeera", "hankyoreh", "voa"], visited


async def test_a_resize_that_hides_the_selection_moves_the_status_line_with_it(
    hand_alignment: Alignment,
) -> None:
    app = ReaderApp(hand_alignment)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        screen = reader(app)
        hankyoreh = column(app, "hankyoreh")
        hankyoreh.focus()
        await pilot.pause()
        assert screen.active is hankyoreh
        await pilot.resize_terminal(90, 30)
        await pilot.pause()
        assert screen.active is column(app, "da")
        status = str(app.screen.query_one("#status").render())
        assert status.lstrip().startswith("comparable") and "da #1" in status, status
        assert "hankyoreh #" not in status, status


async def test_tab_onto_a_column_scrolled_away_from_its_cursor(hand_alignment: Alignment) -> None:
    """Its cursor stays where it was, out of view: Tab lands on what the column shows."""
    app = ReaderApp(hand_alignment)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        voa = column(app, "voa")
        da = column(app, "da")
        unmatched = next(i for i in range(len(da.document.sentences)) if not da.marks.get(i)
                         and not linked(hand_alignment, "da", i).get("voa"))  # fmt: skip
        da.set_cursor(unmatched)
        voa.scroll_rows(len(voa.wrapped.lines))  # scrolled to the end by hand
        await pilot.pause()
        assert voa.wrapped.rows[voa.cursor][0] not in visible_rows(voa)
        await pilot.press("tab")
        await pilot.pause()
        assert voa.has_focus and voa.wrapped.rows[voa.cursor][0] in visible_rows(voa)


async def test_cursor_keys_move_and_highlight_the_links(hand_alignment: Alignment) -> None:
    app = ReaderApp(hand_alignment)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        da = column(app, "da")
        assert da.has_focus and da.cursor == 0
        await pilot.press("down", "j", "j")
        await pilot.pause()
        assert da.cursor == 3
        expected = linked(hand_alignment, "da", 3)
        assert len(expected) > 1, "the fixture links da #3"
        for col in reader(app).columns:
            assert set(col.marks) == expected.get(col.doc_id, set()), col.doc_id
        # Each link its own colour: two links here, two colour slots.
        slots = {m.slot for col in reader(app).columns for m in col.marks.values()}
        assert slots == {0, 1}
        await pilot.press("up", "k")
        await pilot.pause()
        assert da.cursor == 1
        assert set(column(app, "voa").marks) == linked(hand_alignment, "da", 1)["voa"]


async def test_other_columns_scroll_to_the_first_match(hand_alignment: Alignment) -> None:
    app = ReaderApp(hand_alignment)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        voa = column(app, "voa")
        target = min(linked(hand_alignment, "da", 16)["voa"])
        assert voa.wrapped.rows[target][0] not in visible_rows(voa), "starts out of view"
        da = column(app, "da")
        da.set_cursor(16)
        await pilot.pause()
        assert voa.wrapped.rows[target][0] in visible_rows(voa)


async def test_status_bar_shows_mode_threshold_and_scores(hand_alignment: Alignment) -> None:
    app = ReaderApp(hand_alignment)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("j", "j", "j")
        await pilot.pause()
        text = str(app.screen.query_one("#status").render())
        assert "comparable" in text
        assert "≥0.00" in text
        for link in hand_alignment.links:
            if link.source.sentences == (3,):
                assert f"{link.score:.2f}" in text


async def test_unmatched_sentences_look_different(hand_alignment: Alignment) -> None:
    app = ReaderApp(hand_alignment)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        voa = column(app, "voa")
        done = matched(hand_alignment, "voa")
        alone = next(i for i in range(len(voa.document.sentences)) if i not in done)

        def text_style(sid: int) -> str:
            row = voa.wrapped.rows[sid][0] - int(voa.scroll_offset.y)
            segments = list(voa.render_line(row))
            return str(segments[1].style)

        assert "italic" in text_style(alone)
        assert "italic" not in text_style(done[0])


async def test_next_and_previous_matched_sentence(hand_alignment: Alignment) -> None:
    app = ReaderApp(hand_alignment)
    async with app.run_test(size=WIDE) as pilot:
        da = column(app, "da")
        ids = matched(hand_alignment, "da")
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert da.cursor == ids[0]
        await pilot.press("right_square_bracket", "right_square_bracket")
        await pilot.pause()
        assert da.cursor == ids[2]
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert da.cursor == ids[1]


async def test_next_and_previous_unmatched_sentence(hand_alignment: Alignment) -> None:
    app = ReaderApp(hand_alignment)
    async with app.run_test(size=WIDE) as pilot:
        da = column(app, "da")
        ids = matched(hand_alignment, "da")
        da.set_cursor(ids[0])
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        after = next(i for i in range(ids[0] + 1, 100) if i not in ids)
        assert da.cursor == after
        await pilot.press("U")
        await pilot.pause()
        before = next(i for i in range(after - 1, -1, -1) if i not in ids)
        assert da.cursor == before


async def test_tab_moves_focus_onto_the_match(hand_alignment: Alignment) -> None:
    app = ReaderApp(hand_alignment)
    async with app.run_test(size=WIDE) as pilot:
        da = column(app, "da")
        da.set_cursor(3)
        await pilot.pause()
        await pilot.press("tab")
        await pilot.pause()
        voa = column(app, "voa")
        assert voa.has_focus
        assert voa.cursor == min(linked(hand_alignment, "da", 3)["voa"])
        # From the English side, the Danish sentence lights up.
        assert 3 in da.marks
        await pilot.press("shift+tab")
        await pilot.pause()
        assert da.has_focus and da.cursor == 3


async def test_tab_back_returns_to_the_sentence_it_came_from(hand_alignment: Alignment) -> None:
    """VOA #3 matches da #6 weakly and da #7 strongly: from da #6, Tab then Shift+Tab
    comes back to da #6, not to the strongest match; from a sentence VOA #3 is not
    linked to, Shift+Tab lands on its strongest match, da #7."""
    hand_alignment.links += [
        Link(Side("da", (5,)), Side("voa", (2,)), 0.63),
        Link(Side("da", (6,)), Side("voa", (2,)), 0.89),
        Link(Side("da", (6,)), Side("hankyoreh", (6,)), 0.98),
    ]
    app = ReaderApp(hand_alignment)
    async with app.run_test(size=WIDE) as pilot:
        da, voa = column(app, "da"), column(app, "voa")
        da.set_cursor(5)
        await pilot.press("tab")
        await pilot.pause()
        assert voa.has_focus and voa.cursor == 2
        await pilot.press("shift+tab")
        await pilot.pause()
        assert da.has_focus and da.cursor == 5
        da.set_cursor(0)
        voa.focus()
        voa.set_cursor(2)
        await pilot.press("shift+tab")
        await pilot.pause()
        assert da.has_focus and da.cursor == 6


async def test_a_column_shows_the_strongest_match_of_the_selection(
    hand_alignment: Alignment,
) -> None:
    """da #20 matches VOA #1 weakly and VOA #43 strongly, 40 sentences apart: the VOA
    column scrolls to #43, where Tab lands, not to the lowest-numbered match."""
    hand_alignment.links += [
        Link(Side("da", (20,)), Side("voa", (0,)), 0.52),
        Link(Side("da", (20,)), Side("voa", (42,)), 0.91),
    ]
    app = ReaderApp(hand_alignment)
    async with app.run_test(size=WIDE) as pilot:
        da, voa = column(app, "da"), column(app, "voa")
        da.set_cursor(20)
        await pilot.pause()
        assert voa.in_view(42) and not voa.in_view(0)


async def test_threshold_keys_hide_and_restore_weak_links(hand_alignment: Alignment) -> None:
    app = ReaderApp(hand_alignment)
    async with app.run_test(size=WIDE) as pilot:
        da = column(app, "da")
        da.set_cursor(13)
        await pilot.pause()
        scores = sorted(link.score for link in hand_alignment.links if 13 in link.source.sentences)
        assert len(scores) == 2
        assert column(app, "alarabiya").marks and column(app, "voa").marks
        presses = 0
        while reader(app).state.threshold <= scores[0]:
            await pilot.press("plus")
            presses += 1
        await pilot.pause()
        assert reader(app).state.threshold == round(0.05 * presses, 2)
        weaker = next(
            link.target.doc
            for link in hand_alignment.links
            if 13 in link.source.sentences and link.score == scores[0]
        )
        stronger = next(
            link.target.doc
            for link in hand_alignment.links
            if 13 in link.source.sentences and link.score == scores[1]
        )
        assert not column(app, weaker).marks
        assert column(app, stronger).marks
        await pilot.press("minus")
        await pilot.pause()
        assert column(app, weaker).marks
        status = str(app.screen.query_one("#status").render())
        assert f"≥{reader(app).state.threshold:.2f}" in status


async def test_a_link_shown_at_a_threshold_is_kept_there(hand_alignment: Alignment) -> None:
    """da #4 → VOA #14 scores 0.9469: shown as 0.94 (rounded down), so it is gone at
    ≥0.95 without ever having read 0.95 (rounded to nearest, it did, and then vanished)."""
    hand_alignment.links = [
        replace(link, score=0.9469) if link.source.sentences == (3,) else link
        for link in hand_alignment.links
    ]
    app = ReaderApp(hand_alignment, threshold=0.9)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("j", "j", "j")
        await pilot.pause()
        status = str(app.screen.query_one("#status").render())
        assert "≥0.90" in status and "voa #14 0.94" in status, status
        await pilot.press("plus")
        await pilot.pause()
        status = str(app.screen.query_one("#status").render())
        assert "≥0.95" in status and "da #4 no match" in status, status


async def test_minus_stops_where_the_alignment_was_made(hand_alignment: Alignment) -> None:
    """A file aligned at 0.5 holds no weaker link: lowering past it would say there is none."""
    hand_alignment.info["threshold"] = 0.5
    app = ReaderApp(hand_alignment, threshold=0.6)
    async with app.run_test(size=WIDE) as pilot:
        for _ in range(4):
            await pilot.press("minus")
        await pilot.pause()
        assert reader(app).state.threshold == 0.5
        status = str(app.screen.query_one("#status").render())
        assert "≥0.50" in status and "no links below 0.50" in status, status


async def test_a_threshold_below_the_floor_or_above_one_is_said(hand_alignment: Alignment) -> None:
    hand_alignment.info["threshold"] = 0.5
    app = ReaderApp(hand_alignment, threshold=0.1)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        status = str(app.screen.query_one("#status").render())
        assert "≥0.50" in status and "0.10 asked; links go down to 0.50" in status, status
        for _ in range(12):
            await pilot.press("plus")
        await pilot.pause()
        status = str(app.screen.query_one("#status").render())
        assert "≥1.00" in status and "the threshold is at 1.00" in status, status
    # None asked for (`aligner read x.json` without --threshold): the floor, unsaid.
    hand_alignment.info["threshold"] = 0.7
    app = ReaderApp(hand_alignment, threshold=None)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        status = str(app.screen.query_one("#status").render())
        assert "≥0.70" in status and "asked" not in status, status


async def test_the_floor_says_how_to_get_weaker_links(hand_alignment: Alignment) -> None:
    """A file aligned at 0.5: `-` at 0.50, or --threshold 0.3, says what would show
    weaker links (align again lower, or open the articles themselves), not only that
    there are none."""
    hand_alignment.info["threshold"] = 0.5
    app = ReaderApp(hand_alignment, threshold=0.3)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        status = str(app.screen.query_one("#status").render())
        assert "align again at --threshold 0.3" in status, status
        assert "open the .txt files" in status, status
        await pilot.press("minus")
        await pilot.pause()
        status = str(app.screen.query_one("#status").render())
        assert "no links below 0.50" in status, status
        assert "align again at --threshold 0.2" in status, status
    # In 80 columns the advice still shows, whole.
    app = ReaderApp(hand_alignment, threshold=0.5)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("minus")
        await pilot.pause()
        status = str(app.screen.query_one("#status").render())
        assert "no links below 0.50: align again at --threshold 0.2" in status, status
    # Made by the reader itself, down to its own floor: the articles would give no more.
    hand_alignment.info["threshold"] = 0.2
    app = ReaderApp(hand_alignment, threshold=0.2)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("minus")
        await pilot.pause()
        status = str(app.screen.query_one("#status").render())
        assert "align again at --threshold 0.1" in status and ".txt" not in status, status


async def test_search_jumps_across_columns(hand_alignment: Alignment) -> None:
    app = ReaderApp(hand_alignment)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        box = app.screen.query_one("#search")
        assert box.display and box.has_focus
        await pilot.press(*"Haberman", "enter")
        await pilot.pause()
        screen = reader(app)
        hits = [
            (d.id, s.id)
            for d in hand_alignment.documents
            for s in d.sentences
            if "haberman" in s.text.lower()
        ]
        assert len(hits) > 1 and "da" not in {doc for doc, _ in hits}
        focused = screen.active
        assert focused is not None and focused.has_focus
        assert (focused.doc_id, focused.cursor) == hits[0]
        # The article holding the hit is the one shown, even in a narrow terminal.
        assert focused.display
        assert not box.display
        await pilot.press("n")
        await pilot.pause()
        assert (screen.active.doc_id, screen.active.cursor) == hits[1]  # type: ignore[union-attr]
        await pilot.press("N")
        await pilot.pause()
        assert (screen.active.doc_id, screen.active.cursor) == hits[0]  # type: ignore[union-attr]


async def test_search_escape_closes_and_miss_is_reported(hand_alignment: Alignment) -> None:
    app = ReaderApp(hand_alignment)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.press("slash", *"zzqx", "enter")
        await pilot.pause()
        assert "not found" in str(app.screen.query_one("#status").render())
        assert column(app, "da").cursor == 0
        # `n` after a miss says the miss again, not that there was no search.
        await pilot.press("n")
        await pilot.pause()
        assert "not found: zzqx" in str(app.screen.query_one("#status").render())
        await pilot.press("slash", "space", "space", "enter")
        await pilot.pause()
        assert "nothing to search for" in str(app.screen.query_one("#status").render())
        await pilot.press("slash")
        await pilot.press("escape")
        await pilot.pause()
        assert not app.screen.query_one("#search").display
        assert column(app, "da").has_focus


async def test_leaving_the_search_box_closes_it_and_keeps_what_was_typed(
    hand_alignment: Alignment,
) -> None:
    """Tab out of the box: it closes rather than stay open taking no Enter, and the next
    / brings back what was typed, not the search before it."""
    app = ReaderApp(hand_alignment)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.press("slash", *"Rage", "enter")
        await pilot.pause()
        assert reader(app).state.query == "Rage"
        await pilot.press("slash", "ctrl+u", *"kim", "tab")
        await pilot.pause()
        box = app.screen.query_one("#search", Input)
        assert not box.display
        assert reader(app).active is not None and reader(app).active.has_focus
        await pilot.press("slash")
        await pilot.pause()
        assert box.display and box.has_focus and box.value == "kim"
        await pilot.press("enter")
        await pilot.pause()
        assert reader(app).state.query == "kim"
        # Esc cancels: the next / offers the last search again.
        await pilot.press("slash", "ctrl+u", *"zz", "escape", "slash")
        await pilot.pause()
        assert box.value == "kim"


async def test_switching_windows_while_typing_a_search_keeps_the_box(
    hand_alignment: Alignment,
) -> None:
    """The terminal losing focus blurs the box and gives the focus back on return: the
    box stays open, so the keys typed after go where the person sees them."""
    app = ReaderApp(hand_alignment)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.press("slash", *"kim")
        await pilot.pause()
        app.post_message(events.AppBlur())
        await pilot.pause()
        app.post_message(events.AppFocus())
        await pilot.pause()
        box = app.screen.query_one("#search", Input)
        assert box.display and box.has_focus
        await pilot.press(*"jong", "enter")
        await pilot.pause()
        assert reader(app).state.query == "kimjong" and not box.display


async def test_translation_note_can_be_hidden(hand_alignment: Alignment) -> None:
    app = ReaderApp(hand_alignment)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        note = app.screen.query_one("#translation-note")
        assert note.display
        assert "aligner models install da en" in str(note.render())
        await pilot.press("t")
        await pilot.pause()
        assert not note.display


async def test_an_english_source_beside_english_articles_misses_no_model(
    hand_alignment: Alignment,
) -> None:
    hand_alignment.source.lang = "en"  # two English reports compared: nothing to translate
    app = ReaderApp(hand_alignment)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        assert not app.screen.query("#translation-note")


def screen_rows(app: ReaderApp) -> list[str]:
    """The terminal's rows as drawn."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


async def test_a_narrow_terminal_keeps_the_notes_ends_and_help_and_quit(
    hand_alignment: Alignment,
) -> None:
    """Cut to fit: the install note keeps how to hide it (after a "…" where it is cut),
    and the footer drops lesser hints rather than ``? help`` and ``q quit``."""
    for width in (80, 70, 60, 40):
        app = ReaderApp(hand_alignment)
        async with app.run_test(size=(width, 24)) as pilot:
            await pilot.pause()
            rows = screen_rows(app)
            note = rows[0].strip()
            assert "aligner models install da en" in note or width < 50, note
            assert note.endswith(("· t hides this line", "· t hides")), note
            footer = rows[-1]
            assert "? help" in footer and "q quit" in footer, footer
            assert "/ search" in footer or width < 60, footer


async def test_the_note_says_which_articles_a_model_is_for(hand_alignment: Alignment) -> None:
    """An English source, a Danish article first and English ones after: en→da would
    serve the one Danish article, and the note says so."""
    hand_alignment.source.lang = "en"
    hand_alignment.document("voa").lang = "da"
    app = ReaderApp(hand_alignment)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        note = str(app.screen.query_one("#translation-note").render())
        assert "No en→da translation model (for 1 of 4 articles)" in note, note


async def test_t_says_why_there_is_no_translation(hand_alignment: Alignment) -> None:
    hand_alignment.source.lang = "en"
    app = ReaderApp(hand_alignment)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("t")
        await pilot.pause()
        status = str(app.screen.query_one("#status").render())
        assert "no translation: the source is in en, as the articles are" in status, status
    # A later article in another language: translations go into the first one's only.
    hand_alignment.document("hankyoreh").lang = "da"
    app = ReaderApp(hand_alignment)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("t")
        await pilot.pause()
        status = str(app.screen.query_one("#status").render())
        assert "no translation: the source is in en, as the first article is" in status, status


async def test_same_named_files_are_told_apart_by_folder(hand_alignment: Alignment) -> None:
    """Two files story.txt in d1/ and d2/ get the ids story and story-2: the status line
    names their folders, not a "-2" that maps to nothing on screen."""
    da, voa, arab = hand_alignment.documents[:3]
    voa.id, voa.path = "story", "/news/d1/story.txt"
    arab.id, arab.path = "story-2", "/news/d2/story.txt"
    links = [Link(Side("da", (3,)), Side("story", (13,)), 0.8)]
    links.append(Link(Side("da", (3,)), Side("story-2", (4,)), 0.7))
    app = ReaderApp(Alignment([da, voa, arab], links, mode="comparable"))
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("j", "j", "j")
        await pilot.pause()
        status = str(app.screen.query_one("#status").render())
        assert "d1/story #14 0.80 · d2/story #5 0.70" in status, status
    # Ids from an outlet (voa, voa-2) in folders of one name: by the folders above them.
    voa.id, voa.path = "voa", "/x/seeds/001.txt"
    arab.id, arab.path = "voa-2", "/y/seeds/001.txt"
    links = [
        replace(lk, target=Side(t, lk.target.sentences))
        for lk, t in zip(links, ["voa", "voa-2"], strict=True)
    ]
    app = ReaderApp(Alignment([da, voa, arab], links, mode="comparable"))
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("j", "j", "j")
        await pilot.pause()
        status = str(app.screen.query_one("#status").render())
        assert "x/seeds/001 #14 0.80 · y/seeds/001 #5 0.70" in status, status


async def test_translation_column_shows_and_hides(hand_alignment: Alignment) -> None:
    # A translation as the engine would fill it: present for the source sentences.
    for s in hand_alignment.source.sentences:
        s.translation = f"(en) {s.text}"
    app = ReaderApp(hand_alignment)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        tr = column(app, "da", "translation")
        assert tr.display
        assert not app.screen.query("#translation-note")
        await pilot.press("j")
        await pilot.pause()
        assert tr.cursor == 1 and tr.twin_selected
        await pilot.press("t")
        await pilot.pause()
        assert not tr.display


async def test_the_translation_heading_differs_from_the_source_when_cut(
    hand_alignment: Alignment,
) -> None:
    """The Danish outlet's long name is cut in a column of 120/3 cells: what says
    "translation" comes first, so it is not cut with it."""
    for s in hand_alignment.source.sentences:
        s.translation = f"(en) {s.text}"
    app = ReaderApp(hand_alignment)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        rows = [strip.text for strip in app.screen._compositor.render_strips()]
        top = next(row for row in rows if row.startswith("╭"))
        source, translation = top.split("╮╭")[:2]
        assert "…" in source, top  # cut, as it is at this width
        assert "Translation" in translation and source != translation, top


async def test_mouse_click_selects_a_sentence(hand_alignment: Alignment) -> None:
    app = ReaderApp(hand_alignment)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        voa = column(app, "voa")
        row = voa.wrapped.rows[2][0]
        await pilot.click("#col-target-0", offset=(5, 1 + row))
        await pilot.pause()
        assert voa.has_focus and voa.cursor == 2
        assert reader(app).active is voa


async def test_help_lists_every_key(hand_alignment: Alignment) -> None:
    app = ReaderApp(hand_alignment)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        listed = str(app.screen.query_one("#help-keys").render())
        for key in (*COLUMN_KEYS, *READER_KEYS):
            assert f"{key.shown}  " in listed and key.description in listed
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)


async def test_every_reader_binding_is_in_the_help(hand_alignment: Alignment) -> None:
    documented = {k for key in (*COLUMN_KEYS, *READER_KEYS) for k in key.keys.split(",")}
    bound = {k for b in ReaderScreen.BINDINGS for k in b.key.split(",")}  # type: ignore[union-attr]
    bound |= {k for b in SentenceColumn.BINDINGS for k in b.key.split(",")}  # type: ignore[union-attr]
    assert bound <= documented


async def test_q_quits(hand_alignment: Alignment) -> None:
    app = ReaderApp(hand_alignment)
    async with app.run_test(size=NARROW) as pilot:
        assert app.return_code is None
        await pilot.press("q")
        await pilot.pause()
        assert app.return_code == 0


async def test_export_writes_what_is_shown(hand_alignment: Alignment, tmp_path: Path) -> None:
    app = ReaderApp(hand_alignment)
    out = tmp_path / "shown.tsv"
    async with app.run_test(size=NARROW) as pilot:
        await pilot.press("plus", "plus", "plus", "plus", "plus", "plus", "plus", "plus")
        threshold = reader(app).state.threshold
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        await pilot.click("#fmt-tsv")
        await pilot.pause()
        path_box = app.screen.query_one("#export-path")
        assert path_box.value.endswith(".tsv")  # type: ignore[attr-defined]
        path_box.value = str(out)  # type: ignore[attr-defined]
        path_box.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8")), delimiter="\t"))
    kept = [link for link in hand_alignment.links if link.score >= threshold]
    dropped = [link for link in hand_alignment.links if link.score < threshold]
    assert kept and dropped
    body = out.read_text("utf-8")

    def target_text(link: Link) -> str:
        return hand_alignment.document(link.target.doc).sentences[link.target.sentences[0]].text

    assert all(target_text(link) in body for link in kept)
    assert not any(target_text(link) in body for link in dropped)
    assert len(rows) >= len(kept)


async def test_export_follows_the_file_name_and_remembers_it(
    hand_alignment: Alignment, tmp_path: Path
) -> None:
    """A name ending in .tsv writes TSV whichever button is on (as -o on the command
    line); the next `e` offers that file and format again; a write that fails names the
    file asked for, not the temporary one beside it."""
    app = ReaderApp(hand_alignment)
    notes: list[str] = []
    app.notify = lambda message, **_kw: notes.append(message)  # type: ignore[method-assign]
    out = tmp_path / "new" / "shown.tsv"
    async with app.run_test(size=NARROW) as pilot:
        await pilot.press("e")
        await pilot.pause()
        box = app.screen.query_one("#export-path")
        assert box.value.endswith(".tmx")  # type: ignore[attr-defined]
        box.value = str(out)  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        note = notes[-1]
        assert note == f"wrote TSV to {out} (made the folder {out.parent})", note
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.query_one("#export-path").value == str(out)  # type: ignore[attr-defined]
        assert app.screen.query_one("#fmt-tsv").value  # type: ignore[attr-defined]
        # A name for a format the reader does not write: said, nothing written.
        app.screen.query_one("#export-path").value = str(tmp_path / "x.json")  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen) and not (tmp_path / "x.json").exists()
        assert "json is not offered here" in notes[-1], notes[-1]
        blocked = tmp_path / "file"
        blocked.write_text("not a folder", "utf-8")
        app.screen.query_one("#export-path").value = str(blocked / "x.html")  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause()
        note = notes[-1]
        assert note == f"could not write {blocked / 'x.html'}: {blocked} is a file, not a folder"
        # A folder not made yet, named as one: said, not written as a file of that name.
        await pilot.press("e")
        await pilot.pause()
        for typed in (f"{tmp_path / 'aligned'}/", f"{tmp_path / 'aligned'}/."):
            app.screen.query_one("#export-path").value = typed  # type: ignore[attr-defined]
            await pilot.press("enter")
            await pilot.pause()
            assert "is a folder: give a file name" in notes[-1], notes[-1]
            assert not (tmp_path / "aligned").exists()
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8")), delimiter="\t"))
    assert rows[0][0] == "source_doc" and len(rows) == len(hand_alignment.links) + 1


async def test_export_cancel_writes_nothing(hand_alignment: Alignment, tmp_path: Path) -> None:
    app = ReaderApp(hand_alignment)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#export-path").value = str(tmp_path / "x.tmx")  # type: ignore[attr-defined]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
    assert not list(tmp_path.iterdir())


async def test_parallel_columns_scroll_together(hand_alignment: Alignment) -> None:
    da, voa = hand_alignment.documents[0], hand_alignment.documents[1]
    # Parallel texts: sentence i of one states sentence 2i of the other.
    links = [Link(Side("da", (i,)), Side("voa", (2 * i,)), 0.9) for i in range(len(da.sentences))]
    app = ReaderApp(Alignment([da, voa], links, mode="parallel"))
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        src, tgt = column(app, "da"), column(app, "voa")
        src.scroll_to(y=src.wrapped.rows[5][0], animate=False, immediate=True)
        await pilot.pause()
        assert src.top_sentence()[0] == 5
        assert tgt.top_sentence()[0] == 10


async def test_switching_article_opens_it_on_the_match(hand_alignment: Alignment) -> None:
    app = ReaderApp(hand_alignment)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        column(app, "da").set_cursor(18)
        await pilot.pause()
        hank = column(app, "hankyoreh")
        assert not hank.display
        await pilot.press("4")
        await pilot.pause()
        assert hank.display
        target = min(linked(hand_alignment, "da", 18)["hankyoreh"])
        first_row = hank.wrapped.rows[target][0]
        assert first_row >= hank.scrollable_content_region.height, "needed a scroll"
        assert first_row in visible_rows(hank)


async def test_export_asks_before_replacing_a_file(
    hand_alignment: Alignment, tmp_path: Path
) -> None:
    out = tmp_path / "kept.tmx"
    out.write_text("mine", "utf-8")
    app = ReaderApp(hand_alignment)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.press("e")
        await pilot.pause()
        box = app.screen.query_one("#export-path")
        box.value = str(out)  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        assert out.read_text("utf-8") == "mine"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
    assert "<tmx" in out.read_text("utf-8")


async def test_page_and_edge_keys(hand_alignment: Alignment) -> None:
    app = ReaderApp(hand_alignment)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        voa = column(app, "voa")
        await pilot.press("tab")  # onto the English article
        await pilot.pause()
        assert voa.has_focus
        last = len(voa.document.sentences) - 1
        for key in ("end", "home", "G", "g"):
            await pilot.press(key)
            await pilot.pause()
            assert voa.cursor == (last if key in ("end", "G") else 0), key
        height = voa.scrollable_content_region.height
        await pilot.press("pagedown")
        await pilot.pause()
        first_page = voa.cursor
        # About a screenful further: the sentence on the row a page below the first one.
        assert voa.wrapped.rows[first_page][1] > height - 2
        assert voa.wrapped.rows[first_page][0] <= height
        await pilot.press("space")
        await pilot.pause()
        second_page = voa.cursor
        assert second_page > first_page
        await pilot.press("pageup")
        await pilot.pause()
        assert voa.cursor < second_page
        assert voa.wrapped.rows[voa.cursor][0] in visible_rows(voa)
        # Every page down moves more than one sentence, also where a page ends on the
        # blank row between two paragraphs.
        await pilot.press("home")
        for _ in range(last):  # bounded: a key that stops moving fails, not hangs
            if voa.cursor >= last:
                break
            before = voa.cursor
            await pilot.press("pagedown")
            await pilot.pause()
            if voa.cursor < last:
                assert voa.wrapped.rows[voa.cursor][0] > voa.wrapped.rows[before][1] + height // 2


async def test_equals_raises_the_threshold_like_plus(hand_alignment: Alignment) -> None:
    app = ReaderApp(hand_alignment)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.press("equals_sign")
        await pilot.pause()
        assert reader(app).state.threshold == 0.05


async def test_the_picker_counts_matches_not_the_selection_itself(
    hand_alignment: Alignment,
) -> None:
    app = ReaderApp(hand_alignment)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        voa = column(app, "voa")
        linked_voa = sorted({t for link in hand_alignment.links if link.target.doc == "voa"
                             for t in link.target.sentences})  # fmt: skip
        voa.focus()
        voa.set_cursor(linked_voa[0])
        await pilot.pause()
        text = str(app.screen.query_one("#picker").render())
        lit = linked(hand_alignment, "voa", linked_voa[0]).get("voa", set()) - {linked_voa[0]}
        label = text.split("│")[0]
        # Voice of America's own tab: the other sentences lit there, or no count at all.
        assert (f"({len(lit)})" in label) if lit else "(" not in label, text


async def test_clicking_an_article_in_the_picker_shows_it(hand_alignment: Alignment) -> None:
    app = ReaderApp(hand_alignment)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = str(app.screen.query_one("#picker").render())
        x = text.index(" 2 ") + 2
        await pilot.click("#picker", offset=(x + 1, 0))  # +1: the picker's left padding
        await pilot.pause()
        assert [c.doc_id for c in reader(app).visible_columns()] == ["da", "alarabiya"]


async def test_help_scrolls_in_a_small_terminal(hand_alignment: Alignment) -> None:
    app = ReaderApp(hand_alignment)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        box = app.screen.query_one("#help-box")
        assert box.max_scroll_y > 0 and box.scroll_y == 0
        await pilot.press("down", "down", "down")
        await pilot.pause()
        assert box.scroll_y == 3
