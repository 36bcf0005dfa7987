"""The reader's logic without a terminal: highlights, threshold, jumps, search, wrapping."""

from __future__ import annotations

from aligner.documents import document_from_text
from aligner.model import Alignment, Link, Side, score_text
from aligner.tui.state import Place, ReaderState
from aligner.tui.wrap import Piece, lay_out


def small() -> Alignment:
    da = document_from_text(
        "Trump og Kim skrev 25 breve. Bogen hedder Rage. Den udkommer i september. "
        "Nordkorea svarede ikke.",
        lang="da",
        doc_id="da",
    )
    en = document_from_text(
        "They exchanged 25 letters. The book is called Rage and is out in September. "
        "Pyongyang did not reply.",
        lang="en",
        doc_id="en",
    )
    links = [
        Link(Side("da", (0,)), Side("en", (0,)), 0.9),
        Link(Side("da", (1, 2)), Side("en", (1,)), 0.6),
        Link(Side("da", (2,)), Side("en", (2,)), 0.2),
    ]
    return Alignment([da, en], links)


def test_highlights_colour_each_link_best_first() -> None:
    state = ReaderState(small())
    hl = state.highlights("da", 2)
    assert [link.score for link in hl.links] == [0.6, 0.2]
    # The window (1, 2) lights up in the source too; the best link's colour wins sentence 2.
    assert {sid: m.slot for sid, m in hl.in_doc("da").items()} == {1: 0, 2: 0}
    assert {sid: m.slot for sid, m in hl.in_doc("en").items()} == {1: 0, 2: 1}
    assert hl.in_doc("en")[2].score == 0.2


def test_threshold_steps_clamps_and_filters() -> None:
    state = ReaderState(small())
    for _ in range(5):
        state.raise_threshold()
    assert state.threshold == 0.25
    assert state.links_at("da", 2) == [link for link in small().links if link.score == 0.6]
    assert not state.is_matched("en", 2) and state.is_matched("en", 1)
    for _ in range(30):
        state.raise_threshold()
    assert state.threshold == 1.0 and not state.matched("da")
    assert not state.raise_threshold()  # at the top: the reader says so
    for _ in range(30):
        state.lower_threshold()
    assert state.threshold == 0.0


def test_lowering_stops_where_the_alignment_was_made() -> None:
    """Links under the threshold an alignment was made at were never kept: a lower one
    would claim weaker matches do not exist."""
    made = small()
    made.info["threshold"] = 0.5
    state = ReaderState(made, threshold=0.7)
    assert state.floor == 0.5
    assert state.lower_threshold() and state.threshold == 0.65
    for _ in range(3):
        assert state.lower_threshold()
    assert state.threshold == 0.5
    assert not state.lower_threshold() and state.threshold == 0.5
    # Opened below it, it starts there: a line saying "≥0.30" and "no links below 0.50"
    # would contradict itself.
    assert ReaderState(made, threshold=0.3).threshold == 0.5
    # Rounded down, so no link the file holds is out of reach.
    made.info["threshold"] = 0.225
    assert ReaderState(made).floor == 0.22
    # Files that do not say (or say nonsense) can be lowered to 0.
    for nonsense in ("high", float("nan"), True):
        made.info["threshold"] = nonsense
        assert ReaderState(made).floor == 0.0


def test_jumps_stop_at_the_ends() -> None:
    state = ReaderState(small())
    assert state.next_matched("da", 0) == 1
    assert state.next_matched("da", 2) is None
    assert state.next_matched("da", 2, -1) == 1
    assert state.next_unmatched("da", 0) == 3
    assert state.next_unmatched("da", 3) is None
    assert state.next_unmatched("da", 3, -1) is None


def test_search_reads_the_shown_text() -> None:
    al = small()
    for s in al.source.sentences:
        s.translation = s.text.replace("breve", "letters")
    state = ReaderState(al)
    hits = state.search("LETTERS", [("da", "original"), ("da", "translation"), ("en", "original")])
    assert [(h.doc, h.sentence, h.view) for h in hits] == [
        ("da", 0, "translation"),
        ("en", 0, "original"),
    ]
    assert state.search("  ", [("da", "original")]) == []


