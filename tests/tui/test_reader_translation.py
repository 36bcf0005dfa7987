"""The translation column with a real (tiny, hand-built) Argos model: the reader's worker
translates the source, and the column shows the engine's output beside the original."""

from __future__ import annotations

import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path

from aligner.documents import document_from_text
from aligner.recent import key_for
from aligner.translation import install_file, remove
from aligner.tui.app import ReaderApp
from aligner.tui.screens.reader import ReaderScreen
from argos_fixture import BuiltPackage

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


async def test_installing_a_model_retires_the_saved_alignment(
    argos_empty: dict[str, str],
    argos_packages: dict[str, BuiltPackage],
    tmp_path: Path,
    settle: Settle,
) -> None:
    """Reopening the same files after ``aligner models install da en`` shows the
    translation: the saved alignment made without the model is not the one opened."""
    files = [tmp_path / "da.txt", tmp_path / "en.txt"]
    files[0].write_text(DA, "utf-8")
    files[1].write_text(EN, "utf-8")

    async def open_reader() -> tuple[bool, list[str | None]]:
        app = ReaderApp(documents=files, mode="comparable", remember=files)
        async with app.run_test(size=(160, 40)) as pilot:
            await settle(app, pilot)
            screen = app.screen
            assert isinstance(screen, ReaderScreen)
            return app.from_cache, [s.translation for s in screen.alignment.source.sentences]

    assert await open_reader() == (False, [None, None, None])
    assert await open_reader() == (True, [None, None, None])
    install_file(argos_packages["da-en"].archive)
    translated = ["Dog eats an apple.", "Cat sleeps in house.", "Dog is big."]
    assert await open_reader() == (False, translated)
    assert await open_reader() == (True, translated)


def test_saved_alignment_key_follows_the_translation_models(
    argos_empty: dict[str, str], argos_packages: dict[str, BuiltPackage], tmp_path: Path
) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(DA, "utf-8")
    b.write_text(EN, "utf-8")

    def key() -> bytes:
        return key_for([a, b], mode="auto", encoder=None)

    bare = key()
    assert key() == bare
    # A file dropped into models/ is installed on the next alignment: it counts already.
    models = Path(argos_empty["ALIGNER_MODELS_DIR"])
    models.mkdir(parents=True, exist_ok=True)
    dropped = shutil.copy(argos_packages["en-de"].archive, models)
    with_dropped = key()
    assert with_dropped != bare
    Path(dropped).unlink()
    assert key() == bare
    install_file(argos_packages["da-en"].archive)
    with_da_en = key()
    assert with_da_en not in (bare, with_dropped)
    install_file(argos_packages["en-de"].archive)
    assert key() not in (bare, with_dropped, with_da_en)
    remove("en", "de")
    assert key() == with_da_en
