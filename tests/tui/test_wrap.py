"""Column wrapping by terminal cells, rows that map back to sentence offsets, and the
status line's reasons, without a terminal."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest
from rich.cells import cell_len

from aligner.model import Clue, Link, Side, Span
from aligner.seeds import load_seeds
from aligner.tui.state import Place, explained
from aligner.tui.widgets.note import install_note
from aligner.tui.widgets.status import cut, status_line
from aligner.tui.wrap import Line, Piece, distinct, lay_out

# Written for these tests (NHK-style news Japanese): wide characters, no spaces to break at.
JAPANESE = (
    "トランプ前大統領と金正恩総書記が交わした25通の書簡が、"
    "ボブ・ウッドワード氏の新著「Rage」で明らかになった。"
)


def rows(text: str, width: int) -> list[str]:
    return [line.text for line in lay_out([Piece(0, 0, text)], width).lines]


def test_rows_are_textwraps_where_a_character_is_a_cell() -> None:
    """The reader's rows before cells were counted, on every seed sentence at many widths."""
    texts = [s.text for d in load_seeds() for s in d.sentences]
    texts.append("a " + "x" * 30 + " b" + " y" * 8 + " " + "z" * 19)  # words wider than a row
    assert all(cell_len(t) == len(t) for t in texts)
    for text in texts:
        for width in (4, 9, 10, 20, 33, 36, 51):
            want = textwrap.wrap(
                " ".join(text.split()), width, break_long_words=True, break_on_hyphens=False
            ) or [""]
            assert rows(text, width) == [w.rstrip() for w in want], (width, text)


@pytest.mark.parametrize("width", [7, 10, 11, 20, 38])
def test_wide_text_wraps_by_cells_and_loses_nothing(width: int) -> None:
    text = JAPANESE + " Woodward"
    got = rows(text, width)
    assert all(cell_len(r) <= width for r in got), got
    assert max(cell_len(r) for r in got) >= width - 1  # rows are filled, not halved
    assert "".join(got).replace(" ", "") == text.replace(" ", "")
    # textwrap counts characters: its rows of this text are twice the width on screen.
    old = textwrap.wrap(text, width, break_long_words=True)
    assert max(cell_len(r) for r in old) > width


def test_fragments_map_row_characters_to_sentence_offsets() -> None:
    text = "  Bob   Woodward\tsays  25 " + JAPANESE
    for width in (6, 9, 14, 40):
        layout = lay_out([Piece(0, 0, text)], width)
        for line in layout.lines:
            for frag in line.fragments:
                shown = line.text[frag.column : frag.column + frag.length]
                assert shown == text[frag.offset : frag.offset + frag.length]


def test_columns_mark_a_span_and_the_space_inside_it() -> None:
    text = "Bob   Woodward says 25"
    (line,) = lay_out([Piece(0, 0, text)], 40).lines
    assert line.text == "Bob Woodward says 25"

    def shown(start: int, end: int) -> list[str]:
        return [line.text[a:b] for a, b in line.columns(start, end)]

    assert shown(0, 14) == ["Bob Woodward"]  # one run over the words' gap
    assert shown(2, 8) == ["b Wo"]
    assert shown(20, 22) == ["25"]
    assert shown(3, 6) == []  # only whitespace
    assert shown(14, 19) == ["says"]  # "says" starts after a space not in the span
    assert Line(None, "").columns(0, 5) == []


def test_columns_of_a_span_broken_over_rows() -> None:
    text = "they fell in love"
    layout = lay_out([Piece(0, 0, text)], 9)
    assert [line.text for line in layout.lines] == ["they fell", "in love"]
    start = text.index("fell")
    runs = [
        [line.text[a:b] for a, b in line.columns(start, start + len("fell in love"))]
        for line in layout.lines
    ]
    assert runs == [["fell"], ["in love"]]


def test_wide_characters_are_marked_whole() -> None:
    start = JAPANESE.index("25通")
    layout = lay_out([Piece(0, 0, JAPANESE)], 12)
    got = [line.text[a:b] for line in layout.lines for a, b in line.columns(start, start + 3)]
    assert "".join(got) == "25通"


def _link(doc: str, sid: int, score: float, labels: tuple[str, ...] = ()) -> Link:
    span = Span(0, 0, 1)
    clues = tuple(Clue("word", span, span, label) for label in labels)
    return Link(Side("da", (13,)), Side(doc, (sid,)), score, clues)


def test_the_link_explained_is_the_one_pointed_at_else_the_best() -> None:
    voa, arab = _link("voa", 23, 0.55), _link("alarabiya", 4, 0.47)
    links = [voa, arab]
    assert explained("da", 13, links, []) is voa
    assert explained("da", 13, links, [("alarabiya", 4)]) is arab
    assert explained("da", 13, links, [("alarabiya", 0), ("voa", 23)]) is voa
    assert explained("da", 13, links, [("alarabiya", 4), ("voa", 23)]) is arab
    # From the English side, the Danish cursor picks among that sentence's links.
    other = Link(Side("da", (12,)), Side("voa", (23,)), 0.9)
    assert explained("voa", 23, [other, voa], [("da", 13)]) is voa
    assert explained("voa", 23, [other, voa], [("da", 2)]) is other
    assert explained("da", 13, [], [("voa", 23)]) is None


