"""`e`: choose a format and confirm the path before anything is written."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet

from aligner.fsutil import names_a_folder
from aligner.model import Format, format_named

#: The formats the reader offers, of :data:`aligner.model.FORMATS`: JSON is for programs
#: (``aligner align``), beads hold one pair of articles only.
OFFERED: tuple[Format, ...] = ("tmx", "tsv", "html")


class ExportScreen(ModalScreen[tuple[str, Path] | None]):
    """Returns ``(format, path)``, or None when cancelled. The path is absolute; a file
    name ending in a format's extension (``.tsv``) picks that format, as ``-o`` does on
    the command line, whichever button is on."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "cancel", show=False)]

    def __init__(self, last: tuple[str, Path] | None = None, stem: str = "aligned") -> None:
        super().__init__()
        #: The last export's format and path, offered again.
        self.fmt, self.path = last or (OFFERED[0], Path.cwd() / f"{stem}.{OFFERED[0]}")
        self._replace: Path | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box"):
            yield Label("[b]Export what is shown[/b] (links at or above the threshold)")
            with RadioSet(id="export-format"):
                for fmt in OFFERED:
                    yield RadioButton(fmt.upper(), value=fmt == self.fmt, id=f"fmt-{fmt}")
            yield Label("to file:")
            yield Input(value=str(self.path), id="export-path")
            with Horizontal(id="export-buttons"):
                yield Button("Export", variant="primary", id="export-ok")
                yield Button("Cancel", id="export-cancel")

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    @on(RadioSet.Changed)
    def _format_changed(self, event: RadioSet.Changed) -> None:
        self.fmt = OFFERED[event.index]
        box = self.query_one("#export-path", Input)
        path = Path(box.value)
        # Follow the format with the extension, unless the person typed their own.
        if path.suffix.lstrip(".") in OFFERED:
            box.value = str(path.with_suffix(f".{self.fmt}"))

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#export-ok")
    def _confirm(self) -> None:
        value = self.query_one("#export-path", Input).value.strip()
        if not value:
            self.notify("give a path to write to", severity="warning")
            return
        path = Path(value).expanduser().absolute()
        named = format_named(path)
        if named is not None and named not in OFFERED:
            offered = ", ".join(f".{f}" for f in OFFERED)
            self.notify(
                f"{path.name}: {named} is not offered here; name the file {offered} "
                f"(or write {named} with `aligner align --format {named}`)",
                severity="warning",
            )
            return
        fmt = named or self.fmt
        if path.is_dir() or names_a_folder(value):
            self.notify(f"{path} is a folder: give a file name", severity="warning")
            return
        if path.exists() and self._replace != path:
            # Confirm before replacing someone's file: a second Enter means yes.
            self._replace = path
            self.notify(f"{path.name} exists: Export again to replace it", severity="warning")
            return
        self.dismiss((fmt, path))

    @on(Button.Pressed, "#export-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
