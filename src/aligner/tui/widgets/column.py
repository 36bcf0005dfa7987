"""One article (or its translation) as a scrolling column of sentences, drawn line by line."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Self

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import BindingType
from textual.color import Color
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from aligner.model import Document
from aligner.tui.keys import COLUMN_KEYS, bindings
from aligner.tui.palette import shade
from aligner.tui.state import Mark, ReaderState, View, WordMarks, strongest
from aligner.tui.wrap import Layout, Line, Piece, lay_out

GUTTER = 2


class SentenceColumn(ScrollView, can_focus=True):
    """Sentences of one document; the cursor, the highlights and unmatched sentences."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "column--cursor",
        "column--unmatched",
        "column--gutter",
        "column--hit",
        "column--evidence",
    }

    BINDINGS: ClassVar[list[BindingType]] = list(bindings(COLUMN_KEYS))

    class Selected(Message):
        """The cursor of a column moved to a sentence (by key or mouse)."""

        def __init__(self, column: SentenceColumn) -> None:
            super().__init__()
            self.column = column

    class Scrolled(Message):
        """The person scrolled a column (wheel or scrollbar), not the cursor."""

        def __init__(self, column: SentenceColumn) -> None:
            super().__init__()
            self.column = column

    def __init__(
        self,
        document: Document,
        view: View,
        state: ReaderState,
        *,
        title: str | None = None,
        translated_to: str = "en",
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.document = document
        self.view: View = view
        self.state = state
        self.cursor = 0
        self.marks: dict[int, Mark] = {}
        #: The words that make the explained link, per sentence: character spans of its text.
        self.words: WordMarks = {}
        #: Shows the cursor while unfocused: the twin column of the selected document.
        self.twin_selected = False
        self.hits: set[int] = set()
        #: Called when the cursor moves (the reader sets it); else a Selected message is posted.
        self.on_select: Callable[[SentenceColumn], None] | None = None
        self._style_cache: dict[str, Style] | None = None
        self._mark_cache: dict[tuple[int, float], tuple[Style, Style]] = {}
        self._layout = Layout([], {})
        self._width = 0
        #: Set while the app scrolls this column, so that scroll is not taken for the user's.
        self.following = False
        lang = document.lang
        # ``title``: the label, told apart from another article's of the same name.
        label = title or document.label
        if view == "translation":
            # What tells it from the source's heading first: a long label is cut at the end.
            self.border_title = f"Translation · {label}"
            self.border_subtitle = f"{lang}→{translated_to}"
        else:
            self.border_title = label
            self.border_subtitle = lang

    @property
    def doc_id(self) -> str:
        return self.document.id

    @property
    def wrapped(self) -> Layout:
        """The sentences as rows at the current width."""
        return self._layout

    def _pieces(self) -> list[Piece]:
        out = []
        for s in self.document.sentences:
            text = s.text if self.view == "original" else (s.translation or "")
            out.append(Piece(s.id, s.paragraph, text))
        return out

    def _relayout(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0 or width == self._width:
            return
        self._width = width
        self._layout = lay_out(self._pieces(), width - GUTTER)
        self.virtual_size = Size(width, len(self._layout.lines))
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        # Re-wrapping moves every row: keep the same sentence at the top, and the cursor in view.
        anchor, _ = self.top_sentence()
        self._relayout()
        if anchor is not None:
            self.show_at_top(anchor)
        elif self.marks:
            # First shown (a narrow terminal switched to it): open on the match.
            self.reveal(strongest(self.marks), with_context=True)
        if self.has_focus or self.twin_selected:
            self.reveal(self.cursor)

    def on_mount(self) -> None:
        self._relayout()

    # Drawing ------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        scroll_y = self.scroll_offset.y
        row = y + scroll_y
        width = self.scrollable_content_region.width
        styles = self._styles()
        base = styles["base"]
        lines = self._layout.lines
        if row >= len(lines) or lines[row].sentence is None:
            return Strip.blank(width, base)
        line = lines[row]
        sid = line.sentence
        assert sid is not None
        gutter_style = styles["gutter"]
        mark = self.marks.get(sid)
        show_cursor = sid == self.cursor and (self.has_focus or self.twin_selected)
        if show_cursor:
            text_style = styles["cursor"]
            gutter = "▶ " if line.first else "  "
        elif mark is not None:
            text_style, gutter_style = self._mark_styles(mark, base)
            gutter = "█ "
        elif self.state.is_matched(self.doc_id, sid):
            text_style = base
            gutter = "│ "
        else:
            text_style = styles["unmatched"]
            gutter = "  "
        if sid in self.hits and not show_cursor:
            text_style += styles["hit"]
        text = line.text
        pad = max(0, width - GUTTER - cell_len(text))
        segments = [Segment(gutter, gutter_style)]
        spans = self.words.get(sid)
        if spans:
            segments += _marked(line, spans, text_style, text_style + styles["evidence"])
            segments.append(Segment(" " * pad, text_style))
        else:
            segments.append(Segment(text + " " * pad, text_style))
        return Strip(segments, width).crop(0, width)

    def _styles(self) -> dict[str, Style]:
        """The styles of one paint, worked out once rather than for every line."""
        if self._style_cache is None:
            base = self.rich_style
            self._style_cache = {
                "base": base,
                "gutter": base + self.get_component_rich_style("column--gutter"),
                "cursor": base + self.get_component_rich_style("column--cursor"),
                "unmatched": base + self.get_component_rich_style("column--unmatched"),
                "hit": self.get_component_rich_style("column--hit"),
                # Partial: only the weight and line, over whatever colours the row has.
                "evidence": self.get_component_rich_style("column--evidence", partial=True),
            }
            self._mark_cache.clear()
        return self._style_cache

    def _mark_styles(self, mark: Mark, base: Style) -> tuple[Style, Style]:
        key = (mark.slot, round(mark.score, 3))
        cached = self._mark_cache.get(key)
        if cached is None:
            background: Color = self.background_colors[1]
            bg = shade(background, mark.slot, mark.score, dark=self.app.current_theme.dark)
            fg = bg.get_contrast_text(1.0)
            cached = (
                base + Style(bgcolor=bg.rich_color, color=fg.rich_color),
                base + Style(color=bg.rich_color),
            )
            self._mark_cache[key] = cached
        return cached

    def refresh(self, *regions: Region, **kwargs: Any) -> Self:
        # Focus, theme and CSS changes all come through here: forget the styles of the last paint.
        self._style_cache = None
        return super().refresh(*regions, **kwargs)

    # Cursor and scrolling ------------------------------------------------------------

    def set_cursor(self, sentence: int, *, announce: bool = True) -> None:
        n = len(self.document.sentences)
        if n == 0:
            return
        old, self.cursor = self.cursor, max(0, min(n - 1, sentence))
        self.repaint({old, self.cursor})
        self.reveal(self.cursor)
        if announce:
            if self.on_select is not None:
                # Handled now, not as a message: the move and its highlights share one frame.
                self.on_select(self)
            else:
                self.post_message(self.Selected(self))

    def show(
        self,
        marks: dict[int, Mark],
        *,
        twin: bool,
        cursor: int | None = None,
        words: WordMarks | None = None,
    ) -> None:
        """New highlights, marked words (and the twin cursor); repaints only what changes."""
        words = words or {}
        dirty = {
            sid for sid in set(self.marks) | set(marks) if self.marks.get(sid) != marks.get(sid)
        }
        dirty |= {
            sid for sid in set(self.words) | set(words) if self.words.get(sid) != words.get(sid)
        }
        self.words = words
        if twin != self.twin_selected or (cursor is not None and cursor != self.cursor):
            dirty.add(self.cursor)
            if cursor is not None:
                dirty.add(cursor)
                self.cursor = cursor
        self.marks = marks
        self.twin_selected = twin
        self.repaint(dirty)

    def repaint(self, sentences: set[int]) -> None:
        """Redraw only the rows of these sentences: a cursor move touches a handful of rows."""
        for sid in sentences:
            rows = self._layout.rows.get(sid)
            if rows is not None:
                self.refresh_lines(rows[0], rows[1] - rows[0])

    def reveal(self, sentence: int, *, with_context: bool = False) -> None:
        """Scroll the least needed to show the whole sentence (its first row if too tall).

        ``with_context``: a match brought into view lands a third of the way down, with
        what leads up to it above, rather than on the bottom edge.
        """
        rows = self._layout.rows.get(sentence)
        if rows is None:
            return
        start, end = rows
        height = self.scrollable_content_region.height
        top = int(self.scroll_offset.y)
        if start >= top and end <= top + height:
            return
        if with_context and end - start < height:
            target = start - height // 3
        else:
            target = start if (start < top or end - start > height) else end - height
        self.scroll_rows(target)

    def in_view(self, sentence: int) -> bool:
        """Whether any row of the sentence is on screen."""
        rows = self._layout.rows.get(sentence)
        if rows is None:
            return False
        top = int(self.scroll_offset.y)
        return rows[0] < top + self.scrollable_content_region.height and rows[1] > top

    def scroll_rows(self, top: int) -> None:
        self.following = True
        self.scroll_to(y=max(0, top), animate=False, immediate=True)
        self.following = False

    def top_sentence(self) -> tuple[int | None, int]:
        """The sentence at the top row and how many of its rows are scrolled past."""
        top = int(self.scroll_offset.y)
        lines = self._layout.lines
        for row in range(top, len(lines)):
            sid = lines[row].sentence
            if sid is not None:
                return sid, max(0, top - self._layout.rows[sid][0])
        return None, 0

    def show_at_top(self, sentence: int, offset: int = 0) -> None:
        rows = self._layout.rows.get(sentence)
        if rows is not None:
            self.scroll_rows(rows[0] + offset)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if not self.following and round(old_value) != round(new_value):
            self.post_message(self.Scrolled(self))

    def action_move(self, step: int) -> None:
        self.set_cursor(self.cursor + step)

    def action_page(self, step: int) -> None:
        height = max(1, self.scrollable_content_region.height - 1)
        rows = self._layout.rows.get(self.cursor)
        if rows is None:
            return
        last = len(self._layout.lines) - 1
        row = min(last, max(0, rows[0] + step * height))
        target = self._layout.sentence_at(row)
        # A blank row between paragraphs: the next sentence on in the direction of travel.
        while target is None and 0 <= row + step <= last:
            row += step
            target = self._layout.sentence_at(row)
        if target is None:
            target = self.cursor + step
        if target == self.cursor:
            target += step
        self.set_cursor(target)

    def action_edge(self, step: int) -> None:
        self.set_cursor(0 if step < 0 else len(self.document.sentences) - 1)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        sid = self._layout.sentence_at(offset.y + int(self.scroll_offset.y))
        self.focus()
        if sid is not None:
            self.set_cursor(sid)

    def on_focus(self, event: events.Focus) -> None:
        self.refresh()

    def on_blur(self, event: events.Blur) -> None:
        self.refresh()


def _marked(line: Line, spans: list[tuple[int, int]], style: Style, marked: Style) -> list[Segment]:
    """The row's text as segments, the characters of ``spans`` in the ``marked`` style."""
    runs = sorted(run for start, end in spans for run in line.columns(start, end))
    out: list[Segment] = []
    at = 0
    for a, b in runs:
        a = max(a, at)
        if a >= b:
            continue  # inside a run already drawn: two clues share these characters
        if a > at:
            out.append(Segment(line.text[at:a], style))
        out.append(Segment(line.text[a:b], marked))
        at = b
    if at < len(line.text):
        out.append(Segment(line.text[at:], style))
    return out
