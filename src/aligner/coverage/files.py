"""The files of an archive: what ``aligner find`` and ``aligner pair`` are given, listed.

A folder is walked with ``os.scandir``, which hands back each entry's type without a
second system call; with the size and modification time taken in the same pass, an
archive of 100,000 articles is listed in a fraction of a second, and the index knows
from them alone which articles are new or changed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from aligner.callbacks import Notify

#: In a folder, files of these kinds are not articles: data, code, media, archives, and
#: aligner's own outputs (a seeds folder's manifest.json ranked among its articles).
#: Named on the command line, any file is searched.
NOT_ARTICLES = frozenset({
    ".json", ".jsonl", ".csv", ".tsv", ".tmx", ".xml", ".yaml", ".yml", ".toml", ".ini",
    ".cfg", ".log", ".lock", ".py", ".js", ".css", ".sh", ".npz", ".npy", ".pkl", ".parquet",
    ".db", ".sqlite", ".sqlite3", ".gz", ".zip", ".tar", ".bz2", ".xz", ".7z", ".pdf", ".doc",
    ".docx", ".odt", ".rtf", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".mp3", ".mp4",
    ".wav", ".argosmodel",
})  # fmt: skip
#: Nor are a folder's notes about itself (README.md, LICENSE), whatever their suffix.
NOT_ARTICLE_NAMES = frozenset(
    ["readme", "license", "licence", "copying", "changelog", "notice", "authors"]
)


@dataclass(frozen=True, slots=True)
class ArchiveFile:
    """One candidate article: where it is, and what says whether it changed."""

    path: str
    size: int
    mtime_ns: int


def list_archive(inputs: Sequence[str | Path], problem: Notify) -> list[ArchiveFile]:
    """Every file the inputs name, folders walked (hidden entries skipped), sorted, once each.

    A file reached twice (a folder named twice, a link to a folder already walked, a link
    that loops back to its own folder) is listed once, under the first path found: ranked
    twice, it would share its score with itself. A missing input is reported through
    ``problem`` and left out: the rest can still be searched.
    """
    found: dict[str, ArchiveFile] = {}
    seen: set[tuple[int, int]] = set()
    for item in inputs:
        p = Path(item).expanduser()
        try:
            st = p.stat()
        except OSError:
            problem(f"{item}: no such file or folder")
            continue
        if p.is_dir():
            left_out: list[str] = []
            root = str(p.resolve())
            for f in _walk(root, problem, left_out, seen):
                found.setdefault(f.path, f)
            if left_out:
                names = sorted(os.path.relpath(f, root) for f in left_out)
                shown = ", ".join(names[:3]) + (", ..." if len(names) > 3 else "")
                what = (
                    "1 file that is not an article"
                    if len(left_out) == 1
                    else f"{len(left_out)} files that are not articles"
                )
                problem(f"{item}: left out {what} ({shown}); name a file to search it")
        elif _first_visit(st, seen):
            path = str(p.resolve())
            found.setdefault(path, ArchiveFile(path, st.st_size, st.st_mtime_ns))
    return [found[k] for k in sorted(found)]


def is_article_name(name: str) -> bool:
    """Whether a file found in a folder may be an article, by its name alone."""
    suffix = Path(name).suffix.lower()
    return suffix not in NOT_ARTICLES and name.split(".")[0].lower() not in NOT_ARTICLE_NAMES


def _walk(
    root: str, problem: Notify, left_out: list[str], seen: set[tuple[int, int]]
) -> Iterator[ArchiveFile]:
    try:
        st = os.stat(root)
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError as e:
        problem(f"{root}: cannot list it: {e.strerror}")
        return
    if not _first_visit(st, seen):
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue  # .DS_Store, .git, editors' swap files: never articles
        if "\n" in entry.name:
            problem(f"{entry.path!r}: a newline in a file name; rename it to search it")
            continue
        try:
            if entry.is_dir():
                yield from _walk(entry.path, problem, left_out, seen)
            elif entry.is_file() and not is_article_name(entry.name):
                left_out.append(entry.path)
            elif entry.is_file():
                st = entry.stat()
                if _first_visit(st, seen):
                    yield ArchiveFile(entry.path, st.st_size, st.st_mtime_ns)
            elif entry.is_symlink():
                problem(f"{entry.path}: a link to nothing (its target is gone): left out")
        except OSError as e:
            problem(f"{entry.path}: cannot read it: {e.strerror}")


def _first_visit(st: os.stat_result, seen: set[tuple[int, int]]) -> bool:
    """Whether the file or folder ``st`` describes is met for the first time (and now seen):
    by device and inode, so a link to it is the same file."""
    key = (st.st_dev, st.st_ino)
    if key in seen:
        return False
    seen.add(key)
    return True
