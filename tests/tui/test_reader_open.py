"""Opening the reader: a saved alignment at once, articles through the worker, bad input
as a one-line error or an error panel, never a traceback."""

from __future__ import annotations

import argparse
import json
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from aligner.cli import main
from aligner.cli.read_cmd import build_app
from aligner.errors import InputError
from aligner.model import Alignment
from aligner.seeds import load_seeds, seed_paths
from aligner.tui import app as app_module
from aligner.tui.app import ReaderApp
from aligner.tui.screens.loading import LoadingScreen
from aligner.tui.screens.reader import ReaderScreen

#: The ``settle`` fixture of conftest: waits for the reader's worker.
Settle = Callable[..., Awaitable[None]]


def args(*files: str | Path, **kw: object) -> argparse.Namespace:
    base: dict[str, object] = {
        "files": [str(f) for f in files],
        "mode": "auto",
        "encoder": None,
        "theme": "dark",
        "threshold": 0.0,
    }
    base.update(kw)
    return argparse.Namespace(**base)


async def test_saved_alignment_opens_at_once(hand_alignment: Alignment, tmp_path: Path) -> None:
    saved = tmp_path / "aligned.json"
    saved.write_text(hand_alignment.to_json(), "utf-8")  # as `aligner align` writes it: no text
    app = build_app(args(saved))
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert not app.workers
        shown = app.screen.alignment
        assert [d.id for d in shown.documents] == [d.id for d in hand_alignment.documents]
        for mine, theirs in zip(shown.documents, hand_alignment.documents, strict=True):
            assert [s.text for s in mine.sentences] == [s.text for s in theirs.sentences]
        assert len(shown.links) == len(hand_alignment.links)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not JSON"),
        ('{"documents": 3}', "not an alignment"),
        ('{"documents": [], "links": []}', "source and at least one target"),
    ],
)
def test_bad_alignment_json_is_an_input_error(tmp_path: Path, content: str, message: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content, "utf-8")
    with pytest.raises(InputError, match=message):
        build_app(args(bad))


def test_evidence_that_does_not_fit_its_sentence_is_an_input_error(
    hand_alignment: Alignment, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    d = json.loads(hand_alignment.to_json())
    d["links"][0]["evidence"] = [
        {
            "kind": "number",
            "label": "25 = 25",
            "source": {"sentence": 1, "start": 0, "end": 999, "translation": False},
            "target": {"sentence": 8, "start": 0, "end": 2, "translation": False},
        }
    ]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(d), "utf-8")
    assert main(["read", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert "link 0, clue 0 ('25 = 25'): source span 0..999 is not within the text" in err


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"score": 5}, "link 0: score 5.0 is not between 0 and 1"),
        ({"target": {"doc": "voa", "sentences": [999]}}, "link 0: 'voa' has no sentence 999"),
        ({"target": {"doc": "bbc", "sentences": [1]}}, "link 0: no document 'bbc'"),
    ],
)
def test_a_link_to_nothing_is_an_input_error(
    hand_alignment: Alignment,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    change: dict[str, object],
    says: str,
) -> None:
    d = json.loads(hand_alignment.to_json())
    d["links"][0].update(change)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(d), "utf-8")
    assert main(["read", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and says in err, err


def test_bad_arguments_exit_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = seed_paths()[0]
    cases = [
        ([str(tmp_path / "missing.txt"), str(source)], "no such file"),
        ([str(source)], "give a source and at least one English article"),
        ([str(tmp_path), str(source)], "is a folder"),
        (["--threshold", "3", str(source)], "between 0 and 1"),
    ]
    for argv, message in cases:
        assert main(["read", *argv]) == 2
        err = capsys.readouterr().err
        assert message in err and err.count("\n") == 1, err


def test_without_a_terminal_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    paths = [str(p) for p in seed_paths()[:2]]
    assert main(["read", *paths]) == 2
    assert "needs a terminal" in capsys.readouterr().err


async def test_articles_are_aligned_in_the_worker(settle: Settle) -> None:
    app = ReaderApp(documents=load_seeds, mode="comparable")
    async with app.run_test(size=(120, 36)) as pilot:
        assert isinstance(app.screen, LoadingScreen)
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen)
        alignment = app.screen.alignment
        assert [d.id for d in alignment.documents] == [
            "da",
            "voa",
            "alarabiya",
            "aljazeera",
            "hankyoreh",
        ]
        assert alignment.mode == "comparable" and alignment.links


async def test_a_failure_shows_an_error_panel(tmp_path: Path, settle: Settle) -> None:
    app = ReaderApp(documents=[tmp_path / "gone.txt", tmp_path / "also-gone.txt"])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, LoadingScreen)
        assert "Could not open" in str(screen.query_one("#loading-title").render())
        assert "gone.txt" in str(screen.query_one("#loading-step").render())
        assert not screen.query_one("#loading-spinner").display
        await pilot.press("q")
        await pilot.pause()
    # `aligner read` raises it once the window is closed: one line on stderr, exit 2.
    assert isinstance(app.failure, InputError) and "gone.txt" in str(app.failure)
    assert app.failure.exit_code == 2


