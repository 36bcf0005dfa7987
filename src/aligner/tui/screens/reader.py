"""The reader: the articles in columns, the selection and its matches lit up."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Input

from aligner.errors import AlignerError
from aligner.export.names import status_names, told_apart
from aligner.fsutil import atomic_write_text
from aligner.model import Alignment
from aligner.tui.keys import READER_KEYS, bindings
from aligner.tui.screens.help import HelpScreen
from aligner.tui.state import (
    SHOWN_FLOOR,
    Highlights,
    Place,
    ReaderState,
    landing,
    strongest,
    weaker_links_hint,
)
from aligner.tui.widgets.column import SentenceColumn
from aligner.tui.widgets.footer import ReaderFooter
from aligner.tui.widgets.note import InstallNote
from aligner.tui.widgets.picker import ArticlePicker
from aligner.tui.widgets.status import StatusBar
from aligner.tui.wrap import distinct

#: The threshold shown when none is asked for: the one `aligner align` keeps links at.
SHOWN_BY_DEFAULT = 0.5
#: Narrower than this, a column wraps too often to read; show fewer columns instead.
MIN_COLUMN_WIDTH = 38


class ReaderScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = list(bindings(READER_KEYS))

    def __init__(
        self,
        alignment: Alignment,
        *,
        threshold: float | None = 0.0,
        source_sentence: int = 0,
    ) -> None:
        super().__init__()
        self.alignment = alignment
        #: The source sentence selected at first (the archive reader keeps it across sets).
        self.source_sentence = source_sentence
        # None: none asked for, the reader's own (what `align` keeps), or the alignment's
        # floor if higher, unsaid. 0: everything the alignment holds.
        self.state = ReaderState(alignment, SHOWN_BY_DEFAULT if threshold is None else threshold)
        #: The threshold asked for, when the alignment holds no links that weak.
        self.raised_from = (
            threshold if threshold is not None and 0 < threshold < self.state.floor else None
        )
        self.has_translation = alignment.source.has_translation
        # The source is translated into the (first) articles' language: an English text
        # beside English reports has nothing to translate and no model to miss.
        targets = alignment.targets
        self.target_lang = targets[0].lang if targets else "en"
        self.missing_model = not self.has_translation and alignment.source.lang != self.target_lang
        served = sum(d.lang == self.target_lang for d in targets)
        #: Which articles a model would serve, when not all: an English source beside a
        #: Danish article and two English ones needs en→da for one article only.
        self.model_scope = (
            "" if served == len(targets) else f" (for {served} of {len(targets)} articles)"
        )
        #: What the status line calls each article: its id, or its file's name where the id
        #: tells nothing (:func:`aligner.export.names.status_names`).
        docs = alignment.documents
        names = distinct(status_names(docs), 16)
        self.names = dict(zip((d.id for d in docs), names, strict=True))
        #: The translation column, or while no model is installed, the note saying how to get one.
        self.show_translation = True
        #: In a narrow terminal only one English article shows at a time: this one.
        self.article = 0
        self.narrow = False
        self.shown_articles = range(len(alignment.targets))
        self.active: SentenceColumn | None = None
        #: Columns in the order last visited, latest first: whose cursor says which link
        #: of a selection with several the person is looking at.
        self.visited: list[SentenceColumn] = []
        self.message = ""
        #: The last export's format and path, offered again by the next ``e``.
        self.last_export: tuple[str, Path] | None = None
        #: What was typed in the search box when focus left it unsubmitted: the next ``/``
        #: offers it again rather than the last search.
        self.search_draft: str | None = None

    # Building -----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        src = self.alignment.source
        if self.missing_model:
            yield InstallNote(src.lang, self.target_lang, self.model_scope, id="translation-note")
        docs = self.alignment.documents
        titles = told_apart([d.label for d in docs], docs)
        targets = self.alignment.targets
        labels = told_apart([d.outlet or d.label for d in targets], targets)
        yield ArticlePicker(distinct(labels, 18), id="picker")
        with Horizontal(id="columns"):
            yield SentenceColumn(src, "original", self.state, title=titles[0], id="col-source")
            if self.has_translation:
                yield SentenceColumn(
                    src,
                    "translation",
                    self.state,
                    title=titles[0],
                    translated_to=self.target_lang,
                    id="col-translation",
                )
            for i, doc in enumerate(targets):
                yield SentenceColumn(
                    doc, "original", self.state, title=titles[i + 1], id=f"col-target-{i}"
                )
        yield Input(placeholder="search all columns (Enter: go, Esc: close)", id="search")
        yield StatusBar(id="status")
        yield ReaderFooter()

    def on_mount(self) -> None:
        for col in self.columns:
            col.on_select = self.column_selected
        self.query_one("#search", Input).display = False
        first = self.columns[0]
        if self.source_sentence:
            first.set_cursor(self.source_sentence, announce=False)
        self._visit(first)
        first.focus()
        self._arrange(self.size.width)
        self.refresh_selection(scroll=False)
        if self.raised_from is not None:
            # Said by the refresh below, the first the person sees.
            floor = self.state.floor
            self.message = f"{self.raised_from:.2f} asked; links go down to {floor:.2f}"
            if floor > SHOWN_FLOOR:
                # A file made above the reader's own floor: how to get what was asked. At
                # or below it (the reader aligned these, or the archive reader kept a
                # threshold across sets), the links stay on the line; `-` tells how.
                self.message += ": " + weaker_links_hint(floor, round(self.raised_from, 2))
        # Once the columns know their width (and rows), bring the first matches into view.
        self.call_after_refresh(self.refresh_selection)

    # Columns and layout -------------------------------------------------------------

    @property
    def columns(self) -> list[SentenceColumn]:
        return list(self.query(SentenceColumn))

    @property
    def targets(self) -> list[SentenceColumn]:
        return [c for c in self.columns if c.doc_id != self.alignment.source.id]

    def visible_columns(self) -> list[SentenceColumn]:
        return [c for c in self.columns if c.display]

    def on_resize(self, event: Resize) -> None:
        was = self.active
        self._arrange(event.size.width)
        if self.active is not was:
            # The selected column went out of view: the status line follows the new one.
            self.refresh_selection(scroll=False)

    def _arrange(self, width: int) -> None:
        """Every column side by side when they fit; else the source and one article."""
        source_cols = 1 + (1 if self.show_translation and self.has_translation else 0)
        targets = self.targets
        self.narrow = width < MIN_COLUMN_WIDTH * (source_cols + len(targets))
        # As many articles as fit, starting with the chosen one; at least one.
        fit = max(1, width // MIN_COLUMN_WIDTH - source_cols)
        first = max(0, min(self.article, len(targets) - fit))
        self.shown_articles = range(first, min(len(targets), first + fit))
        for col in self.columns:
            if col.view == "translation":
                col.display = self.show_translation
            elif col in targets:
                col.display = targets.index(col) in self.shown_articles
        for note in self.query(InstallNote):
            note.display = self.show_translation and not self.has_translation
        picker = self.query_one(ArticlePicker)
        picker.display = self.narrow and len(targets) > 1
        if self.active is not None and not self.active.display:
            self._activate(self.columns[0])
        self._update_picker()

    def _update_picker(self, marks: Highlights | None = None) -> None:
        if not self.narrow:
            return
        place = self.place()
        if marks is None and place is not None:
            marks = self.state.highlights(place.doc, place.sentence)
        # Matches elsewhere: in the selected sentence's own article, not the sentence itself.
        counts = [
            len(
                set(marks.in_doc(d.id))
                - ({place.sentence} if place and place.doc == d.id else set())
            )
            if marks
            else 0
            for d in self.alignment.targets
        ]
        self.query_one(ArticlePicker).show(self.shown_articles, counts)

    # Selection ----------------------------------------------------------------------

    def place(self) -> Place | None:
        col = self.active
        if col is None:
            return None
        return Place(col.doc_id, col.cursor, col.view)

    def _activate(self, col: SentenceColumn) -> None:
        self._visit(col)
        if not col.has_focus:
            col.focus()

    def _visit(self, col: SentenceColumn) -> None:
        self.active = col
        if self.visited[:1] != [col]:
            self.visited = [col, *(c for c in self.visited if c is not col)]

    def refresh_selection(self, *, scroll: bool = True, repaint: bool = False) -> None:
        """Light up the selection's matches everywhere and bring the first into view."""
        place = self.place()
        if place is None:
            return
        pointed = [(c.doc_id, c.cursor) for c in self.visited if c.doc_id != place.doc]
        hl = self.state.highlights(place.doc, place.sentence, pointed)
        for col in self.columns:
            twin = col is not self.active and col.doc_id == place.doc
            col.show(
                hl.in_doc(col.doc_id),
                twin=twin,
                cursor=place.sentence if twin else None,
                words=hl.words_in(col.doc_id, col.view),
            )
            if repaint:
                col.refresh()
            if not scroll or col is self.active:
                continue
            if twin:
                col.reveal(place.sentence)
            elif col.marks:
                col.reveal(strongest(col.marks), with_context=True)
        self._update_picker(hl)
        self.query_one(StatusBar).show(
            place,
            hl.links,
            self.alignment.mode,
            self.state.threshold,
            self.message,
            self.names,
            explained=hl.explained,
        )
        self.message = ""

    @on(SentenceColumn.Selected)
    def _selected(self, event: SentenceColumn.Selected) -> None:
        self.column_selected(event.column)

    def column_selected(self, column: SentenceColumn) -> None:
        self._visit(column)
        self.refresh_selection()

    def on_descendant_focus(self) -> None:
        focused = self.focused
        if isinstance(focused, SentenceColumn) and focused is not self.active:
            self._visit(focused)
            self.refresh_selection()

    @on(SentenceColumn.Scrolled)
    def _scrolled(self, event: SentenceColumn.Scrolled) -> None:
        """Parallel texts scroll together: the others follow the one the person scrolls."""
        if self.alignment.mode != "parallel":
            return
        col = event.column
        top, _ = col.top_sentence()
        if top is None:
            return
        for other in self.visible_columns():
            if other is col:
                continue
            target = top if other.doc_id == col.doc_id else self._counterpart(col, top, other)
            if target is not None:
                other.show_at_top(target)

    def _counterpart(self, col: SentenceColumn, sid: int, other: SentenceColumn) -> int | None:
        n = len(col.document.sentences)
        for near in range(sid, min(n, sid + 20)):
            for link in self.state.links_at(col.doc_id, near):
                if link.target.doc == other.doc_id:
                    return link.target.sentences[0]
                if link.source.doc == other.doc_id:
                    return link.source.sentences[0]
        return None

    def say(self, message: str) -> None:
        """A passing note on the status line (replaced at the next move)."""
        self.message = message
        self.refresh_selection(scroll=False)

    # Actions ------------------------------------------------------------------------

    def action_match(self, step: int) -> None:
        col = self.active
        if col is None:
            return
        target = self.state.next_matched(col.doc_id, col.cursor, step)
        if target is None:
            self.say("no further matched sentence")
            return
        col.set_cursor(target)

    def action_unmatched(self, step: int) -> None:
        col = self.active
        if col is None:
            return
        target = self.state.next_unmatched(col.doc_id, col.cursor, step)
        if target is None:
            self.say("no further unmatched sentence")
            return
        col.set_cursor(target)

    def action_focus_column(self, step: int) -> None:
        visible = self.visible_columns()
        if not visible:
            return
        current = self.active if self.active in visible else visible[0]
        nxt = visible[(visible.index(current) + step) % len(visible)]
        # Arriving on a column with a match of the selection: land on the match; else on
        # what it shows, not on a cursor scrolled out of view.
        if nxt.marks and nxt.doc_id != current.doc_id:
            nxt.set_cursor(landing(nxt.marks, nxt.cursor, nxt in self.visited), announce=False)
        elif not nxt.in_view(nxt.cursor):
            top, _ = nxt.top_sentence()
            if top is not None:
                nxt.set_cursor(top, announce=False)
        self._activate(nxt)
        self.refresh_selection()

    def action_threshold(self, step: int) -> None:
        if step > 0:
            if not self.state.raise_threshold():
                self.say("the threshold is at 1.00: no link scores higher")
                return
        elif not self.state.lower_threshold():
            floor = self.state.floor
            if floor <= 0:
                self.say("the threshold is at 0.00: every link is shown")
            else:
                self.say(f"no links below {floor:.2f}: " + weaker_links_hint(floor))
            return
        self.refresh_selection(scroll=False, repaint=True)

    def action_toggle_translation(self) -> None:
        if not self.has_translation and not self.missing_model:
            # Else the key would do nothing and say nothing.
            lang = self.alignment.source.lang
            # The aligner translates into the first article's language only: another
            # article in a third language does not change that.
            same = all(d.lang == lang for d in self.alignment.targets)
            whose = "the articles are" if same else "the first article is"
            self.say(f"no translation: the source is in {lang}, as {whose}")
            return
        self.show_translation = not self.show_translation
        self._arrange(self.size.width)
        self.refresh_selection(scroll=False)

    def action_next_article(self) -> None:
        """The first article after those shown (round to the first): with two shown at a
        time, the next two."""
        n = len(self.alignment.targets)
        if n:
            # When all fit, the next article's column, one step at a time.
            nxt = self.shown_articles.stop if self.narrow else self.article + 1
            self.action_show_article(nxt % n)

    def action_show_article(self, index: int) -> None:
        targets = self.targets
        if not 0 <= index < len(targets):
            return
        # Asked before the layout changes: it moves the selection off a column it hides.
        in_article = self.active is not None and self.active in targets
        self.article = index
        self._arrange(self.size.width)
        col = targets[index]
        if in_article and self.active is not col:
            self._activate(col)
        self.refresh_selection()

    def action_search(self) -> None:
        box = self.query_one("#search", Input)
        box.display = True
        box.value = self.search_draft if self.search_draft is not None else self.state.query
        self.search_draft = None
        box.focus()

    @on(Input.Blurred, "#search")
    def _search_left(self, event: Input.Blurred) -> None:
        """Focus went elsewhere (Tab, a click) while the box was open: close it, since it
        no longer takes Enter, and keep what was typed for the next ``/``. Enter and Esc
        close it before the focus moves, and come here with nothing to do."""
        box = event.input
        # The terminal window losing focus blurs the box too, and gives the focus back
        # to it on return: hidden then, it would swallow every key.
        if box.display and self.app.app_focus:
            self.search_draft = box.value
            box.display = False

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        self._close_search()
        if not event.value.strip():
            self.say("nothing to search for: type a word after /")
            return
        views = [(c.doc_id, c.view) for c in self.columns]
        # From the selection on: the first hit after it, in column order.
        hits = self.state.start_search(event.value, views, self.place())
        for col in self.columns:
            col.hits = self.state.hits_in(col.doc_id, col.view)
            col.refresh()
        if not hits:
            self.say(f"not found: {event.value}")
            return
        self.action_hit(1)

    def action_close_search(self) -> None:
        if self.query_one("#search", Input).display:
            self._close_search()

    def _close_search(self) -> None:
        self.query_one("#search", Input).display = False
        if self.active is not None:
            self.active.focus()

    def action_hit(self, step: int) -> None:
        hit = self.state.next_hit(step)
        if hit is None:
            q = self.state.query.strip()
            self.say(f"not found: {q}" if q else "no search: press / to search")
            return
        col = next(c for c in self.columns if (c.doc_id, c.view) == (hit.doc, hit.view))
        if not col.display and col in self.targets:
            self.article = self.targets.index(col)
            self._arrange(self.size.width)
        if col.view == "translation" and not col.display:
            self.action_toggle_translation()
        self._activate(col)
        self.message = self.state.hit_label()
        col.set_cursor(hit.sentence)

    def action_export(self) -> None:
        # Deferred: ~7 ms to import (bench/startup.py) that the reader's launch need not pay.
        from aligner.tui.screens.export import ExportScreen

        def done(choice: tuple[str, Path] | None) -> None:
            if choice is not None:
                self.last_export = choice
                self.export(*choice)

        self.app.push_screen(ExportScreen(self.last_export), done)

    def export(self, fmt: str, path: Path) -> None:
        # A folder named that does not exist yet is made, and said: it may be a typo.
        new = next((p for p in reversed(path.parents) if not p.exists()), None)
        under = next((p for p in path.parents if p.exists()), None)
        if under is not None and not under.is_dir():
            # The OS says "File exists" of the folder it could not make.
            self.notify(
                f"could not write {path}: {under} is a file, not a folder", severity="error"
            )
            return
        try:
            # Deferred: ~15 ms to import (bench/startup.py; xml, csv), off the reader's launch.
            from aligner.export import render

            atomic_write_text(path, render(self.state.shown(), fmt))
        except OSError as e:
            # The reason, of the file asked for (not of the temporary file beside it).
            self.notify(f"could not write {path}: {e.strerror or e}", severity="error")
            return
        except (AlignerError, ImportError, ValueError) as e:
            self.notify(f"could not export to {path}: {e}", severity="error")
            return
        made = f" (made the folder {new})" if new is not None else ""
        self.notify(f"wrote {fmt.upper()} to {path}{made}")

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(getattr(self.app, "EXTRA_KEYS", ())))
