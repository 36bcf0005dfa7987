"""`aligner read`: the App. It opens an alignment at once, or makes one in a worker thread."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from textual import work
from textual.app import App
from textual.worker import get_current_worker

from aligner import recent
from aligner.api import DocLike, align
from aligner.errors import AlignerError
from aligner.model import Alignment, ModeArg
from aligner.tui.keys import Key
from aligner.tui.screens.loading import LoadingScreen
from aligner.tui.screens.reader import ReaderScreen
from aligner.tui.state import SHOWN_FLOOR

#: Documents, or a function that reads them: called in the worker, so the window opens first.
Documents = Sequence["DocLike"] | Callable[[], Sequence["DocLike"]]

THEMES = {"dark": "textual-dark", "light": "textual-light"}


class ReaderApp(App[None]):
    """Give it an ``alignment``, or ``documents`` (source first) to align off the UI thread."""

    CSS_PATH = "reader.tcss"
    TITLE = "aligner"
    ENABLE_COMMAND_PALETTE = False
    #: Keys the app adds to the reader's, for its help.
    EXTRA_KEYS: tuple[Key, ...] = ()

    def __init__(
        self,
        alignment: Alignment | None = None,
        *,
        documents: Documents = (),
        mode: ModeArg = "auto",
        encoder: str | None = None,
        theme: str = "dark",
        threshold: float | None = 0.0,
        remember: Sequence[Path] = (),
    ) -> None:
        super().__init__()
        if alignment is None and not callable(documents) and len(documents) < 2:
            raise ValueError("give an alignment, or a source and at least one target")
        self.alignment = alignment
        self.documents = documents
        self.mode: ModeArg = mode
        self.encoder = encoder
        self.threshold = threshold
        #: The files the documents come from: their bytes key the saved alignment.
        self.remember = list(remember)
        self.from_cache = False
        self.theme_name = THEMES.get(theme, theme)
        self.loading: LoadingScreen | None = None
        #: Why the articles could not be opened: the command exits with it once the
        #: window closes (as a line on stderr and its exit code, for scripts too).
        self.failure: AlignerError | None = None
        #: The source sentence the reader opens on.
        self.source_sentence = 0

    def on_mount(self) -> None:
        self.theme = self.theme_name
        if self.alignment is None:
            # A saved alignment of the same files is a few milliseconds away: no loading screen.
            key = self._cache_key()
            saved = recent.recall(key) if key else None
            if saved is not None:
                self.from_cache = True
                self.alignment = saved
        if self.alignment is not None:
            self.push_screen(self.reader_screen(self.alignment))
            return
        self.loading = LoadingScreen(opening_label(self.documents))
        self.push_screen(self.loading)
        # Start after the first paint: the worker's imports and file reading hold the GIL.
        self.call_after_refresh(self._align)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _align(self) -> None:
        worker = get_current_worker()

        def notify(message: str) -> None:
            if not worker.is_cancelled:
                self.call_from_thread(self._progress, message)

        key = self._cache_key()
        outcome: list[Alignment | AlignerError] = []

        def job() -> None:
            try:
                docs = self.documents() if callable(self.documents) else self.documents
                if len(docs) < 2:
                    raise AlignerError("give a source article and at least one English article")
                outcome.append(
                    align(
                        docs[0],
                        *docs[1:],
                        mode=self.mode,
                        encoder=self.encoder,
                        # Links down to the floor, so `-` can show the less likely ones too.
                        threshold=SHOWN_FLOOR,
                        notify=notify,
                    )
                )
            except AlignerError as e:
                outcome.append(e)
            except Exception as e:  # a bug of ours: say so in one line, keep the UI alive
                outcome.append(AlignerError(f"internal error: {type(e).__name__}: {e}"))

        # A daemon thread does the work: quitting while it encodes must not wait for it
        # (an encoding cannot be interrupted; asyncio would join this worker's thread, and
        # the terminal sat blank until the alignment was done). Its cache writes are
        # atomic, so one cut short leaves nothing half-written.
        runner = threading.Thread(target=job, name="aligner-align", daemon=True)
        runner.start()
        while runner.is_alive():
            # Cancelled, or the app gone before this worker could be (a quit during the
            # first paint, before the worker started): either way, let go.
            if worker.is_cancelled or not self.is_running:
                return
            runner.join(0.05)
        result = outcome[0] if outcome else AlignerError("internal error: no alignment came back")
        if isinstance(result, AlignerError):
            if not worker.is_cancelled:
                self.call_from_thread(self._fail, result)
            return
        if key:
            # A cache that cannot be written costs the next opening's speed, not this one.
            with contextlib.suppress(AlignerError):
                recent.remember(key, result)
        if not worker.is_cancelled:
            self.call_from_thread(self._show, result)

    def reader_screen(self, alignment: Alignment) -> ReaderScreen:
        return ReaderScreen(
            alignment, threshold=self.threshold, source_sentence=self.source_sentence
        )

    def _cache_key(self) -> bytes | None:
        """The key of a saved alignment of these files, when the files are known."""
        if not self.remember:
            return None
        try:
            return recent.key_for(self.remember, mode=self.mode, encoder=self.encoder)
        except OSError:
            return None

    def _progress(self, message: str) -> None:
        if self.loading is not None:
            self.loading.progress(message)

    def _show(self, alignment: Alignment) -> None:
        self.failure = None
        self.alignment = alignment
        self.switch_screen(self.reader_screen(alignment))
        self.loading = None

    def _fail(self, failure: AlignerError) -> None:
        self.failure = failure
        message = str(failure)
        if self.loading is not None:
            self.loading.fail(message)
        self.notify(message, title="could not open", severity="error", timeout=10)


def opening_label(documents: Documents) -> str:
    """What the loading screen says it opens: the files, or the seeds."""
    if callable(documents):
        return "the bundled seed articles"
    names = []
    for d in documents:
        if isinstance(d, (str, Path)):
            names.append(Path(d).name)
        else:
            names.append(d.label)
    n = len(names) - 1
    return f"{names[0]} with {n} article{'s' if n != 1 else ''}"
