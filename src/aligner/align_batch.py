"""``align-batch``: align many groups, one output each, in this process (or wherever a
:data:`GroupRunner` runs them: :func:`aligner.distributed.align_batch.cluster_runner`).

Every runner runs :func:`align_group` on each group, so they write the same bytes, and
the bytes ``aligner align ... --format FORMAT`` prints. In this process one encoder (and
its model) serves every group, so a folder of short pairs costs what its encoding
costs, not a start-up per pair. A group whose output already holds a complete
alignment of the same articles with the same options is skipped, which makes a rerun
after an interruption resume where it stopped; outputs are written atomically, so an
interruption never leaves a partial one behind.

What each output was made from is recorded in ``OUT/.align-batch/NAME`` (a hash of its
articles' bytes, the options, the encoder and translation models, and aligner's
version): a list written again with other targets (``pair --min-score``), an edited
article or other options make that group's output stale, and it is aligned again
rather than kept. One small file per output: a run of many groups writes each once.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from aligner._version import __version__
from aligner.api import align
from aligner.embed import Encoder, load_encoder
from aligner.errors import AlignerError
from aligner.export import render
from aligner.fsutil import atomic_write_text
from aligner.model import ModeArg, Via
from aligner.pairs import Group
from aligner.translation.packages import installed_packages

#: ``on_done(group, error)``: called once per group as it finishes; ``error`` is None on success.
OnDone = Callable[[Group, str | None], None]


@dataclass(frozen=True, slots=True)
class AlignOptions:
    """What ``aligner align`` takes besides the articles; the same for every group."""

    mode: ModeArg = "auto"
    encoder: str | None = None
    via: Via | None = None
    translate: bool = True
    source_lang: str | None = None
    target_lang: str | None = None
    one_per_line: bool = False
    #: Comparable mode: the probability a link needs.
    threshold: float = 0.5
    #: Keep page furniture (share buttons, credits, teasers) as ``align --keep-furniture``.
    keep_furniture: bool = False
    #: The output format, any of ``aligner align --format``'s; names the files' suffix.
    format: str = "json"


#: The folder, inside the outputs' own, of the records of what each was made from.
RECORDS = ".align-batch"


@dataclass(slots=True)
class BatchPlan:
    """Which groups to align, which are already done, which cannot be done."""

    out_dir: Path
    options: AlignOptions
    todo: list[Group]
    skipped: list[Group]
    missing: dict[str, str]
    #: Groups in ``todo`` whose output exists but was made from other articles or options.
    stale: list[str] = field(default_factory=list)
    #: Groups in ``todo`` whose output exists with no record of what it was made from.
    unrecorded: list[str] = field(default_factory=list)
    #: What each output to write is made from (:func:`fingerprint`), by output file name.
    made_from: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class BatchReport:
    aligned: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.failed


def output_path(out_dir: Path, group: Group, fmt: str = "json") -> Path:
    return out_dir / f"{group.id}.{fmt}"


def is_complete(path: Path) -> bool:
    """An output holding a whole alignment.

    Outputs are written atomically, so one that exists is whole; a JSON one is also
    read back, since the contract says what it must hold (and older runs may have
    left a hand-truncated one).
    """
    if path.suffix != ".json":
        return path.is_file()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return False
    return isinstance(data, dict) and "documents" in data and "links" in data


def made_with(options: AlignOptions) -> dict[str, object]:
    """What every output of a run is made with: the options, the encoder's and the
    translation models' identities, aligner's version (:func:`fingerprint`)."""
    translating = options.translate and options.via != "direct"
    return {
        "options": dataclasses.asdict(options),
        # A model retrained in the same folder has another id (its files' bytes).
        "encoder": load_encoder(options.encoder, cache=False).id,
        "models": sorted(f"{p.pair}:{p.version}" for p in installed_packages())
        if translating
        else [],
        "aligner": __version__,
    }


def fingerprint(digests: Sequence[str], run: dict[str, object]) -> str:
    """What an output is made from: its articles' bytes, in their roles, and what the
    run makes it with (:func:`made_with`). Not the articles' paths: a list and its
    articles moved together align the same."""
    made = {"articles": list(digests), **run}
    return hashlib.sha256(json.dumps(made, sort_keys=True).encode("utf-8")).hexdigest()


def record_of(out_dir: Path, output: Path) -> Path:
    return out_dir / RECORDS / output.name


def read_record(path: Path) -> str | None:
    """What an output was made from, or None: no record, or one that cannot be read
    (the output is then made again, never trusted)."""
    try:
        return path.read_text(encoding="utf-8").strip() or None
    except (OSError, UnicodeDecodeError):
        return None


def plan_batch(
    groups: Sequence[Group], out_dir: str | Path, options: AlignOptions | None = None
) -> BatchPlan:
    """Skip groups already aligned from the same articles with the same options; set
    aside groups that cannot be (absent files; a beads output, which holds one pair, for
    a group of several targets)."""
    options = options or AlignOptions()
    fmt = options.format
    out = Path(out_dir)
    digests: dict[Path, str] = {}  # an archive's article is in many groups: read once
    run = made_with(options)
    plan = BatchPlan(out_dir=out, options=options, todo=[], skipped=[], missing={})
    # Any group's article, not only its own: one group's output must not replace
    # another's source (a list of story.html sources written out --format html).
    inputs = {_resolved(p) for g in groups for p in g.paths}
    for g in groups:
        path = output_path(out, g, fmt)
        if _resolved(path) in inputs:
            plan.missing[g.id] = (
                f"its output {path} would replace one of the articles; give --out another folder"
            )
            continue
        # What `aligner align` would say of the file; the rest (empty, binary, a device)
        # is found when the group is read, as align finds it.
        absent = [p for p in g.paths if not p.exists() or p.is_dir()]
        if absent:
            what = "is a folder, not a text file" if absent[0].is_dir() else "no such file"
            plan.missing[g.id] = f"{absent[0]}: {what}"
            continue
        if fmt == "beads" and len(g.targets) != 1:
            plan.missing[g.id] = (
                f"--format beads takes exactly one target; this group has {len(g.targets)}"
            )
            continue
        try:
            key = fingerprint([_digest(p, digests) for p in g.paths], run)
        except OSError as e:
            plan.missing[g.id] = f"{e.filename}: cannot read ({e.strerror or e})"
            continue
        if is_complete(path):
            recorded = read_record(record_of(out, path))
            if recorded == key:
                plan.skipped.append(g)
                continue
            (plan.unrecorded if recorded is None else plan.stale).append(g.id)
        plan.made_from[path.name] = key
        plan.todo.append(g)
    return plan


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a link loop: it names no article
        return path


def _digest(path: Path, seen: dict[Path, str]) -> str:
    if path not in seen:
        seen[path] = hashlib.sha256(path.read_bytes()).hexdigest()
    return seen[path]


def align_group(group: Group, options: AlignOptions, encoder: Encoder) -> str:
    """One group's alignment as ``aligner align ... --format FORMAT`` prints it."""
    result = align(
        group.source,
        *group.targets,
        mode=options.mode,
        encoder=encoder,
        via=options.via,
        translate=options.translate,
        source_lang=options.source_lang,
        target_lang=options.target_lang,
        one_per_line=options.one_per_line,
        threshold=options.threshold,
        keep_furniture=options.keep_furniture,
    )
    return render(result, options.format)


