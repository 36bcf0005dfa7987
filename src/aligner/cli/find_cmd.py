"""`aligner find SOURCE ARCHIVE...`: the archive's articles that report the source's story."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from aligner.callbacks import Notify
from aligner.cli.checks import check_language, dash_is_stdin
from aligner.cli.options import add_encoder, add_source_lang
from aligner.coverage.archive import Archive
from aligner.coverage.find import find, read_source
from aligner.distributed.scheduler import parse_scheduler
from aligner.embed import cached
from aligner.errors import InputError
from aligner.model import score_text

FIND_FORMATS = ("table", "json", "tsv")


def add_archive_options(p: argparse.ArgumentParser) -> None:
    """The options of every command that searches an archive (``find``, ``pair``, ``read``)."""
    p.add_argument(
        "--to",
        dest="archive_lang",
        metavar="LANG",
        default=None,
        help="the archive's language; articles in another are left out "
        "(default: the commonest in the archive)",
    )
    add_source_lang(p)
    add_encoder(p)
    p.add_argument(
        "--one-per-line",
        action="store_true",
        help="the files hold one sentence per line (no splitting, no cleaning)",
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        default=None,
        help="encode new articles on a Dask cluster: tcp://HOST:PORT, or local[:N] "
        "(needs `pip install aligner[dask]`)",
    )


def check_archive_options(args: argparse.Namespace) -> None:
    """The archive options' values, before an archive is listed or anything is encoded."""
    check_language(args.source_lang, "--from")
    check_language(args.archive_lang, "--to")
    if any(not str(a).strip() for a in args.archive):
        # Path("") is ".": a blank argument would search the current folder, unasked.
        raise InputError("ARCHIVE: an empty name; name article files or folders")


def register(sub: Any) -> None:
    p = sub.add_parser(
        "find",
        help="rank the articles of an archive by how much of the source's story they report",
        description=(
            "Rank the articles in ARCHIVE (files or folders, walked) by how much of SOURCE's "
            "content they share, and print the best with a score in [0, 1] and the sentence "
            "pairs that decided it. Article vectors are cached: a second search of the same "
            "archive reads and encodes only what is new or changed."
        ),
    )
    p.add_argument("source", metavar="SOURCE", help="the article whose coverage to find (-: stdin)")
    p.add_argument("archive", metavar="ARCHIVE", nargs="+", help="article files or folders")
    p.add_argument(
        "--top", type=int, default=10, metavar="N", help="how many articles to print (default: 10)"
    )
    p.add_argument(
        "--format", choices=FIND_FORMATS, default="table", help="table (default), json or tsv"
    )
    add_archive_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.top < 1:
        raise InputError(f"--top {args.top}: give a positive number of articles")
    check_archive_options(args)
    console = stderr_console()
    (path,) = dash_is_stdin([args.source])
    source = read_source(path, args.source_lang, args.one_per_line)
    own = [source.path] if source.path else []
    with open_archive(args, args.archive, console, sources=own) as archive:
        ranking = find(
            source,
            archive,
            top=args.top,
            problem=notes_to(console),
        )
    if args.format == "json":
        sys.stdout.write(json.dumps(ranking.to_dict(), ensure_ascii=False, indent=2) + "\n")
    elif args.format == "tsv":
        sys.stdout.write(ranking_tsv(ranking))
    else:
        print_table(ranking)
    return 0


def stderr_console() -> Any:
    # Deferred: ~30 ms to import (bench/startup.py), which every command would pay.
    from rich.console import Console

    return Console(stderr=True, soft_wrap=True, highlight=False)


def notes_to(console: Any) -> Notify:
    """Each problem or note as one line on ``console`` (stderr), as errors are written."""
    return lambda message: console.print(f"aligner: {message}", markup=False)


@contextmanager
def open_archive(
    args: argparse.Namespace, inputs: Sequence[str], console: Any, sources: Sequence[str] = ()
) -> Iterator[Any]:
    """The archive, its index refreshed with a progress bar; problems as lines on stderr
    (none for ``sources`` being in another language: see :meth:`Archive.open`)."""
    # Deferred: ~50 ms to import (bench/startup.py), which every command would pay.
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    encoder = cached(args.encoder)
    with Progress(
        TextColumn("indexing articles"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    ) as bar:
        task = bar.add_task("articles", total=None)

        problem = notes_to(bar.console)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        def opening(encode: Any = None) -> Any:
            return Archive.open(
                inputs,
                encoder,
                lang=args.archive_lang,
                one_per_line=args.one_per_line,
                problem=problem,
                progress=progress,
                encode=encode,
                sources=sources,
            )

        if args.scheduler:
            # Deferred: Dask (an optional extra, ~0.7 s to import) only behind --scheduler.
            from aligner.distributed.encode_batch import cluster_encoding

            spec = parse_scheduler(args.scheduler)
            with cluster_encoding(spec, args.encoder, encoder, notify=problem) as encode:
                archive = opening(encode)
        else:
            archive = opening()
    yield archive


def ranking_tsv(ranking: Any) -> str:
    """One line per match: rank, score, both coverages, shared sentences, path, pairs (i:j);
    quoted as ``align --format tsv`` quotes (a path may hold a tab)."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(["rank", "score", "source_coverage", "article_coverage", "shared", "path", "pairs"])
    for n, m in enumerate(ranking.matches, 1):
        pairs = ",".join(f"{p.source}:{p.target}" for p in m.pairs)
        w.writerow(
            [
                n,
                f"{m.score:.4f}",
                f"{m.source_coverage:.4f}",
                f"{m.article_coverage:.4f}",
                m.shared_sentences,
                m.path,
                pairs,
            ]
        )
    return buf.getvalue()


def print_table(ranking: Any) -> None:
    # Deferred: rich's table takes ~40 ms to import (bench/startup.py), for this output only.
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    src = ranking.source
    table = Table(
        title=f"{len(ranking.matches)} of {ranking.searched} '{ranking.language}' articles "
        f"for {src.path or src.id} ({len(src.sentences)} sentences)",
        title_justify="left",
        show_lines=True,
        expand=True,
    )
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("score", justify="right", no_wrap=True)
    table.add_column("article", ratio=1, overflow="fold")
    # What decided the rank: each source sentence's mutual best match by cosine, which
    # may state the same fact or only touch the same topic, so not called "facts".
    table.add_column("best-matched sentences (source ↔ article)", ratio=3)
    for n, m in enumerate(ranking.matches, 1):
        facts = Text()
        for i, p in enumerate(m.pairs):
            if i:
                facts.append("\n")
            facts.append(_clip(p.source_text, 70), style="bold")
            facts.append(" ↔ ")
            facts.append(_clip(p.target_text, 70))
        if not m.pairs:
            facts.append("no sentence in common", style="dim")
        label = Text(m.name)
        label.append(f"\n{m.shared_sentences} shared", style="dim")
        # Rounded down, as the reader prints it: a match shown 0.32 clears pair's 0.32.
        table.add_row(str(n), score_text(m.score), label, facts)
    Console(soft_wrap=False, highlight=False).print(table)


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
