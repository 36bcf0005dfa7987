"""`aligner eval beads DIR`: parallel mode scored against a Text+Berg-style bead gold set."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from aligner.cli.options import add_encoder
from aligner.embed import CachedEncoder, load_encoder
from aligner.errors import InputError

if TYPE_CHECKING:
    from aligner.evaluate.textberg import GoldResult


def register(sub: Any) -> None:
    p = sub.add_parser(
        "eval",
        help="score the aligner against a gold set",
        description="Score the aligner against a gold set and print precision, recall and F1.",
    )
    kinds = p.add_subparsers(dest="kind", metavar="KIND", parser_class=type(p))
    b = kinds.add_parser(
        "beads",
        help="parallel mode against bead gold files (Text+Berg layout)",
        description=(
            "Align every NAME.xx / NAME.yy pair of DIR (one sentence per line) as `aligner align "
            "NAME.xx NAME.yy --mode parallel --one-per-line --format beads` does and score the "
            "beads against NAME.xxyy, strict and lax, by the reference scorer's rules (vecalign's "
            "and bertalign's: predicted 1-0 and 0-1 beads count in precision; counts summed "
            "over documents)."
        ),
    )
    b.add_argument(
        "folder", metavar="DIR", help="the gold folder, e.g. ../shared/eval/textberg-defr"
    )
    b.add_argument(
        "--docs",
        nargs="+",
        metavar="NAME",
        default=None,
        help="documents to score (default: every test* document)",
    )
    add_encoder(b)
    b.set_defaults(func=run_beads)
    p.set_defaults(func=_need_kind)


def _need_kind(args: argparse.Namespace) -> int:
    raise InputError("say what to evaluate: `aligner eval beads DIR`")


def run_beads(args: argparse.Namespace) -> int:
    # Deferred: rich's progress bar (~80 ms) and the evaluation, which imports the
    # exporters (~40 ms; bench/startup.py): every other command would pay them.
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from aligner.evaluate.textberg import DocResult, evaluate_gold, find_gold_docs

    docs = find_gold_docs(args.folder, args.docs)
    encoder = load_encoder(args.encoder)
    console = Console(stderr=True)
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        # A log gets no bar frames, and no blank line before an error.
        disable=not console.is_terminal,
    )
    with progress:
        doc_task = progress.add_task("aligning", total=len(docs))
        enc_task = progress.add_task("encoding windows", total=None)
        if isinstance(encoder, CachedEncoder):
            encoder.on_progress = lambda n: progress.advance(enc_task, n)

        def done(r: DocResult) -> None:
            progress.update(doc_task, advance=1, description=f"aligned {r.name}")

        result = evaluate_gold(docs, encoder, on_doc=done)
    print(_table(result), end="")
    sys.stdout.flush()
    return 0


def _table(result: GoldResult) -> str:
    head = (
        f"{'doc':<10} {'gold':>5} {'pred':>5}  {'P strict':>8} {'R strict':>8} {'F1 strict':>9}  "
        f"{'P lax':>6} {'R lax':>6} {'F1 lax':>6}\n"
    )
    rows = [(d.name, d.counts) for d in result.docs] + [("total", result.total)]
    lines = [head]
    for i, (name, c) in enumerate(rows):
        if i == len(rows) - 1:
            lines.append("-" * (len(head) - 1) + "\n")
        s = c.scores()
        lines.append(
            f"{name:<10} {c.gold:>5} {c.predicted:>5}  {s.strict.precision:>8.3f} "
            f"{s.strict.recall:>8.3f} {s.strict.f1:>9.3f}  {s.lax.precision:>6.3f} "
            f"{s.lax.recall:>6.3f} {s.lax.f1:>6.3f}\n"
        )
    return "".join(lines)
