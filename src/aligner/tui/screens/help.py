"""`?`: every key of the reader, read from the same table the bindings come from."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from aligner.tui.keys import COLUMN_KEYS, READER_KEYS, Key


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "close", show=False),
    ]

    def __init__(self, extra: tuple[Key, ...] = ()) -> None:
        super().__init__()
        #: Keys of the app around the reader (the archive reader's ``a``).
        self.keys = (*COLUMN_KEYS, *READER_KEYS, *extra)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(
                "[b]Reading aligned articles[/b]\n"
                "The selected sentence and every sentence linked to it light up, one colour "
                "per link, stronger when surer; [i]dim italic[/i] sentences have no "
                "counterpart; │ marks matched ones. [b][u]Bold underlined[/u][/b] words are "
                "what made the link: the status line tells them.",
                id="help-intro",
            )
            width = max(len(k.shown) for k in self.keys) + 2
            rows = [
                Content.from_markup(
                    "[b]$key[/b]$pad$does",
                    key=k.shown,
                    pad=" " * (width - len(k.shown)),
                    does=k.description,
                )
                for k in self.keys
            ]
            yield Static(Content("\n").join(rows), id="help-keys")
            yield Static("[dim]Esc, q or ? closes this help[/dim]", id="help-close")

    def on_mount(self) -> None:
        # Focused, so the arrow keys scroll the list in a short terminal.
        self.query_one("#help-box").focus()

    def action_dismiss(self, result: None = None) -> None:  # type: ignore[override]
        self.dismiss(None)
