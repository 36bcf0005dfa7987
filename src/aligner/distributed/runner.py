"""Submit many tasks, keep a bounded number in flight, hand results back as they complete.

A window rather than submitting everything at once: an archive of 100,000 articles
would otherwise be read and shipped to the scheduler before the first result comes back,
and the client would hold every result until the end. Two tasks per worker thread keep
each worker busy while the next chunk travels.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterable
from typing import Any

import distributed

from aligner.distributed.cluster import worker_threads

#: Retries of a task that raised (a worker that dies does not count: the scheduler
#: reschedules its tasks by itself, up to ``distributed.scheduler.allowed-failures``).
RETRIES = 2
_WINDOW_REFRESH_S = 2.0

OnResult = Callable[[int, Any], None]
OnError = Callable[[int, BaseException], None]


def run_tasks(
    client: Any,
    fn: Callable[..., Any],
    inputs: Iterable[tuple[Any, ...]],
    *,
    on_result: OnResult,
    on_error: OnError | None = None,
    retries: int = RETRIES,
    per_thread: int = 2,
    name: str = "aligner",
) -> None:
    """Run ``fn(*args)`` for each ``args`` of ``inputs``; ``on_result(i, value)`` as they finish.

    ``i`` is the position of ``args`` in ``inputs``. A task that still fails after its
    retries goes to ``on_error(i, exc)`` when given (the batch goes on), else it is raised.
    """
    run_id = uuid.uuid4().hex[:8]
    pending = iter(enumerate(inputs))
    index: dict[str, int] = {}
    window = per_thread * worker_threads(client)
    checked = time.monotonic()
    # Typed as Any: distributed's as_completed has no annotations for mypy --strict.
    as_completed: Any = distributed.as_completed
    # This client's loop, not the default client's: with two clients in one process
    # (a library user's own, and ours) the futures would be awaited on the wrong loop.
    done: Any = as_completed(loop=client.loop)

    def submit_more() -> None:
        while done.count() < window:
            item = next(pending, None)
            if item is None:
                return
            i, args = item
            key = f"{name}-{run_id}-{i}"
            future = client.submit(fn, *args, key=key, retries=retries, pure=False)
            index[key] = i
            done.add(future)

    submit_more()
    while not done.is_empty():
        future = next(done)
        i = index.pop(future.key)
        try:
            value = future.result()
        except Exception as e:
            if on_error is None:
                raise
            on_error(i, e)
        else:
            on_result(i, value)
        # Drop our reference so the cluster frees the result now, not at the end.
        future.release()
        if time.monotonic() - checked > _WINDOW_REFRESH_S:
            window = per_thread * worker_threads(client)
            checked = time.monotonic()
        submit_more()
