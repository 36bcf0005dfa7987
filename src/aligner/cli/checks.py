"""Checks of arguments made before any work starts, so a typo costs a second, not a run:
output paths we could not write, language codes nobody knows."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

from aligner.coverage.files import is_article_name
from aligner.errors import InputError
from aligner.fsutil import names_a_folder
from aligner.translation.packages import check_known_code

#: Where ``-`` is read from. A path, not ``sys.stdin``: every reader then takes it as it
#: takes a pipe (up to the size limit, decoded as files are). Messages and ``find``'s
#: JSON name it by this path; ``align`` names the document ``stdin``.
STDIN = "/dev/stdin"


def dash_is_stdin(paths: Sequence[str]) -> list[str]:
    """``paths`` with ``-`` read as standard input, as ``cat`` and ``grep`` read it."""
    if sum(p == "-" for p in paths) > 1:
        raise InputError("- (standard input) can be given once; save the other text to a file")
    return [STDIN if p == "-" else p for p in paths]


def check_output_file(path: str, example: str = "out.json") -> Path:
    """``path`` as a file we can create or replace (its folders may be missing)."""
    p = Path(path)
    if p.is_dir():
        raise InputError(f"{p}: is a folder; -o/--out takes a file name, e.g. {p / example}")
    if names_a_folder(path):
        raise InputError(f"{path}: names a folder; -o/--out takes a file name, e.g. {p / example}")
    if p.exists() and not p.is_file():
        raise InputError(f"{p}: is not a regular file; give a file name to write")
    _check_writable_below(p.parent, p)
    return p


def check_not_an_input(out: Path, inputs: Sequence[str], flag: str, what: str) -> None:
    """An :class:`InputError` when ``out`` is one of ``inputs`` (files, or folders whose
    articles are read): writing it would replace what is being read."""
    for item in inputs:
        p = Path(item)
        inside = p.is_dir() and _read_from(out, p)
        if _same_file(out, p) or (inside and out.exists()):
            raise InputError(f"{out}: is one of the {what}; {flag} takes another file")
        if inside:
            raise InputError(
                f"{out}: is inside {item}, whose files are read as articles; {flag} takes a "
                "file outside it (or a .tsv)"
            )


def _read_from(out: Path, folder: Path) -> bool:
    """Whether a walk of ``folder`` would read ``out`` as an article (hidden paths are skipped)."""
    full, root = out.resolve(), folder.resolve()
    if not full.is_relative_to(root):
        return False
    return is_article_name(out.name) and not any(
        part.startswith(".") for part in full.relative_to(root).parts
    )


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and a.samefile(b)
    except OSError:
        return False


def check_output_dir(path: str) -> Path:
    """``path`` as a folder we can create or write into."""
    p = Path(path)
    if p.exists() and not p.is_dir():
        raise InputError(f"{p}: is a file; --out takes a folder")
    _check_writable_below(p if p.is_dir() else p.parent, p)
    return p


def _check_writable_below(folder: Path, wanted: Path) -> None:
    """The nearest existing ancestor of ``folder`` must be a folder we can write into."""
    probe = folder.absolute()
    while not probe.exists():
        if probe.parent == probe:
            break
        probe = probe.parent
    if not probe.is_dir():
        raise InputError(f"{wanted}: cannot be written, {probe} is a file and not a folder")
    try:
        # os.access says yes to root on /proc and on read-only mounts it does not know;
        # making a file is the only honest test.
        with tempfile.TemporaryFile(dir=probe):
            pass
    except OSError as e:
        raise InputError(f"{wanted}: cannot be written ({probe}: {e.strerror or e})") from e


def check_language(code: str | None, option: str) -> str | None:
    """``code`` when it names a language (ISO 639-1, or an installed package's), else an
    :class:`InputError`; ``None`` stays ``None`` (detect)."""
    return None if code is None else check_known_code(code, option)


__all__ = ["check_language", "check_output_dir", "check_output_file"]
