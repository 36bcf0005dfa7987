"""`aligner translate FILES|DIRS|GLOBS --to en --out DIR`: offline batch translation."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from aligner.cli.checks import check_language, check_output_dir
from aligner.distributed.scheduler import parse_scheduler
from aligner.errors import AlignerError, InputError, ModelMissingError
from aligner.paths import drop_in_folder
from aligner.translation.discovery import find_spec
from aligner.translation.packages import install_dropped, installed_packages

if TYPE_CHECKING:
    from aligner.translation.batch import Job


def register(sub: Any) -> None:
    p = sub.add_parser(
        "translate",
        help="translate files offline with an installed Argos model",
        description="Translate text files (or every .txt/.md file of a folder, or a glob) "
        "with an installed Argos model. Per file, DIR gets NAME.TO.txt (the translation, "
        "paragraphs kept) and NAME.TO.jsonl (each source sentence, its translation and its "
        "span). Interrupted runs resume: run the same command again.",
    )
    p.add_argument("inputs", nargs="+", metavar="PATH", help="files, folders or glob patterns")
    p.add_argument(
        "--from",
        dest="from_code",
        metavar="LANG",
        default=None,
        help="the files' language (default: detect per file)",
    )
    p.add_argument(
        "--to",
        dest="to_code",
        metavar="LANG",
        default="en",
        help="the language to translate into (default: en)",
    )
    p.add_argument("-o", "--out", metavar="DIR", required=True, help="folder for the outputs")
    p.add_argument("--beam-size", type=int, default=4, metavar="N", help="beam size (default: 4)")
    p.add_argument(
        "--batch-size",
        type=int,
        default=32,
        metavar="N",
        help="sentences per model call (default: 32)",
    )
    p.add_argument(
        "--threads",
        type=int,
        default=0,
        metavar="N",
        help="CPU threads for the model (default: 0, CTranslate2 decides)",
    )
    p.add_argument("--force", action="store_true", help="translate files whose outputs exist")
    p.add_argument(
        "--keep-furniture",
        action="store_true",
        help="translate every line; by default page furniture (share buttons, photo "
        "credits, teasers of other stories) is left out and counted in the summary",
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        default=None,
        help="translate on a Dask cluster: tcp://HOST:PORT, or local[:N] to start N local "
        "workers (needs `pip install aligner[dask]`); see docs/distributed.md",
    )
    p.set_defaults(func=run)  # fmt: skip


def run(args: argparse.Namespace) -> int:
    # Deferred: rich's console (~30 ms) and the batch runner (~15 ms; bench/startup.py),
    # which every other command would pay.
    from rich.console import Console

    from aligner.translation.batch import BatchTranslator, plan_jobs

    for name in ("beam_size", "batch_size"):
        if getattr(args, name) < 1:
            raise InputError(f"--{name.replace('_', '-')} must be at least 1")
    if args.threads < 0:
        raise InputError("--threads must be 0 or more")
    check_language(args.from_code, "--from")
    check_language(args.to_code, "--to")
    out = check_output_dir(args.out)
    scheduler = None
    if args.scheduler:
        scheduler = parse_scheduler(args.scheduler)
    if "-" in args.inputs:
        # A batch resumes by reading its inputs again beside its outputs: stdin is gone.
        raise InputError(
            "-: translate reads files (it resumes by reading them again); save the text to a file"
        )
    jobs = plan_jobs(args.inputs, out, args.to_code)
    if not any(job.source.exists() for job in jobs):
        # Nothing to read is the first thing to fix, before which model to install.
        raise InputError(f"{jobs[0].source}: no such file")
    if scheduler is None:
        _check_model(args.from_code, args.to_code, jobs)
    options = {"beam_size": args.beam_size, "batch_size": args.batch_size, "threads": args.threads}
    console = Console(stderr=True)
    with _Bar(console) as bar:
        if scheduler is not None:
            # Deferred: Dask (an optional extra, ~0.7 s to import) only behind --scheduler.
            from aligner.distributed.translate_batch import run_translate_batch

            report = run_translate_batch(
                jobs, scheduler, to_code=args.to_code, from_code=args.from_code,
                options=options, progress=bar, force=args.force,
                notify=lambda msg: bar.progress.console.print(
                    f"aligner: {msg}", highlight=False, soft_wrap=True, markup=False
                ),
            )  # fmt: skip
        else:
            runner = BatchTranslator(
                args.to_code, from_code=args.from_code, options=options, progress=bar,
                keep_furniture=args.keep_furniture,
            )  # fmt: skip
            report = runner.run(jobs, force=args.force)
    if report.results and all(r.status == "in target" for r in report.results):
        raise InputError(
            f"nothing to translate: {_names(jobs, sampled=False)} already in '{args.to_code}' "
            "(--to names the language to translate into)"
        )
    for message in bar.left:
        console.print(f"aligner: left {message}", highlight=False, soft_wrap=True, markup=False)
    console.print(f"aligner: {report.summary()}", highlight=False, soft_wrap=True)
    return 1 if report.failed else 0


def _check_model(from_code: str | None, to_code: str, jobs: Sequence[Job]) -> None:
    """The documented "missing model" (exit 2) before any translating: no package for the
    pair given, or none translating into ``to_code`` at all."""
    if from_code is not None and from_code == to_code:
        raise InputError(f"--from {from_code} --to {to_code}: nothing to translate")
    # A dropped .argosmodel that cannot be installed is said before the model is missed.
    install_dropped(notify=lambda msg: print(f"aligner: {msg}", file=sys.stderr))
    if from_code is not None:
        if find_spec(from_code, to_code) is None:
            raise ModelMissingError(from_code, to_code, drop_in_folder())
        return
    if not any(p.to_code == to_code for p in installed_packages()):
        langs = _languages(jobs)
        other = next((lang for lang in langs if lang != to_code), None)
        if langs and other is None:
            raise InputError(
                f"nothing to translate: {_names(jobs)} already in '{to_code}' "
                "(--to names the language to translate into)"
            )
        raise ModelMissingError(other or "FROM", to_code, drop_in_folder())


#: Inputs read for their language on the no-model error path: enough to tell a folder
#: of English from one to translate, few enough to answer at once.
_LANGUAGE_SAMPLE = 20


def _languages(jobs: Sequence[Job]) -> list[str]:
    """The languages of the first inputs, read as the batch reads them (an HTML page by
    its text), so the hint names the model to install; inputs that cannot be told (an
    empty, binary or unreadable file, no language clear) are left out."""
    # Deferred: lingua's detector is only needed on this error path here.
    from aligner.documents import read_document

    langs = []
    for job in jobs[:_LANGUAGE_SAMPLE]:
        try:
            langs.append(read_document(job.source).lang)
        except AlignerError:
            continue
    return langs


def _names(jobs: Sequence[Job], *, sampled: bool = True) -> str:
    """``sampled``: only the first inputs were read (the no-model check's sample)."""
    if len(jobs) == 1:
        return f"{jobs[0].source} is"
    some = sampled and len(jobs) > _LANGUAGE_SAMPLE
    sample = f"the first {_LANGUAGE_SAMPLE} of " if some else ""
    return f"{sample}the {len(jobs)} files are"


class _Bar:
    """Two rich progress bars on stderr (files, sentences); failures print as they happen."""

    def __init__(self, console: Any) -> None:
        # Deferred: ~50 ms to import (bench/startup.py), which every other command would pay.
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self.console = console
        #: Files already in the language asked for, said after the run.
        self.left: list[str] = []
        self.progress = Progress(
            TextColumn("{task.description:>9}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=console,
            transient=True,
            disable=not console.is_terminal,
        )
        self.files = self.progress.add_task("files", total=None)
        self.sentences = self.progress.add_task("sentences", total=0)

    def __enter__(self) -> _Bar:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def planned(self, files: int) -> None:
        self.progress.update(self.files, total=files)

    def sentences_found(self, n: int) -> None:
        task = self.progress.tasks[self.sentences]
        self.progress.update(self.sentences, total=(task.total or 0) + n)

    def sentences_done(self, n: int) -> None:
        self.progress.advance(self.sentences, n)

    def file_done(self, result: Any) -> None:
        self.progress.advance(self.files)
        if result.status == "in target":
            # Said with the summary: if every file is, one error line says it instead.
            self.left.append(result.message)
        elif result.status == "failed":
            # Through the bar's console, so the line lands above the bars, not through them.
            self.progress.console.print(
                f"aligner: skipped {result.message}", highlight=False, soft_wrap=True,
                markup=False,
            )  # fmt: skip
