"""The list of groups ``aligner align-batch`` reads: one group per line, tab-separated.

::

    # comments and blank lines are ignored
    ID<TAB>SOURCE<TAB>TARGET[<TAB>TARGET...]

``ID`` names the output (``OUT/ID.json``, or the suffix ``--format`` names): letters,
digits, ``.``, ``_``, ``-``, unique in the file. Relative paths are relative to the folder
of the list itself, so a list and its articles move together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from aligner.errors import InputError
from aligner.textio import read_text

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")

FORMAT_HELP = (
    "one group per line: ID<TAB>SOURCE<TAB>TARGET[<TAB>TARGET...]; '#' starts a comment; "
    "ID names the output file OUT/ID.FORMAT; relative paths are relative to the list's "
    "folder (the current one for a list read from a pipe)"
)


@dataclass(frozen=True, slots=True)
class Group:
    """A source article and the articles to align it with, as one line of the list gives them."""

    id: str
    source: Path
    targets: tuple[Path, ...]
    line: int = 0

    @property
    def paths(self) -> tuple[Path, ...]:
        return (self.source, *self.targets)


def parse_pairs(text: str, *, base: Path, name: str = "pairs") -> list[Group]:
    """The groups of a list; a malformed line is an :class:`InputError` naming it."""
    groups: list[Group] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [f.strip() for f in line.split("\t")]
        while not fields[-1]:
            fields.pop()  # a spreadsheet pads its rows with tabs
        where = f"{name}:{number}"
        if "" in fields:
            n = fields.index("") + 1
            why = "the line starts with a tab" if n == 1 else "two tabs in a row"
            raise InputError(f"{where}: field {n} is empty ({why})")
        if len(fields) < 3:
            raise InputError(
                f"{where}: expected ID, SOURCE and at least one TARGET separated by tabs "
                f"(got {len(fields)} field(s))"
            )
        gid = fields[0]
        if not _ID.match(gid):
            raise InputError(
                f"{where}: group id {gid!r} must be letters, digits, '.', '_' or '-' "
                "(it names the output file)"
            )
        if gid in seen:
            raise InputError(f"{where}: group id {gid!r} already used on line {seen[gid]}")
        seen[gid] = number
        source, *targets = (_resolve(f, base) for f in fields[1:])
        groups.append(Group(id=gid, source=source, targets=tuple(targets), line=number))
    if not groups:
        raise InputError(f"{name}: lists no group ({FORMAT_HELP})")
    return groups


def read_pairs(path: str | Path) -> list[Group]:
    """The groups of the list at ``path``; ``-`` reads it from standard input."""
    p = Path("/dev/stdin") if str(path) == "-" else Path(path)
    if p.is_dir():
        raise InputError(f"{p}: is a folder; give the list of groups ({FORMAT_HELP})")
    if not p.exists():
        raise InputError(f"{p}: no such file")
    # A list that is no file (a pipe, <(...), -) has no folder of its own: its relative
    # paths are the current folder's, as the shell that made it meant them.
    base = p.parent if p.is_file() and str(path) != "-" else Path.cwd()
    # read_text reads what is there (a pipe, a process substitution) and refuses the rest.
    return parse_pairs(read_text(p), base=base, name="-" if str(path) == "-" else str(p))


def _resolve(field: str, base: Path) -> Path:
    p = Path(field).expanduser()
    return p if p.is_absolute() else base / p
