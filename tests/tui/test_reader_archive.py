"""`aligner read SOURCE --archive DIR`: the best-ranked articles open; `a` swaps them."""

from __future__ import annotations

import argparse
import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from aligner.cli.read_cmd import build_app
from aligner.errors import InputError
from aligner.tui.archive_app import ArchiveReaderApp
from aligner.tui.screens.coverage import CoverageScreen
from aligner.tui.screens.reader import ReaderScreen

Settle = Callable[..., Awaitable[None]]


@pytest.fixture
def archive(tmp_path: Path, ntrex_dir: Path) -> tuple[Path, Path]:
    ntrex = ntrex_dir
    d = tmp_path / "archive"
    d.mkdir()
    for i in range(5):
        shutil.copy(ntrex / f"{i:03d}.en", d / f"{i:03d}.txt")
    return ntrex / "002.da", d


def args(source: Path, archive: Path, **kw: object) -> argparse.Namespace:
    base: dict[str, object] = {
        "files": [str(source)],
        "archive": [str(archive)],
        "mode": "auto",
        "encoder": None,
        "theme": "dark",
        "threshold": 0.0,
        "articles": 3,
        "min_score": None,
    }
    base.update(kw)
    return argparse.Namespace(**base)


async def test_the_story_opens_and_a_swaps_articles(
    archive: tuple[Path, Path], settle: Settle
) -> None:
    source, folder = archive
    app = build_app(args(source, folder))
    assert isinstance(app, ArchiveReaderApp)
    # Only its own story scores above the bar: the reader opens with that article alone.
    assert [Path(p).name for p in app.chosen] == ["002.txt"]
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert [d.path and Path(d.path).name for d in app.screen.alignment.targets] == ["002.txt"]
        await pilot.press("plus", "plus", "j", "j", "j")
        await pilot.pause()
        raised = app.screen.state.threshold
        assert app.screen.columns[0].cursor == 3
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, CoverageScreen)
        # The ranking, best first, the shown article ticked; tick the runner-up too.
        await pilot.press("down", "space", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen)
        # At the threshold and on the source sentence the person had come to.
        assert app.screen.state.threshold == max(raised, app.screen.state.floor) >= 0.1
        assert app.screen.columns[0].cursor == 3 and app.screen.active is app.screen.columns[0]
        status = str(app.screen.query_one("#status").render())
        # 002.da beside 002.txt: named by their files, not "002" and "002-2".
        assert status.split(" │ ")[2].startswith("002.da #4"), status
        names = [Path(d.path or "").name for d in app.screen.alignment.targets]
        assert names == ["002.txt", Path(app.ranking[1].path).name]
        # Esc leaves the set as it was.
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert len(app.screen.alignment.targets) == 2
        # The help tells `a` too.
        await pilot.press("question_mark")
        await pilot.pause()
        assert "the archive's ranking" in str(app.screen.query_one("#help-keys").render())


def test_the_ranking_names_the_outlets_the_columns_show(seeds_dir: Path) -> None:
    """The seeds' manifest names each file's outlet, as the reader's column headings do."""
    import aligner
    from aligner.tui.screens.coverage import _label

    ranking = aligner.find(next(seeds_dir.glob("000_*.txt")), seeds_dir)
    labels = {Path(m.path).name: str(_label(m)) for m in ranking}
    voa = next(seeds_dir.glob("001_*.txt")).name
    assert f"Voice of America ({voa})" in labels[voa], labels


def test_no_article_above_the_bar_is_one_line_of_bad_input(
    archive: tuple[Path, Path], ntrex_dir: Path
) -> None:
    _, folder = archive
    elsewhere = ntrex_dir / "040.da"
    with pytest.raises(InputError, match="no article in the archive scores"):
        build_app(args(elsewhere, folder))
    with pytest.raises(InputError, match="exactly one SOURCE"):
        build_app(args(elsewhere, folder, files=[str(elsewhere), str(elsewhere)]))
