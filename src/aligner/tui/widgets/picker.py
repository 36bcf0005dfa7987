"""The row of English articles when a narrow terminal shows one at a time."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content

from aligner.tui.widgets.fitted import FittedLine
from aligner.tui.wrap import distinct


class ArticlePicker(FittedLine):
    """`` 1 VOA (3) │ 2 Al Arabiya │ ...``: the articles on screen reversed, the others
    bold when the selection has matches in them (how many in brackets), else dim. A
    click shows that article (the screen's ``show_article`` action, as the digit keys)."""

    def __init__(self, labels: Sequence[str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.labels = list(labels)

    def show(self, on_screen: range, matches: Sequence[int]) -> None:
        """``matches[i]``: how many sentences of article ``i`` the selection lights up."""
        counts = list(matches)
        self.fit(lambda width: self._row(on_screen, counts, width))

    def _row(self, on_screen: range, matches: list[int], width: int | None) -> Content:
        # Labels shortened alike until the row fits: every article stays in reach, and
        # the count of the selection's matches is never what is cut off.
        cap = max(map(len, self.labels), default=0)
        while True:
            short = distinct(self.labels, cap)
            texts = [
                f" {i + 1} {label}{f' ({count})' if count else ''} "
                for i, (label, count) in enumerate(zip(short, matches, strict=True))
            ]
            if not width or cap <= 4 or sum(map(len, texts)) + len(texts) - 1 <= width:
                break
            cap -= 1
        parts = []
        for i, (text, count) in enumerate(zip(texts, matches, strict=True)):
            style = "reverse" if i in on_screen else ("bold" if count else "dim")
            markup = f"[{style} @click=screen.show_article({i})]$text[/]"
            parts.append(Content.from_markup(markup, text=text))
        return Content("│").join(parts)
