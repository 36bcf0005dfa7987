"""`aligner align SRC TGT [TGT ...]`: align and print (json, tsv, tmx, html or beads)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from aligner.api import align
from aligner.cli.checks import (
    check_language,
    check_not_an_input,
    check_output_file,
    dash_is_stdin,
)
from aligner.cli.options import add_encoder, add_mode, add_source_lang
from aligner.embed import CachedEncoder, Encoder, load_encoder
from aligner.errors import AlignerError, InputError
from aligner.fsutil import atomic_write_text
from aligner.model import FORMATS, VIAS, format_named


def add_align_options(p: argparse.ArgumentParser, *, cluster: bool = False) -> None:
    """The options every aligning command shares (``align``, ``align-batch``)."""
    add_mode(p)
    p.add_argument(
        "--one-per-line",
        action="store_true",
        help="the files already hold one sentence per line (no splitting, no cleaning)",
    )
    add_encoder(p, cluster=cluster)
    p.add_argument(
        "--via",
        choices=VIAS,
        default=None,
        help="align directly, through the source's translation, or both "
        "(default: both when a model is installed, else direct)",
    )
    add_source_lang(p)
    p.add_argument(
        "--to",
        dest="target_lang",
        metavar="LANG",
        default=None,
        help="the targets' language (default: detect)",
    )
    p.add_argument("--no-translate", action="store_true", help="do not translate the source")
    p.add_argument(
        "--threshold",
        type=float,
        default=0.5,
        metavar="P",
        help="comparable mode: the probability a link needs; scores are calibrated, so "
        "0.5 means more likely right than wrong (default: 0.5)",
    )
    p.add_argument(
        "--keep-furniture",
        action="store_true",
        help="keep every line; by default page furniture (share buttons, photo credits, "
        "teasers of other stories) is left out and counted on stderr",
    )


def align_options(args: argparse.Namespace) -> dict[str, Any]:
    """The keyword arguments of :func:`aligner.align` that :func:`add_align_options` parsed
    (language codes checked)."""
    check_language(args.source_lang, "--from")
    check_language(args.target_lang, "--to")
    return {
        "mode": args.mode,
        "encoder": args.encoder,
        "via": args.via,
        "translate": not args.no_translate,
        "source_lang": args.source_lang,
        "target_lang": args.target_lang,
        "one_per_line": args.one_per_line,
        "threshold": args.threshold,
        "keep_furniture": args.keep_furniture,
    }


@contextmanager
def encoding_progress(spec: str | None) -> Iterator[Encoder]:
    """The encoder ``--encoder`` names, counting what it encodes on stderr's terminal.

    A book takes minutes to encode the first time: the count and the clock say it is moving.
    """
    # Deferred: ~80 ms to import (bench/startup.py), which every other command would pay.
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    encoder = load_encoder(spec)
    console = Console(stderr=True)
    if not console.is_terminal or not isinstance(encoder, CachedEncoder):
        yield encoder
        return
    with Progress(
        SpinnerColumn(),
        TextColumn("encoding: {task.completed} sentences and windows"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("encoding", total=None)
        encoder.on_progress = lambda n: bar.advance(task, n)
        try:
            yield encoder
        finally:
            encoder.on_progress = None


def register(sub: Any) -> None:
    p = sub.add_parser(
        "align",
        help="align a source article with one or more target articles",
        description="Align the sentences of SRC with those of each TGT and print the result.",
    )
    p.add_argument("source", metavar="SRC", help="the source article (a text file; -: stdin)")
    p.add_argument(
        "targets", metavar="TGT", nargs="+", help="articles to align it with (one may be -)"
    )
    p.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help="output format (default: the extension of -o's FILE if it names one, else json)",
    )
    add_align_options(p)
    p.add_argument(
        "-o", "--out", metavar="FILE", default=None, help="write to FILE instead of stdout"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # Deferred: the exporters take ~20 ms to import (bench/startup.py; xml, csv), which
    # every other command would pay.
    from aligner.export import render

    args.source, *args.targets = dash_is_stdin([args.source, *args.targets])
    named = format_of(args.out)  # json for stdout ("-", /dev/stdout) too: no extension
    fmt = args.format or named
    if args.format and named != "json" and named != args.format:
        # Both asked for: --format wins, but a .html file of TSV should not go unsaid.
        print(f"aligner: writing {args.format} to {args.out}, as --format says", file=sys.stderr)
    if fmt == "beads" and len(args.targets) != 1:
        raise InputError("--format beads takes exactly one target")
    # "-o -" and "-o /dev/stdout" mean standard output, never a file to replace.
    out = None if args.out in (None, "-", "/dev/stdout") else check_output_file(args.out)
    if out is not None:
        check_not_an_input(out, [args.source, *args.targets], "-o", "articles to align")
    options = align_options(args)
    with encoding_progress(options.pop("encoder")) as encoder:
        result = align(
            args.source,
            *args.targets,
            **options,
            encoder=encoder,
            notify=lambda msg: print(f"aligner: {msg}", file=sys.stderr),
        )
    text = render(result, fmt)
    if out is not None:
        try:
            atomic_write_text(out, text)
        except OSError as e:
            raise AlignerError(f"cannot write {out}: {e.strerror or e}") from e
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    return 0


def format_of(out: str | None) -> str:
    """The format ``-o FILE`` names by its extension (``links.html``: html), else json:
    a file called .html holding JSON is what nobody asking for it means."""
    return (format_named(out) if out else None) or "json"
