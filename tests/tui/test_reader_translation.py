"""The translation column with a real (tiny, hand-built) Argos model: the reader's worker
translates the source, and the column shows the engine's output beside the original."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aligner.documents import document_from_text
from aligner.tui.app import ReaderApp
from aligner.tui.screens.reader import ReaderScreen

DA = "Hunden spiser et æble. Katten sover i huset.\n\nHunden er stor.\n"
EN = "The dog eats an apple. The cat sleeps in the house.\n\nThe dog is big.\n"

#: The ``settle`` fixture of conftest: waits for the reader's worker.
Settle = Callable[..., Awaitable[None]]


async def test_translation_column_shows_the_engine_output(
    argos_installed: dict[str, str], settle: Settle
) -> None:
    da = document_from_text(DA, lang="da", doc_id="da")
    en = document_from_text(EN, lang="en", doc_id="en")
    app = ReaderApp(documents=[da, en], mode="comparable")
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        assert not screen.query("#translation-note")
        column = screen.query_one("#col-translation")
        assert column.display
        wrapped = column.wrapped  # type: ignore[attr-defined]
        lines = [line.text for line in wrapped.lines if line.sentence is not None]
        assert lines == ["Dog eats an apple.", "Cat sleeps in house.", "Dog is big."]
        await pilot.press("t")
        await pilot.pause()
        assert not column.display
