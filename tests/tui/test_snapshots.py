"""How the reader looks on the seeds, at 80x24 and 160x45: on open, with a match selected,
with the help screen; regenerate with ``--snapshot-update`` and look at the pictures
before accepting them.

The seeds' alignment is the aligner's real output, saved in ``data/seeds-comparable.json``
rather than made afresh: the encoder's vectors differ in their last digits from one CPU
to another, enough to reorder links scored alike (0.61 / 0.63), and a picture of the
reader must not depend on the machine. After a change of the aligner, write it again::

    .venv/bin/python tests/tui/data/write_seeds_alignment.py
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from aligner.model import Alignment, Document, Link, Sentence, Side
from aligner.seeds import load_seeds
from aligner.tui.app import ReaderApp
from evidence_fixture import with_evidence

SIZES = [(80, 24), (160, 45)]
Compare = Callable[..., bool]


SEEDS_ALIGNMENT = Path(__file__).with_name("data") / "seeds-comparable.json"


@pytest.fixture(autouse=True)
def _one_models_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    """The install note names the folder to copy a model into by its full path, the
    checkout's: a picture must not depend on where the checkout is."""
    monkeypatch.setenv("ALIGNER_MODELS_DIR", "/srv/aligner-models")


@pytest.fixture(scope="module")
def seeds_alignment() -> Alignment:
    return Alignment.from_json(SEEDS_ALIGNMENT.read_text("utf-8"))


async def _select_match(pilot: Pilot[None]) -> None:
    await pilot.press("right_square_bracket")
    await pilot.pause()


async def _help(pilot: Pilot[None]) -> None:
    await pilot.press("question_mark")
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_seeds_on_open(
    snap_compare: Compare, seeds_alignment: Alignment, size: tuple[int, int]
) -> None:
    assert snap_compare(ReaderApp(seeds_alignment), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_seeds_match_selected(
    snap_compare: Compare, seeds_alignment: Alignment, size: tuple[int, int]
) -> None:
    assert snap_compare(ReaderApp(seeds_alignment), terminal_size=size, run_before=_select_match)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_seeds_help(
    snap_compare: Compare, seeds_alignment: Alignment, size: tuple[int, int]
) -> None:
    assert snap_compare(ReaderApp(seeds_alignment), terminal_size=size, run_before=_help)


def test_seeds_light_theme_match_selected(
    snap_compare: Compare, seeds_alignment: Alignment
) -> None:
    app = ReaderApp(seeds_alignment, theme="light")
    assert snap_compare(app, terminal_size=(160, 45), run_before=_select_match)


async def _select_da_4(pilot: Pilot[None]) -> None:
    await pilot.press("j", "j", "j")
    await pilot.pause()


@pytest.mark.parametrize("theme", ["dark", "light"])
def test_evidence_of_the_selected_link(
    snap_compare: Compare, hand_alignment: Alignment, theme: str
) -> None:
    """da #4 and VOA #14 (hand-drawn clues): "25" and "breve"/"letters" marked in both
    columns, the reasons on the status line."""
    app = ReaderApp(with_evidence(hand_alignment), theme=theme)
    assert snap_compare(app, terminal_size=(120, 36), run_before=_select_da_4)


#: Written for this test: Japanese news prose, two cells a character, no spaces.
JAPANESE = (
    (
        "トランプ前大統領と北朝鮮の金正恩総書記が交わした25通の書簡が、"
        "ボブ・ウッドワード氏の新著「Rage」で明らかになった。",
        "書簡の中で金氏は、二人の関係を「ファンタジー映画のよう」と表現している。",
    ),
    (
        "出版社のサイモン&シュスターによると、本は9月15日に発売される。",
        "両首脳は2018年にシンガポールで初めて会談した。",
    ),
)


def japanese_article() -> Document:
    text, sentences = "", []
    for paragraph, group in enumerate(JAPANESE):
        if text:
            text += "\n\n"
        for sentence in group:
            sentences.append(
                Sentence(len(sentences), sentence, len(text), len(text) + len(sentence), paragraph)
            )
            text += sentence
    return Document(
        "ja", "ja", text, sentences, title="トランプ氏と金氏の書簡", outlet="Japanese test article"
    )


def test_wide_characters_wrap_inside_the_column(snap_compare: Compare) -> None:
    """Every character of the Japanese column shows, none cut at the column's edge."""
    da = load_seeds()[0]
    links = [
        Link(Side("da", (s,)), Side("ja", (j,)), score)
        for s, j, score in ((3, 0, 0.8), (6, 1, 0.7), (7, 2, 0.6), (1, 3, 0.5))
    ]
    app = ReaderApp(Alignment([da, japanese_article()], links))
    assert snap_compare(app, terminal_size=(80, 24), run_before=_select_da_4)