#: ``finish(group, text, error)``: a group is done, aligned to ``text`` or failed with ``error``.
Finish = Callable[[Group, str | None, str | None], None]
#: ``runner(groups, options, finish)``: aligns each group, calling ``finish`` once per group
#: (in any order).
GroupRunner = Callable[[Sequence[Group], AlignOptions, Finish], None]


def run_batch(
    plan: BatchPlan, *, runner: GroupRunner | None = None, on_done: OnDone | None = None
) -> BatchReport:
    """Align ``plan.todo`` with ``runner`` (default: :func:`run_here`) and the options
    the plan was made for; write each when done."""
    options = plan.options
    report = BatchReport(skipped=[g.id for g in plan.skipped], failed=dict(plan.missing))
    done = on_done or (lambda _g, _e: None)

    def finish(group: Group, text: str | None, error: str | None) -> None:
        if text is not None:
            path = output_path(plan.out_dir, group, options.format)
            record = record_of(plan.out_dir, path)
            try:
                # Unrecorded while it is replaced: a run killed in between leaves an
                # output that the next run makes again rather than trusts.
                record.unlink(missing_ok=True)
                atomic_write_text(path, text)
            except OSError as e:
                # One output that cannot be written (a folder in its place, a full disk)
                # fails its group; the others go on, as a group that cannot be read does.
                text, error = None, f"cannot write {path}: {e.strerror or e}"
            else:
                report.aligned.append(group.id)
                if made := plan.made_from.get(path.name):
                    # Without its record, an output is only made again next time.
                    with contextlib.suppress(OSError):
                        atomic_write_text(record, made + "\n")
        if text is None:
            report.failed[group.id] = error or "failed"
        done(group, error)

    if plan.todo:
        (runner or run_here)(plan.todo, options, finish)
    return report


def run_here(groups: Sequence[Group], options: AlignOptions, finish: Finish) -> None:
    """In this process, one after the other, with one encoder for them all."""
    encoder = load_encoder(options.encoder)
    for group in groups:
        try:
            text = align_group(group, options, encoder)
        except AlignerError as e:
            finish(group, None, str(e))
        else:
            finish(group, text, None)
