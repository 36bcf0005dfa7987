"""The bottom line: mode, threshold, the selected sentence, the scores of its links, and
why the explained link was made."""

from __future__ import annotations

from collections.abc import Mapping

from rich.cells import cell_len, set_cell_size
from textual.content import Content

from aligner.model import Link, score_text
from aligner.tui.state import Place
from aligner.tui.widgets.fitted import FittedLine

SEPARATOR = " │ "
#: Fewer cells than this left for the reasons: list fewer links to make room.
_WHY_ROOM = 30
#: Fewer cells than this for the reasons: none shown.
_MIN_CLUES = 8


def status_line(
    place: Place | None,
    links: list[Link],
    mode: str,
    threshold: float,
    note: str = "",
    names: Mapping[str, str] | None = None,
    *,
    explained: Link | None = None,
    width: int | None = None,
) -> Content:
    """``mode │ ≥threshold │ doc #n → other #m score · ... │ why``; sentence numbers count
    from 1. ``why`` (the explained link's clues, after its name unless it is the one link
    listed) appears only when that link has evidence, its clues cut to ``width`` cells
    when given."""
    names = names or {}
    shown = 4
    line = _line(place, links, mode, threshold, note, names, shown=shown)
    if width is not None and note and line.cell_length > width:
        # A note answers the key just pressed: it is the last thing to cut. Fewer links
        # listed first, then none (the columns show them), then the note itself.
        for shown in (1, 0):
            line = _line(place, links, mode, threshold, note, names, shown=shown)
            if line.cell_length <= width:
                break
        else:
            bare = _line(place, links, mode, threshold, "", names, shown=0)
            room = width - bare.cell_length - len(SEPARATOR)
            line = _line(place, links, mode, threshold, cut(note, room), names, shown=0)
    if explained is None or not explained.evidence or shown == 0:
        # With no link listed (a note took the room), clues would name nothing.
        return line
    clues = " · ".join(clue.label for clue in explained.evidence)
    head = _head(place, links, explained, names, shown=shown)
    if width is not None:
        room = width - line.cell_length - len(SEPARATOR) - cell_len(head)
        if room < _WHY_ROOM - cell_len(head) and shown > 1:
            shown = 1
            line = _line(place, links, mode, threshold, note, names, shown=shown)
            head = _head(place, links, explained, names, shown=shown)
            room = width - line.cell_length - len(SEPARATOR) - cell_len(head)
        # A lone "…" says nothing: too little room, no clues.
        clues = cut(clues, room) if room >= _MIN_CLUES else ""
    return Content(SEPARATOR).join([line, Content(head + clues)]) if clues else line


def _head(
    place: Place | None, links: list[Link], explained: Link, names: Mapping[str, str], shown: int
) -> str:
    """What the clues follow: nothing after the one link listed; else the explained link's
    name (two links can share a score, and it may be in an article out of view)."""
    if links[:1] == [explained] and (len(links) == 1 or shown == 1):
        return ""
    if place is None:
        return f"{score_text(explained.score)} · "
    return f"{_far_side(explained, place, names)}: "


def _far_side(link: Link, place: Place, names: Mapping[str, str]) -> str:
    """``voa #14``: the link's other side from the selection, as the line names it."""
    far = link.target if link.source.doc == place.doc else link.source
    ids = ",".join(str(i + 1) for i in far.sentences)
    return f"{names.get(far.doc, far.doc)} #{ids}"


def cut(text: str, width: int) -> str:
    """``text`` (clues joined by `` · ``) in at most ``width`` cells: whole clues while
    they fit, then ``…``."""
    if cell_len(text) <= width:
        return text
    if width < 1:
        return ""
    parts = text.split(" · ")
    while len(parts) > 1:
        parts.pop()
        kept = " · ".join(parts) + " …"
        if cell_len(kept) <= width:
            return kept
    # Not even the first clue fits whole: cut inside it.
    return set_cell_size(text, width - 1).rstrip() + "…"


def _line(
    place: Place | None,
    links: list[Link],
    mode: str,
    threshold: float,
    note: str,
    names: Mapping[str, str],
    *,
    shown: int,
) -> Content:
    parts: list[Content] = [Content.from_markup("[b]$mode[/b]", mode=mode)]
    parts.append(Content(f"≥{score_text(threshold)}"))
    if place is not None and shown > 0:
        where = f"{names.get(place.doc, place.doc)} #{place.sentence + 1}"
        if not links:
            parts.append(Content.from_markup("$where [dim]no match[/dim]", where=where))
        else:
            scores = []
            for link in links[:shown]:
                scores.append(f"{_far_side(link, place, names)} {score_text(link.score)}")
            more = f" +{len(links) - shown}" if len(links) > shown else ""
            parts.append(Content(f"{where} → " + " · ".join(scores) + more))
    if note:
        parts.append(Content(note))
    return Content(SEPARATOR).join(parts)


class StatusBar(FittedLine):
    """One line; the app calls :meth:`show` whenever the selection or threshold changes
    (the reasons are cut to the width, so a new width cuts them anew)."""

    def show(
        self,
        place: Place | None,
        links: list[Link],
        mode: str,
        threshold: float,
        note: str = "",
        names: Mapping[str, str] | None = None,
        *,
        explained: Link | None = None,
    ) -> None:
        self.fit(
            lambda width: status_line(
                place, links, mode, threshold, note, names, explained=explained, width=width
            )
        )
