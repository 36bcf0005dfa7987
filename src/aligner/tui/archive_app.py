"""`aligner read SOURCE --archive DIR`: the reader on the articles ``find`` ranks best.

The ranking is made before the window opens (its problems are the command line's to
report); ``a`` shows it, and swapping articles in or out aligns the new set the way
the reader opens any set: in a worker, behind the loading screen.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.binding import BindingType

from aligner import recent
from aligner.tui.app import ReaderApp, opening_label
from aligner.tui.keys import ARCHIVE_KEYS, bindings
from aligner.tui.screens.coverage import CoverageScreen
from aligner.tui.screens.loading import LoadingScreen
from aligner.tui.screens.reader import ReaderScreen

if TYPE_CHECKING:
    from aligner.coverage import Ranking


class ArchiveReaderApp(ReaderApp):
    EXTRA_KEYS = ARCHIVE_KEYS
    BINDINGS: ClassVar[list[BindingType]] = list(bindings(ARCHIVE_KEYS))

    def __init__(self, source: str, ranking: Ranking, chosen: list[str], **kwargs: Any) -> None:
        self.source = source
        self.ranking = ranking
        self.chosen = list(chosen)
        super().__init__(
            documents=[source, *chosen], remember=[Path(p) for p in (source, *chosen)], **kwargs
        )

    def action_articles(self) -> None:
        if isinstance(self.screen, (CoverageScreen, LoadingScreen)):
            return
        if isinstance(self.screen, ReaderScreen):
            # The new set opens at the threshold and on the source sentence the person
            # had come to.
            self.threshold = self.screen.state.threshold
            source = self.screen.columns[0]
            self.source_sentence = source.cursor
        self.push_screen(CoverageScreen(self.ranking, self.chosen), self._chosen)

    def _chosen(self, chosen: list[str] | None) -> None:
        if chosen is None or chosen == self.chosen:
            return
        self.chosen = chosen
        self.documents = [self.source, *chosen]
        self.remember = [Path(self.source), *(Path(p) for p in chosen)]
        self.alignment = None
        key = self._cache_key()
        saved = recent.recall(key) if key else None
        if saved is not None:
            self.alignment = saved
            self.switch_screen(self.reader_screen(saved))
            return
        self.loading = LoadingScreen(opening_label(self.documents))
        self.switch_screen(self.loading)
        self.call_after_refresh(self._align)
