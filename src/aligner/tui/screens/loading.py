"""While the articles are read, translated, encoded and aligned; or why they could not be."""

from __future__ import annotations

import time
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import LoadingIndicator, Static


class LoadingScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("q,escape", "app.quit", "quit")]

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what
        self.started = time.monotonic()
        self.last = ""
        self.timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="loading-box"):
            title = Content.from_markup("[b]Opening[/b] $what", what=self.what)
            yield Static(title, id="loading-title")
            yield LoadingIndicator(id="loading-spinner")
            yield Static("reading, translating, encoding and aligning…", id="loading-step")
            yield Static("[dim]q quits[/dim]", id="loading-hint")

    def on_mount(self) -> None:
        self.timer = self.set_interval(0.5, self._tick)

    def _tick(self) -> None:
        elapsed = time.monotonic() - self.started
        step = self.last or "reading, translating, encoding and aligning…"
        self.query_one("#loading-step", Static).update(
            Content.from_markup("$step  [dim]$elapsed s[/dim]", step=step, elapsed=f"{elapsed:.0f}")
        )

    def progress(self, message: str) -> None:
        self.last = message
        self._tick()

    def fail(self, message: str) -> None:
        """Replace the spinner with the reason: no traceback, one thing to do about it."""
        if self.timer is not None:
            self.timer.stop()
        self.query_one("#loading-spinner").display = False
        self.query_one("#loading-title", Static).update("[b]Could not open the articles[/b]")
        self.query_one("#loading-step", Static).update(Content(message))
        self.query_one("#loading-box").add_class("-error")
