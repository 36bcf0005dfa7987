"""Beads: the Text+Berg line format and turning links into a complete bead list."""

from __future__ import annotations

import pytest

from aligner.errors import InputError
from aligner.export.beads import format_beads, links_to_beads, parse_beads
from aligner.model import Link, Side


def link(src: tuple[int, ...], tgt: tuple[int, ...]) -> Link:
    return Link(Side("de", src), Side("fr", tgt), 0.9)


def test_format_writes_lines_exactly_like_the_gold_files() -> None:
    beads = [([0], [0, 1]), ([1], [2]), ([], [3]), ([2, 3], [])]
    assert format_beads(beads) == "[0]:[0, 1]\n[1]:[2]\n[]:[3]\n[2, 3]:[]\n"


def test_parse_reads_what_format_writes_and_tolerates_spacing() -> None:
    text = "[0]:[0, 1]\n[1,2] : [2]\n\n[]:[3]\n"
    assert parse_beads(text) == [([0], [0, 1]), ([1, 2], [2]), ([], [3])]
    beads = [([0], [0, 1]), ([1], []), ([], [2])]
    assert parse_beads(format_beads(beads)) == beads


def test_parse_refuses_a_line_that_is_not_a_bead_with_its_line_number() -> None:
    with pytest.raises(InputError, match=r"gold:2: not a bead"):
        parse_beads("[0]:[0]\n0 - 1\n", name="gold")


def test_links_to_beads_fills_unlinked_sentences_in_order() -> None:
    # de 0..5, fr 0..5: de 2 and fr 3 have no counterpart, de 4+5 form one bead.
    links = [link((0,), (0, 1)), link((1,), (2,)), link((3,), (4,)), link((4, 5), (5,))]
    assert links_to_beads(links, 6, 6) == [
        ([0], [0, 1]),
        ([1], [2]),
        ([2], []),
        ([], [3]),
        ([3], [4]),
        ([4, 5], [5]),
    ]


def test_links_to_beads_covers_trailing_sentences_and_accepts_any_link_order() -> None:
    beads = links_to_beads([link((3,), (2,)), link((1,), (0,))], 5, 4)
    assert beads == [([0], []), ([1], [0]), ([2], []), ([], [1]), ([3], [2]), ([4], []), ([], [3])]


def test_links_to_beads_without_links_leaves_every_sentence_alone() -> None:
    assert links_to_beads([], 2, 1) == [([0], []), ([1], []), ([], [0])]


def test_links_to_beads_refuses_crossing_links() -> None:
    with pytest.raises(ValueError, match="cross"):
        links_to_beads([link((0,), (1,)), link((1,), (0,))], 2, 2)


def test_links_to_beads_refuses_ids_outside_the_documents() -> None:
    with pytest.raises(ValueError, match="outside"):
        links_to_beads([link((0,), (3,))], 1, 2)


def test_a_sentence_skipped_inside_a_link_still_gets_its_own_bead() -> None:
    # Parallel mode leaves blank lines out of its beads, even between two it joins.
    beads = links_to_beads([link((0, 2), (0,)), link((3,), (1, 3))], 4, 4)
    assert beads == [([0, 2], [0]), ([1], []), ([3], [1, 3]), ([], [2])]
    assert sorted(i for b in beads for i in b[0]) == [0, 1, 2, 3]
    assert sorted(j for b in beads for j in b[1]) == [0, 1, 2, 3]
