"""The bottom line: mode, threshold, the selected sentence and the scores of its links."""

from __future__ import annotations

from collections.abc import Mapping

from textual.content import Content
from textual.widgets import Static

from aligner.model import Link
from aligner.tui.state import Place


def describe(
    place: Place | None,
    links: list[Link],
    mode: str,
    threshold: float,
    note: str = "",
    names: Mapping[str, str] | None = None,
) -> Content:
    """``mode │ ≥threshold │ doc #n → other #m score · ...``; sentence numbers count from 1."""
    names = names or {}
    parts: list[Content] = [Content.from_markup("[b]$mode[/b]", mode=mode)]
    parts.append(Content(f"≥{threshold:.2f}"))
    if place is not None:
        where = f"{names.get(place.doc, place.doc)} #{place.sentence + 1}"
        if not links:
            parts.append(Content.from_markup("$where [dim]no match[/dim]", where=where))
        else:
            scores = []
            for link in links[:4]:
                other = link.target if link.source.doc == place.doc else link.source
                ids = ",".join(str(i + 1) for i in other.sentences)
                scores.append(f"{names.get(other.doc, other.doc)} #{ids} {link.score:.2f}")
            more = f" +{len(links) - 4}" if len(links) > 4 else ""
            parts.append(Content(f"{where} → " + " · ".join(scores) + more))
    if note:
        parts.append(Content(note))
    return Content(" │ ").join(parts)


class StatusBar(Static):
    """One line; the app calls :meth:`show` whenever the selection or threshold changes."""

    def show(self, place: Place | None, links: list[Link], mode: str, threshold: float,
             note: str = "", names: Mapping[str, str] | None = None) -> None:
        # One fixed-height line: no layout pass needed, which keeps a cursor move cheap.
        self.update(describe(place, links, mode, threshold, note, names), layout=False)