async def test_keys_are_answered_while_the_worker_runs() -> None:
    release = threading.Event()

    def slow_documents() -> list[object]:
        release.wait(30)
        return []

    app = ReaderApp(documents=slow_documents)  # type: ignore[arg-type]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LoadingScreen)
        assert app.workers and not release.is_set()
        assert app.return_code is None
        await pilot.press("q")
        await pilot.pause()
        # Quit was handled while the worker was still blocked.
        assert app.return_code == 0 and not release.is_set()
        release.set()


@pytest.mark.parametrize("after", [0.0, 0.5], ids=["during-first-paint", "while-aligning"])
def test_quitting_while_it_aligns_does_not_wait_for_the_alignment(after: float) -> None:
    """An encoding cannot be interrupted: the run must end without it (the terminal sat
    blank until the alignment was done), leaving it to stop with the process. Also when
    the quit comes before the worker has started (a slow first paint)."""
    release = threading.Event()

    def slow_documents() -> list[object]:
        release.wait()
        return []

    class QuitsWhileLoading(ReaderApp):
        # Textual reads a relative CSS path from the subclass's own folder.
        CSS_PATH = str(Path(app_module.__file__).parent / ReaderApp.CSS_PATH)

        def on_mount(self) -> None:
            super().on_mount()
            if after:
                self.set_timer(after, self.exit)
            else:
                self.exit()

    app = QuitsWhileLoading(documents=slow_documents)  # type: ignore[arg-type]
    run = threading.Thread(target=app.run, kwargs={"headless": True}, daemon=True)
    run.start()
    run.join(20)
    try:
        assert not run.is_alive(), "the run waited for the alignment to finish"
        assert not release.is_set() and app.return_code == 0
    finally:
        release.set()


async def test_reopening_the_same_files_uses_the_saved_alignment(settle: Settle) -> None:
    from aligner.cache import Store
    from aligner.paths import seeds_dir

    Store("reader_alignments").clear()
    files = [*seed_paths(), seeds_dir() / "manifest.json"]
    opened = []
    for _ in range(2):
        app = ReaderApp(documents=load_seeds, mode="comparable", remember=files)
        async with app.run_test(size=(120, 36)) as pilot:
            if app.from_cache:
                # Opened at once: the reader is up before any worker or loading screen.
                assert isinstance(app.screen, ReaderScreen) and not app.workers
            await settle(app, pilot)
            assert isinstance(app.screen, ReaderScreen)
            opened.append((app.from_cache, app.screen.alignment))
    (first_cached, first), (second_cached, second) = opened
    assert not first_cached and second_cached
    assert second.to_dict(with_text=True) == first.to_dict(with_text=True)
    assert [d.label for d in second.documents] == [d.label for d in first.documents]


def test_saved_alignment_key_follows_file_content(tmp_path: Path) -> None:
    from aligner.recent import key_for

    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Et.", "utf-8")
    b.write_text("One.", "utf-8")
    key = key_for([a, b], mode="auto", encoder=None)
    assert key == key_for([a, b], mode="auto", encoder=None)
    assert key != key_for([a, b], mode="parallel", encoder=None)
    b.write_text("Two.", "utf-8")
    assert key != key_for([a, b], mode="auto", encoder=None)


async def test_theme_option_picks_the_light_theme(
    hand_alignment: Alignment, tmp_path: Path
) -> None:
    saved = tmp_path / "aligned.json"
    saved.write_text(hand_alignment.to_json(), "utf-8")
    app = build_app(args(saved, theme="light", threshold=0.5))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "textual-light" and not app.current_theme.dark
        screen = app.screen
        assert isinstance(screen, ReaderScreen) and screen.state.threshold == 0.5
