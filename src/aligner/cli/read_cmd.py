"""`aligner read`: open articles side by side in the terminal reader.

No arguments: the bundled seeds. ``SOURCE ENGLISH...``: any articles. ``ALIGNMENT.json``: a
saved alignment (``aligner align --format json``), opened at once.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from aligner.cli.find_cmd import notes_to, open_archive, stderr_console
from aligner.cli.options import add_encoder, add_mode
from aligner.cli.pair_cmd import DEFAULT_MIN_SCORE
from aligner.coverage.find import find, read_source
from aligner.errors import InputError
from aligner.model import Alignment
from aligner.paths import seeds_dir
from aligner.seeds import load_seeds, seed_paths


def register(sub: Any) -> None:
    p = sub.add_parser(
        "read",
        help="read articles side by side, matches highlighted (the seeds by default)",
        description=(
            "Open the source article, its translation and the English articles in columns; "
            "the selected sentence and its matches light up. With no FILE: the bundled seeds. "
            "One .json FILE: a saved alignment. Press ? inside for the keys."
        ),
    )
    p.add_argument(
        "files",
        metavar="FILE",
        nargs="*",
        help="SOURCE ENGLISH [ENGLISH ...], or one ALIGNMENT.json",
    )
    add_mode(p)
    add_encoder(p)
    p.add_argument(
        "--theme", choices=("dark", "light"), default="dark", help="colours (default: dark)"
    )
    p.add_argument(
        "--threshold",
        type=float,
        default=None,
        metavar="P",
        help="show links of probability P or more, 0-1 (default: 0.5, or the threshold a "
        "saved alignment was made at if higher; + and - change it)",
    )
    p.add_argument(
        "--archive",
        metavar="DIR",
        action="append",
        default=None,
        help="open SOURCE beside the articles of DIR (repeatable) that `aligner find` "
        "ranks best; `a` shows the ranking to swap articles in or out",
    )
    p.add_argument(
        "--articles",
        type=int,
        default=3,
        metavar="N",
        help="with --archive: open the best N articles scoring at least --min-score (default: 3)",
    )
    p.add_argument(
        "--min-score",
        type=float,
        default=None,
        metavar="SCORE",
        help="with --archive: the least score of an article opened at first "
        f"(default: {DEFAULT_MIN_SCORE}, as `aligner pair`)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.threshold is not None and not 0.0 <= args.threshold <= 1.0:
        raise InputError(f"--threshold {args.threshold}: give a score between 0 and 1")
    app = build_app(args)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise InputError("aligner read needs a terminal; to print an alignment use `aligner align`")
    app.run()
    if app.failure is not None:
        raise app.failure
    return 0


def build_app(args: argparse.Namespace) -> Any:
    """The reader for these arguments; every input problem is raised here, before the UI starts."""
    # Deferred: Textual and the reader take ~0.5 s to import (bench/startup.py), which no
    # other command needs.
    from aligner.tui.app import ReaderApp

    files: list[str] = args.files
    if "-" in files:
        # The reader takes its keys from the terminal, so a text cannot come through stdin.
        raise InputError("-: the reader reads keys from the terminal; save the text to a file")
    common = {"theme": args.theme, "threshold": args.threshold}
    if getattr(args, "archive", None):
        return build_archive_app(args, common)
    if not files:
        # Read in the reader's worker, so the window is up before the files are.
        return ReaderApp(
            documents=load_seeds,
            mode=args.mode,
            encoder=args.encoder,
            remember=[*seed_paths(), seeds_dir() / "manifest.json"],
            **common,
        )
    for f in files:
        path = Path(f)
        if not path.exists():
            raise InputError(f"{f}: no such file")
        if path.is_dir():
            raise InputError(f"{f}: is a folder; give article files")
    if len(files) == 1:
        if not files[0].endswith(".json"):
            raise InputError(
                f"{files[0]}: give a source and at least one English article, or an alignment .json"
            )
        return ReaderApp(alignment=load_alignment(Path(files[0])), **common)
    return ReaderApp(
        documents=files,
        mode=args.mode,
        encoder=args.encoder,
        remember=[Path(f) for f in files],
        **common,
    )


def build_archive_app(args: argparse.Namespace, common: dict[str, Any]) -> Any:
    """The reader on SOURCE and the archive's best articles; the ranking is made here, with
    the command line's progress and problem lines, before the window opens."""
    from aligner.tui.archive_app import ArchiveReaderApp  # deferred: Textual, as in build_app

    if len(args.files) != 1:
        raise InputError("with --archive, give exactly one SOURCE article")
    if args.articles < 1:
        raise InputError(f"--articles {args.articles}: give a positive number")
    least = DEFAULT_MIN_SCORE if args.min_score is None else args.min_score
    source = read_source(args.files[0], None, False)
    options = argparse.Namespace(encoder=args.encoder, archive_lang=None, one_per_line=False,
                                 scheduler=None)  # fmt: skip
    console = stderr_console()
    own = [source.path] if source.path else []
    with open_archive(options, args.archive, console, sources=own) as archive:
        ranking = find(
            source,
            archive,
            top=max(20, args.articles),
            problem=notes_to(console),
        )
    chosen = [m.path for m in ranking.matches[: args.articles] if m.score >= least]
    if not chosen:
        best = ranking.matches[0]
        raise InputError(
            f"no article in the archive scores {least} or more for {args.files[0]} "
            f"(best: {best.name} at {best.score:.3f}); lower --min-score to read it anyway"
        )
    return ArchiveReaderApp(str(Path(args.files[0]).resolve()), ranking, chosen,
                            mode=args.mode, encoder=args.encoder, **common)  # fmt: skip


def load_alignment(path: Path) -> Any:
    try:
        return Alignment.from_json(path.read_bytes())
    except OSError as e:
        raise InputError(f"{path}: cannot read it: {e.strerror}") from e
    except InputError as e:
        raise InputError(f"{path}: {e}") from e
