"""Sentences laid out as screen lines for one column width (no Textual here).

A column draws line by line (Textual's Line API), so it needs to know, for any screen
row, which sentence it belongs to, and for any sentence, its rows.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Line:
    """One screen row: a piece of a sentence (``first`` marks its first row) or a gap."""

    sentence: int | None
    text: str
    first: bool = False


@dataclass(frozen=True, slots=True)
class Piece:
    """What a column shows for one sentence."""

    sentence: int
    paragraph: int
    text: str


@dataclass(slots=True)
class Layout:
    lines: list[Line]
    #: sentence id -> (first row, last row + 1)
    rows: dict[int, tuple[int, int]]

    def sentence_at(self, row: int) -> int | None:
        if 0 <= row < len(self.lines):
            return self.lines[row].sentence
        return None


def lay_out(pieces: Sequence[Piece], width: int) -> Layout:
    """Word-wrap each piece to ``width`` cells; a blank row between paragraphs."""
    width = max(4, width)
    lines: list[Line] = []
    rows: dict[int, tuple[int, int]] = {}
    previous_paragraph: int | None = None
    for piece in pieces:
        if previous_paragraph is not None and piece.paragraph != previous_paragraph:
            lines.append(Line(None, ""))
        previous_paragraph = piece.paragraph
        wrapped = textwrap.wrap(
            " ".join(piece.text.split()), width, break_long_words=True, break_on_hyphens=False
        ) or [""]
        start = len(lines)
        for i, text in enumerate(wrapped):
            lines.append(Line(piece.sentence, text, first=i == 0))
        rows[piece.sentence] = (start, len(lines))
    return Layout(lines, rows)
