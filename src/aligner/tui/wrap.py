"""Sentences laid out as screen lines for one column width (no Textual here).

A column draws line by line (Textual's Line API), so it needs to know, for any screen
row, which sentence it belongs to, and for any sentence, its rows. Each row also knows
where its characters come from in the sentence, so words can be marked by their offsets.

Widths are terminal cells (``rich.cells``), not characters: a Japanese or Chinese
character takes two cells, and counting characters would run such text off the column.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len, get_character_cell_size

_WORD = re.compile(r"\S+")


@dataclass(frozen=True, slots=True)
class Fragment:
    """A run of a row's characters: ``row.text[column:column + length]`` is
    ``sentence_text[offset:offset + length]``."""

    offset: int
    column: int
    length: int


@dataclass(frozen=True, slots=True)
class Line:
    """One screen row: a piece of a sentence (``first`` marks its first row) or a gap.

    Words on a row are joined by one space whatever separated them in the sentence;
    ``fragments`` map the row's characters back to the sentence's.
    """

    sentence: int | None
    text: str
    first: bool = False
    fragments: tuple[Fragment, ...] = ()

    def columns(self, start: int, end: int) -> list[tuple[int, int]]:
        """The runs ``[a, b)`` of this row's characters that show ``sentence[start:end]``.

        The space between two words is part of a run when the span covers both words
        where they meet, so a two-word name is marked as one.
        """
        runs: list[tuple[int, int]] = []
        previous: Fragment | None = None
        for frag in self.fragments:
            a = max(start, frag.offset)
            b = min(end, frag.offset + frag.length)
            if a < b:
                col_a = frag.column + a - frag.offset
                col_b = frag.column + b - frag.offset
                joins = (
                    runs
                    and previous is not None
                    and runs[-1][1] == previous.column + previous.length
                    and col_a == frag.column
                )
                if joins:
                    runs[-1] = (runs[-1][0], col_b)
                else:
                    runs.append((col_a, col_b))
            previous = frag
        return runs


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
        start = len(lines)
        for i, fragments in enumerate(wrap(piece.text, width)):
            lines.append(Line(piece.sentence, _row_text(piece.text, fragments), i == 0, fragments))
        rows[piece.sentence] = (start, len(lines))
    return Layout(lines, rows)


def wrap(text: str, width: int) -> list[tuple[Fragment, ...]]:
    """Greedy word wrap by cells; at least one (maybe empty) row.

    Where every character is one cell, the rows are those of ``textwrap.wrap(" ".join(
    text.split()), width, break_long_words=True, break_on_hyphens=False)``: a word wider
    than the column fills the rest of the row and goes on in the next.
    """
    rows: list[tuple[Fragment, ...]] = []
    row: list[Fragment] = []
    cells = 0  # cells used on the row
    chars = 0  # characters of the row's text

    def place(offset: int, length: int, size: int) -> None:
        nonlocal cells, chars
        gap = 1 if row else 0
        row.append(Fragment(offset, chars + gap, length))
        chars += gap + length
        cells += gap + size

    def close() -> None:
        nonlocal row, cells, chars
        rows.append(tuple(row))
        row, cells, chars = [], 0, 0

    for match in _WORD.finditer(text):
        offset, word = match.start(), match.group()
        # Most words are printable ASCII, one cell a character: skip the cell table.
        size = len(word) if word.isascii() and word.isprintable() else cell_len(word)
        if cells + (1 if row else 0) + size <= width:
            place(offset, len(word), size)
            continue
        if size <= width:
            close()
            place(offset, len(word), size)
            continue
        # Wider than any row: break it, beginning where this row has room.
        i = 0
        while i < len(word):
            room = width - cells - (1 if row else 0)
            j, took = i, 0
            while j < len(word) and took + get_character_cell_size(word[j]) <= room:
                took += get_character_cell_size(word[j])
                j += 1
            if j > i:
                place(offset + i, j - i, took)
            if j < len(word):
                close()
            i = j
    rows.append(tuple(row))
    return rows


def _row_text(text: str, fragments: tuple[Fragment, ...]) -> str:
    out: list[str] = []
    column = 0
    for frag in fragments:
        out.append(" " * (frag.column - column))
        out.append(text[frag.offset : frag.offset + frag.length])
        column = frag.column + frag.length
    return "".join(out)


def shorten(text: str, width: int) -> str:
    """``text`` in at most ``width`` characters, cut with ``…`` where longer."""
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def distinct(texts: Sequence[str], width: int) -> list[str]:
    """Each text in at most ``width`` characters, as :func:`shorten` cuts it, except where
    that would make texts that differ alike: those keep their ends, where they differ
    ("trump_kim_letters_voa" and "..._alarabiya": "…kim_letters_voa", "…tters_alarabiya")."""
    out = [shorten(t, width) for t in texts]
    groups: dict[str, list[int]] = {}
    for i, short in enumerate(out):
        groups.setdefault(short, []).append(i)
    for members in groups.values():
        if len({texts[i] for i in members}) < 2:
            continue
        # The beginning all share is the one the first and the last in order share.
        lo, hi = min(texts[i] for i in members), max(texts[i] for i in members)
        shared = next((k for k, (a, b) in enumerate(zip(lo, hi, strict=False)) if a != b), len(lo))
        for i in members:
            # From where they differ, or earlier if the rest is short: the end fills the width.
            start = min(shared, max(0, len(texts[i]) - (width - 1)))
            out[i] = shorten("…" + texts[i][start:], width)
    return out
