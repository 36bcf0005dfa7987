"""The functions Dask workers run. Module-level, so tasks pickle them by reference."""

from __future__ import annotations

from aligner.align_batch import AlignOptions, align_group
from aligner.distributed.plugin import worker_model
from aligner.embed import Encoder, Vectors
from aligner.errors import AlignerError
from aligner.pairs import Group


def align_on_worker(
    plugin_name: str, group: Group, options: AlignOptions
) -> tuple[str | None, str | None]:
    """``(json, None)``, or ``(None, message)`` for a group the user must fix.

    A bad article is returned, not raised: raising would make the scheduler retry
    a task that can only fail again.
    """
    try:
        return align_group(group, options, worker_model(plugin_name)), None
    except AlignerError as e:
        return None, str(e)


def encode_on_worker(plugin_name: str, texts: list[str]) -> Vectors:
    """The vectors of ``texts`` from this worker's encoder (and its cache)."""
    encoder: Encoder = worker_model(plugin_name)
    return encoder.encode(texts)