def test_a_search_starts_after_the_selection_and_goes_round() -> None:
    state = ReaderState(small())
    views = [("da", "original"), ("en", "original")]
    # "Bogen", "exchanged", "Rage": the first hit after da #3 is in the next column.
    hits = state.start_search("GE", views, Place("da", 2))
    assert hits == [Place("da", 1), Place("en", 0), Place("en", 1)]
    assert state.next_hit() == Place("en", 0)
    assert state.hit_label() == "hit 2/3: GE"
    assert state.next_hit() == Place("en", 1) and not state.went_round
    # Past the last hit: round to the first, and the label says so.
    assert state.next_hit() == Place("da", 1) and state.went_round
    assert state.hit_label() == "hit 1/3: GE (went round to the other end)"
    assert state.next_hit(-1) == Place("en", 1) and state.went_round
    assert state.hits_in("en", "original") == {0, 1} and state.hits_in("en", "translation") == set()
    # From the last hit on the search goes round to the first; with no selection it
    # starts there.
    state.start_search("GE", views, Place("en", 1))
    assert state.next_hit() == Place("da", 1) and state.went_round
    state.start_search("GE", views)
    assert state.next_hit() == Place("da", 1) and not state.went_round


def test_a_straight_quote_finds_a_curly_one() -> None:
    al = small()
    al.source.sentences[1].text = "Bogen hedder “Rage” – Woodward’s bog."
    state = ReaderState(al)
    for query in ("Woodward's", '"rage"', "rage” –", 'RAGE" -'):
        assert state.search(query, [("da", "original")]) == [Place("da", 1)], query


def test_a_search_without_hits_has_none_to_step_to() -> None:
    state = ReaderState(small())
    assert state.start_search("Woodward", [("da", "original")], Place("da", 0)) == []
    assert state.query == "Woodward" and state.next_hit() is None
    assert state.hits_in("da", "original") == set()


def test_what_is_shown_is_the_links_at_the_threshold() -> None:
    al = small()
    al.info["encoder"] = "test"
    state = ReaderState(al, threshold=0.5)
    shown = state.shown()
    assert shown.links == [link for link in al.links if link.score >= 0.5]
    assert shown.info == {"encoder": "test", "threshold": 0.5}
    assert shown.documents == al.documents and shown.mode == al.mode
    state.raise_threshold()
    assert [link.score for link in state.shown().links] == [0.9, 0.6]
    assert state.shown().info["threshold"] == 0.55


def test_a_score_is_printed_and_kept_alike() -> None:
    """Printed rounded down, and kept at a threshold by what is printed: 0.9469 reads
    0.94 and goes at 0.95; 0.95 (held as 0.94999...) reads 0.95 and stays."""
    al = small()
    al.links = [
        Link(Side("da", (0,)), Side("en", (0,)), 0.9469),
        Link(Side("da", (1,)), Side("en", (1,)), 0.95),
        # 0.57 * 100 is 56.99999999999999: without the nudge it would read 0.56.
        Link(Side("da", (2,)), Side("en", (2,)), 0.57),
    ]
    assert [score_text(link.score) for link in al.links] == ["0.94", "0.95", "0.57"]
    state = ReaderState(al, threshold=0.9)
    state.raise_threshold()  # 0.9 + 0.05 is 0.9500000000000001
    assert score_text(state.threshold) == "0.95"
    assert [score_text(link.score) for link in state.shown().links] == ["0.95"]
    assert not state.links_at("da", 0) and not state.is_matched("en", 0)
    assert score_text(1.0) == "1.00" and score_text(0.0) == "0.00"


def test_lay_out_wraps_and_maps_rows() -> None:
    pieces = [Piece(0, 0, "one two three four"), Piece(1, 0, "five"), Piece(2, 1, "x" * 25)]
    layout = lay_out(pieces, 10)
    assert [line.text for line in layout.lines] == [
        "one two",
        "three four",
        "five",
        "",
        "xxxxxxxxxx",
        "xxxxxxxxxx",
        "xxxxx",
    ]
    assert layout.rows == {0: (0, 2), 1: (2, 3), 2: (4, 7)}
    assert layout.sentence_at(3) is None and layout.sentence_at(5) == 2
    assert [line.first for line in layout.lines if line.sentence == 0] == [True, False]


def test_surer_links_are_shaded_stronger() -> None:
    from textual.color import Color

    from aligner.tui.palette import link_colour, shade

    for dark, background in ((True, Color.parse("#1e1e1e")), (False, Color.parse("#f0f0f0"))):
        hue = link_colour(0, dark=dark)

        def distance(c: Color, ref: Color = hue) -> float:
            return sum(abs(a - b) for a, b in zip(c.rgb, ref.rgb, strict=True))

        weak, sure = shade(background, 0, 0.2, dark=dark), shade(background, 0, 0.9, dark=dark)
        assert distance(sure) < distance(weak)  # nearer the link's full hue
        assert link_colour(0, dark=dark) != link_colour(1, dark=dark)
