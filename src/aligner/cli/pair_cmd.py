"""`aligner pair SOURCES ARCHIVE... --out pairs.tsv`: the groups `align-batch` aligns, found."""

from __future__ import annotations

import argparse
import os
import re
from pathlib import Path
from typing import Any

from aligner.cli.checks import check_not_an_input, check_output_file
from aligner.cli.find_cmd import (
    add_archive_options,
    check_archive_options,
    notes_to,
    open_archive,
    stderr_console,
)
from aligner.coverage.files import list_archive
from aligner.coverage.find import LIKELY_COVERAGE, find, read_source
from aligner.errors import AlignerError, InputError
from aligner.fsutil import atomic_write_text

DEFAULT_MIN_SCORE = LIKELY_COVERAGE


def register(sub: Any) -> None:
    p = sub.add_parser(
        "pair",
        help="find each source's coverage in an archive and write the list align-batch reads",
        description=(
            "For every article in SOURCES (a file or a folder), rank ARCHIVE's articles as "
            "`aligner find` does and write one line per source to OUT: ID, the source, and "
            "the articles scoring at least --min-score (at most --top). Then "
            "`aligner align-batch OUT --out DIR` aligns them all."
        ),
    )
    p.add_argument("sources", metavar="SOURCES", help="a source article, or a folder of them")
    p.add_argument("archive", metavar="ARCHIVE", nargs="+", help="article files or folders")
    p.add_argument("--out", metavar="PAIRS.tsv", required=True, help="the list to write")
    p.add_argument(
        "--top", type=int, default=5, metavar="N", help="at most N articles per source (default: 5)"
    )
    p.add_argument(
        "--min-score",
        type=float,
        default=DEFAULT_MIN_SCORE,
        metavar="SCORE",
        help=f"leave out articles scoring below SCORE (default: {DEFAULT_MIN_SCORE})",
    )
    add_archive_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.top < 1:
        raise InputError(f"--top {args.top}: give a positive number of articles")
    if not 0.0 <= args.min_score <= 1.0:
        raise InputError(f"--min-score {args.min_score}: give a score between 0 and 1")
    check_archive_options(args)
    if not args.sources.strip():
        raise InputError("SOURCES: an empty name; name a source article or a folder of them")
    console = stderr_console()
    say = notes_to(console)

    sources = list_archive([args.sources], say)
    if not sources:
        raise InputError(f"{args.sources}: no source articles in it")
    # Before the ranking: it takes minutes on an archive.
    out = check_output_file(args.out, "pairs.tsv")
    check_not_an_input(out, [args.sources, *args.archive], "--out", "articles to pair")
    base = out.resolve().parent
    lines = [
        "# written by `aligner pair`: ID, source, the articles reporting its story",
        f"# min score {args.min_score}, at most {args.top} per source",
    ]
    groups = 0
    read = 0  # sources read and ranked
    ids: set[str] = set()
    said: set[str] = set()

    def once(message: str) -> None:
        # Said of the archive, not of one source: a folder of sources would repeat it.
        if message not in said:
            said.add(message)
            say(message)

    with open_archive(args, args.archive, console, [f.path for f in sources]) as archive:
        for f in sources:
            source_field = _rel(f.path, base)
            if not _listable(source_field):
                say(f"{f.path!r}: {_UNLISTABLE}; source left out")
                continue
            try:
                source = read_source(f.path, args.source_lang, args.one_per_line)
                ranking = find(source, archive, top=args.top, problem=once)
            except AlignerError as e:
                say(f"{e}: source left out")
                continue
            read += 1
            listed: list[str] = []
            for m in ranking:
                if m.score < args.min_score:
                    continue
                field = _rel(m.path, base)
                if _listable(field):
                    listed.append(field)
                else:
                    once(f"{m.path!r}: {_UNLISTABLE}; not listed")
            gid = _unique_id(Path(f.path).stem, ids)
            if not listed:
                best = ranking[0] if len(ranking) else None
                hint = f" (best: {best.name} at {best.score:.3f})" if best else ""
                say(f"{f.path}: no article scores {args.min_score} or more{hint}; not listed")
                continue
            lines.append("\t".join([gid, source_field, *listed]))
            groups += 1
    if not read:
        raise InputError(f"{args.sources}: no source could be read or ranked (see the lines above)")
    if not groups:
        say(
            f"no source has an article scoring {args.min_score} or more: {out} not written "
            "(lower --min-score to list weaker matches)"
        )
        return 1
    try:
        atomic_write_text(out, "\n".join(lines) + "\n")
    except OSError as e:
        raise AlignerError(f"cannot write {out}: {e.strerror or e}") from e
    say(
        f"{groups} of {len(sources)} sources paired; align them with "
        f"`aligner align-batch {out} --out DIR`"
    )
    return 0


#: The list is tab-separated, one group a line, its fields stripped (pairs.py).
_UNLISTABLE = (
    "a tab or line break in the name, or space at its ends, cannot be listed in pairs.tsv; "
    "rename it"
)


def _listable(field: str) -> bool:
    """Whether ``field``, as the list holds it, reads back as itself."""
    return "\t" not in field and field.splitlines() == [field] and field == field.strip()


def _unique_id(stem: str, taken: set[str]) -> str:
    """A group id align-batch accepts (letters, digits, . _ -), unique in the list."""
    base = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-._")[:150] or "source"
    if not base[0].isalnum():
        base = f"s{base}"
    gid, n = base, 1
    while gid in taken:
        n += 1
        gid = f"{base}-{n}"
    taken.add(gid)
    return gid


def _rel(path: str, base: Path) -> str:
    """Relative to the list's folder, as align-batch resolves it, so list and articles move
    together; absolute when they share no root."""
    try:
        return os.path.relpath(path, base)
    except ValueError:
        return path
