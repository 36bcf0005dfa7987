"""The line over the columns that says how to get the translation column."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from textual.content import Content

from aligner.paths import drop_in_folder
from aligner.tui.widgets.fitted import FittedLine

#: Longest first: the first that fits is shown. Each ends on how to hide the line,
#: which a narrow terminal must not cut off ({scope}: which articles it is for).
NOTES = (
    "No {src}→{tgt} translation model{scope}: run `aligner models install {src} {tgt}` "
    "or copy a .argosmodel into {folder} · t hides this line",
    "No {src}→{tgt} model{scope}: `aligner models install {src} {tgt}` "
    "or .argosmodel → {folder} · t hides this line",
    "No {src}→{tgt} model{scope}: `aligner models install {src} {tgt}` · t hides this line",
    "No {src}→{tgt} model: `aligner models install {src} {tgt}` · t hides this line",
)
#: Narrower than every note: the last one cut, this kept after the cut.
HIDE = " · t hides"


def install_note(src: str, tgt: str, scope: str, width: int | None) -> str:
    """The longest note that fits ``width`` cells; else the shortest cut with ``…`` before
    :data:`HIDE`, which always shows."""
    # The folder by its full path, as the CLI names it: a bare "models/" reads as the
    # current folder's, which is never scanned.
    folder = drop_in_folder()
    notes = [n.format(src=src, tgt=tgt, scope=scope, folder=folder) for n in NOTES]
    if width is None:
        return notes[0]
    for note in notes:
        if cell_len(note) <= width:
            return note
    head = notes[-1].removesuffix(" · t hides this line")
    room = width - cell_len(HIDE)
    if cell_len(head) <= room:
        return head + HIDE
    if room < 2:
        return set_cell_size(HIDE.removeprefix(" · "), width)
    return set_cell_size(head, room - 1).rstrip() + "…" + HIDE


class InstallNote(FittedLine):
    """No model to translate the source with: how to install one, fitted to the width."""

    def __init__(self, src: str, tgt: str, scope: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.fit(lambda width: Content(install_note(src, tgt, scope, width)))
