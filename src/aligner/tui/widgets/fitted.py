"""A one-line widget laid out for its own width, as the status line and the article row are."""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.content import Content
from textual.widgets import Static

#: What a fitted line shows at a width (None before the first layout: no cutting).
Line = Callable[[int | None], Content]


class FittedLine(Static):
    """Shows what :meth:`fit` was last given, for the width it has, and again for a new
    width: what is cut to fit must be cut anew when the terminal is resized."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._line: Line | None = None

    def fit(self, line: Line) -> None:
        self._line = line
        self._draw()

    def on_resize(self, event: events.Resize) -> None:
        self._draw()

    def _draw(self) -> None:
        if self._line is not None:
            # One fixed-height line: no layout pass needed, which keeps a cursor move cheap.
            self.update(self._line(self.content_region.width or None), layout=False)
