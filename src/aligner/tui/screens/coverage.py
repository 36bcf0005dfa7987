"""`a` in ``aligner read SOURCE --archive DIR``: the ranked articles, to swap in or out."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import SelectionList, Static
from textual.widgets.selection_list import Selection

from aligner.coverage import Match, Ranking
from aligner.documents import manifest_entry
from aligner.model import score_text
from aligner.tui.wrap import shorten


class CoverageScreen(ModalScreen[list[str] | None]):
    """Ticks mark the articles beside the source; Enter applies, Esc leaves them as they were."""

    # Here rather than in reader.tcss: the screen is only part of the archive reader.
    DEFAULT_CSS = """
    CoverageScreen { align: center middle; background: $background 60%; }
    #coverage-box {
        width: 110; max-width: 95%; height: auto; max-height: 90%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    #coverage-list { height: auto; max-height: 24; margin: 1 0; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "cancel", "leave as is"),
        # Priority: the list itself takes Enter to tick, and Space does that already.
        Binding("enter", "apply", "read these", priority=True),
    ]

    def __init__(self, ranking: Ranking, shown: list[str]) -> None:
        super().__init__()
        self.ranking = ranking
        self.shown = list(shown)

    def compose(self) -> ComposeResult:
        r = self.ranking
        with Vertical(id="coverage-box"):
            yield Static(
                Content.from_markup(
                    "[b]Coverage in the archive[/b]  $n of $searched '$lang' articles, best first",
                    n=str(len(r.matches)),
                    searched=str(r.searched),
                    lang=r.language,
                ),
                id="coverage-title",
            )
            options = [Selection(_label(m), m.path, m.path in self.shown) for m in r.matches]
            yield SelectionList[str](*options, id="coverage-list")
            yield Static(
                "[dim]Space ticks or unticks · Enter reads the ticked · Esc leaves as is[/dim]",
                id="coverage-hint",
            )

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    def action_apply(self) -> None:
        chosen = list(self.query_one(SelectionList).selected)
        if not chosen:
            self.notify("tick at least one article to read beside the source", severity="warning")
            return
        # In the ranking's order, whatever order they were ticked in.
        order = {m.path: i for i, m in enumerate(self.ranking.matches)}
        self.dismiss(sorted(chosen, key=order.__getitem__))

    def action_cancel(self) -> None:
        self.dismiss(None)


def _label(m: object) -> Content:
    assert isinstance(m, Match)
    fact = m.pairs[0].target_text if m.pairs else "no sentence in common"
    fact = shorten(" ".join(fact.split()), 70)
    # The outlet its folder's manifest gives, as the reader's columns are headed.
    entry = manifest_entry(m.path)
    outlet = entry.get("outlet") if entry else None
    name = f"{outlet} ({m.name})" if isinstance(outlet, str) and outlet else m.name
    return Content.from_markup(
        "[b]$score[/b]  $name  [dim]$shared shared · $fact[/dim]",
        score=score_text(m.score),
        name=name,
        shared=str(m.shared_sentences),
        fact=fact,
    )