def test_cut_keeps_whole_clues_then_an_ellipsis() -> None:
    why = "25 = 25 · breve ≈ letters · Woodward"
    assert cut(why, 100) == why
    assert cut(why, len(why)) == why
    assert cut(why, len(why) - 1) == "25 = 25 · breve ≈ letters …"
    assert cut(why, 12) == "25 = 25 …"
    assert cut(why, 8) == "25 = 25…"
    assert cut(why, 0) == ""
    wide = "北朝鮮 ≈ North Korea · 25 = 25"
    assert cell_len(cut(wide, 12)) <= 12


def test_the_status_line_makes_room_for_the_reasons() -> None:
    place = Place("da", 3)
    links = [_link(f"en{i}", i, 0.9 - i / 10, ("25 = 25", "breve ≈ letters")) for i in range(4)]
    full = status_line(place, links, "comparable", 0.0, explained=links[0])
    assert str(full) == (
        "comparable │ ≥0.00 │ da #4 → en0 #1 0.90 · en1 #2 0.80 · en2 #3 0.70 · en3 #4 0.60"
        " │ en0 #1: 25 = 25 · breve ≈ letters"
    )
    # Narrow: the best link alone, and its clues after it.
    narrow = status_line(place, links, "comparable", 0.0, explained=links[0], width=78)
    assert str(narrow) == "comparable │ ≥0.00 │ da #4 → en0 #1 0.90 +3 │ 25 = 25 · breve ≈ letters"
    # Another link explained: named, as its score may be another's too.
    other = status_line(place, links, "comparable", 0.0, explained=links[2], width=78)
    assert str(other) == "comparable │ ≥0.00 │ da #4 → en0 #1 0.90 +3 │ en2 #3: 25 = 25 …"
    plain = status_line(place, links, "comparable", 0.0, explained=_link("en0", 0, 0.9), width=78)
    assert str(plain) == str(status_line(place, links, "comparable", 0.0))


def test_a_note_is_the_last_thing_the_status_line_cuts() -> None:
    place = Place("da", 3)
    links = [_link(f"hankyoreh{i}", i, 0.9 - i / 10, ("2018 = 2018",)) for i in range(3)]
    note = "hit 6/6: Woodward (went round to the first)"
    line = str(status_line(place, links, "comparable", 0.5, note, explained=links[0], width=100))
    assert line == f"comparable │ ≥0.50 │ da #4 → hankyoreh0 #1 0.90 +2 │ {note}"
    # No room for the links either: they are in the columns; the note stays whole.
    line = str(status_line(place, links, "comparable", 0.5, note, width=70))
    assert line == f"comparable │ ≥0.50 │ {note}"
    # Narrower still: the note itself, cut visibly.
    line = str(status_line(place, links, "comparable", 0.5, note, width=40))
    assert len(line) <= 40 and line.endswith("…") and "hit 6/6" in line


def test_names_cut_alike_keep_the_ends_that_tell_them_apart() -> None:
    names = ["trump_kim_letters_voa", "trump_kim_letters_alarabiya", "da", "Al Jazeera"]
    short = distinct(names, 16)
    assert short == ["…kim_letters_voa", "…tters_alarabiya", "da", "Al Jazeera"]
    assert all(len(s) <= 16 for s in short)
    # Names that are the same stay the same (the reader tells those apart by folder).
    assert distinct(["story.txt", "story.txt"], 6) == ["story…", "story…"]


def test_documents_of_one_file_name_are_told_apart_by_folder() -> None:
    from aligner.export.names import told_apart as _told_apart

    a, b, c = load_seeds()[:3]
    a.path, b.path, c.path = "/news/a/story.txt", "/news/b/story.txt", "/news/c/other.txt"
    assert _told_apart(["story.txt", "story.txt", "other.txt"], [a, b, c]) == [
        "a/story.txt",
        "b/story.txt",
        "other.txt",
    ]
    # One folder: its name would tell nothing apart.
    b.path = "/news/a/story2.txt"
    assert _told_apart(["VOA", "VOA"], [a, b]) == ["VOA", "VOA"]
    # Folders of one name: the ones above them tell the articles apart.
    a.path, b.path = "/x/seeds/story.txt", "/y/seeds/story.txt"
    assert _told_apart(["story.txt", "story.txt"], [a, b]) == [
        "x/seeds/story.txt",
        "y/seeds/story.txt",
    ]
    # A name without a folder is in the current one.
    a.path, b.path = "story.txt", "b/story.txt"
    here = Path.cwd().name
    assert _told_apart(["story.txt", "story.txt"], [a, b]) == [f"{here}/story.txt", "b/story.txt"]
    # Up to the root: its separator is not doubled.
    a.path, b.path = "/seeds/story.txt", "/y/seeds/story.txt"
    assert _told_apart(["story.txt", "story.txt"], [a, b]) == [
        "/seeds/story.txt",
        "y/seeds/story.txt",
    ]


def test_the_install_note_names_the_folder_that_is_scanned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A bare "models/" reads as the current folder's, which is never scanned.
    monkeypatch.setenv("ALIGNER_MODELS_DIR", str(tmp_path / "drop"))
    note = install_note("da", "en", "", None)
    assert f"copy a .argosmodel into {tmp_path / 'drop'}{os.sep} · t hides this line" in note
