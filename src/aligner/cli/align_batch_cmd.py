"""`aligner align-batch PAIRS.tsv --out DIR`: align many groups, here or on a Dask cluster."""

from __future__ import annotations

import argparse
from typing import Any

from aligner.cli.align_cmd import add_align_options, align_options
from aligner.cli.checks import check_output_dir
from aligner.distributed.scheduler import parse_scheduler
from aligner.model import FORMATS
from aligner.pairs import FORMAT_HELP, Group, read_pairs


def register(sub: Any) -> None:
    p = sub.add_parser(
        "align-batch",
        help="align many groups of articles listed in a file, one output per group",
        description=(
            "Align every group listed in PAIRS (" + FORMAT_HELP + ") and write OUT/ID.FORMAT, "
            "as `aligner align SOURCE TARGET... --format FORMAT` prints it, all in one process "
            "(one model load for the whole list). Groups whose output "
            "is already complete, from the same articles and options, are skipped, so "
            "rerunning an interrupted batch resumes it; an output whose articles or options "
            "changed is made again (OUT/.align-batch/ records what each was made from). "
            "With --scheduler the groups run on a Dask cluster; every worker must be able "
            "to read the articles at the paths the list gives (a shared folder)."
        ),
    )
    p.add_argument(
        "pairs",
        metavar="PAIRS",
        help="the list of groups (tab-separated, see above; - reads stdin)",
    )
    p.add_argument("--out", metavar="DIR", required=True, help="folder for the outputs")
    p.add_argument(
        "--format",
        choices=FORMATS,
        default="json",
        help="output format, one file OUT/ID.FORMAT per group (default: json)",
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        default=None,
        help="run on a Dask cluster: tcp://HOST:PORT, or local[:N] to start N "
        "local workers (needs `pip install aligner[dask]`)",
    )
    add_align_options(p, cluster=True)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # Deferred: rich's progress bar (~80 ms) and the batch, which imports the exporters
    # (~30 ms; bench/startup.py): every other command would pay them.
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    from aligner.align_batch import AlignOptions, plan_batch, run_batch

    check_output_dir(args.out)
    scheduler = parse_scheduler(args.scheduler) if args.scheduler else None
    groups = read_pairs(args.pairs)
    options = AlignOptions(**align_options(args), format=args.format)
    plan = plan_batch(groups, args.out, options)
    # soft_wrap: a long path stays on one line, whole for grep and for the terminal to wrap.
    console = Console(stderr=True, soft_wrap=True)

    def say(msg: str) -> None:
        console.print(f"aligner: {msg}", highlight=False, markup=False)

    if plan.skipped:
        say(f"{len(plan.skipped)} of {len(groups)} groups already aligned in {args.out}: skipped")
    if plan.stale:
        say(f"{len(plan.stale)} output(s) made from other articles or options, aligned again: "
            + _some(plan.stale))  # fmt: skip
    if plan.unrecorded:
        say(f"no record of what {len(plan.unrecorded)} output(s) were made from (an older "
            "aligner's, or not aligner's), aligned again: " + _some(plan.unrecorded))  # fmt: skip
    runner = None
    if scheduler is not None and plan.todo:
        # Dask (an optional extra, ~0.7 s to import) only for a run that will use it.
        from aligner.distributed.align_batch import cluster_runner

        runner = cluster_runner(scheduler, notify=say)
    with Progress(
        TextColumn("aligning"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,  # a log file gets the lines, not bar frames
    ) as bar:
        task = bar.add_task("groups", total=len(plan.todo))

        def on_done(group: Group, error: str | None) -> None:
            if error is not None:
                bar.console.print(f"aligner: {group.id}: {error}", highlight=False, markup=False)
            bar.advance(task)

        report = run_batch(plan, runner=runner, on_done=on_done)
    for gid, error in report.failed.items():
        if gid in plan.missing:
            say(f"{gid}: {error}")
    say(
        f"{len(report.aligned)} aligned, {len(report.skipped)} skipped (already done), "
        f"{len(report.failed)} failed; outputs in {args.out}"
    )
    return 0 if report.ok else 1


def _some(ids: list[str]) -> str:
    return ", ".join(ids[:5]) + (", ..." if len(ids) > 5 else "")
