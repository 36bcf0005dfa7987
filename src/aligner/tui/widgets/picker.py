"""The row of English articles when a narrow terminal shows one at a time."""

from __future__ import annotations

from collections.abc import Sequence

from textual import events
from textual.content import Content
from textual.widgets import Static

from aligner.tui.wrap import shorten


class ArticlePicker(Static):
    """`` 1 VOA (3) │ 2 Al Arabiya │ ...``: the articles on screen reversed, the others
    bold when the selection has matches in them (how many in brackets), else dim. A
    click shows that article (the screen's ``show_article`` action, as the digit keys)."""

    def __init__(self, labels: Sequence[str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.labels = list(labels)
        self._shown: tuple[range, list[int]] | None = None

    def show(self, on_screen: range, matches: Sequence[int]) -> None:
        """``matches[i]``: how many sentences of article ``i`` the selection lights up."""
        self._shown = (on_screen, list(matches))
        self._draw()

    def on_resize(self, event: events.Resize) -> None:
        self._draw()

    def _draw(self) -> None:
        if self._shown is None:
            return
        on_screen, matches = self._shown
        # Labels shortened alike until the row fits: every article stays in reach, and
        # the count of the selection's matches is never what is cut off.
        width = self.content_region.width
        cap = max(map(len, self.labels), default=0)
        while True:
            texts = [
                f" {i + 1} {shorten(label, cap)}{f' ({count})' if count else ''} "
                for i, (label, count) in enumerate(zip(self.labels, matches, strict=True))
            ]
            if not width or cap <= 4 or sum(map(len, texts)) + len(texts) - 1 <= width:
                break
            cap -= 1
        parts = []
        for i, (text, count) in enumerate(zip(texts, matches, strict=True)):
            style = "reverse" if i in on_screen else ("bold" if count else "dim")
            markup = f"[{style} @click=screen.show_article({i})]$text[/]"
            parts.append(Content.from_markup(markup, text=text))
        # Always one line high: no layout pass, which keeps a cursor move cheap.
        self.update(Content("│").join(parts), layout=False)
