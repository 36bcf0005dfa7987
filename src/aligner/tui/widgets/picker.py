"""The row of English articles when a narrow terminal shows one at a time."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import Static


class ArticlePicker(Static):
    """`` 1 VOA (3) │ 2 Al Arabiya │ ...``: the articles on screen reversed, the others
    bold when the selection has matches in them (how many in brackets), else dim. A
    click shows that article (the screen's ``show_article`` action, as the digit keys)."""

    def __init__(self, labels: Sequence[str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.labels = list(labels)

    def show(self, on_screen: range, matches: Sequence[int]) -> None:
        """``matches[i]``: how many sentences of article ``i`` the selection lights up."""
        parts = []
        for i, (label, count) in enumerate(zip(self.labels, matches, strict=True)):
            hint = f" ({count})" if count else ""
            text = f" {i + 1} {label}{hint} "
            style = "reverse" if i in on_screen else ("bold" if count else "dim")
            markup = f"[{style} @click=screen.show_article({i})]$text[/]"
            parts.append(Content.from_markup(markup, text=text))
        # Always one line high: no layout pass, which keeps a cursor move cheap.
        self.update(Content("│").join(parts), layout=False)
