"""One model per worker: a worker plugin that loads it on first use and keeps it.

Loading a translation model or an encoder takes seconds; a task takes a fraction of
that. The plugin lives as long as its worker, so every task the worker runs reuses the
model. Registered with the client, it also reaches workers that join later, including
those that replace a worker that died.
"""

from __future__ import annotations

import ctypes
import os
import sys
import threading
from collections.abc import Callable
from typing import Any

from distributed import WorkerPlugin, get_worker

Loader = Callable[[], Any]


# mypy does not read dask (pyproject: follow_imports "skip"; reading it and torch cost two
# of the 2.4 minutes a cold type check took), so WorkerPlugin is Any to it here.
class ModelPlugin(WorkerPlugin):  # type: ignore[misc]
    """Holds what ``loader()`` returns, built once per worker process.

    ``loader`` travels to the workers by pickle, so it must be a module-level function
    or a ``functools.partial`` of one. Loading happens in the first task's thread, not
    in :meth:`setup`, which runs on the worker's event loop: a slow load there would
    stall the worker's heartbeats.
    """

    # The name says which model and settings: a worker that already holds it keeps it
    # when a later run registers the same plugin, instead of loading it again.
    idempotent = True

    def __init__(self, name: str, loader: Loader) -> None:
        self.name = name
        self.loader = loader
        self.loads = 0  # how many times this worker built the model: 1 after any number of tasks
        self._model: Any = None
        self._lock = threading.Lock()

    def __getstate__(self) -> dict[str, Any]:
        return {"name": self.name, "loader": self.loader}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["name"], state["loader"])  # type: ignore[misc]

    def get(self) -> Any:
        with self._lock:
            if self._model is None:
                relax_malloc()
                self._model = self.loader()
                self.loads += 1
            return self._model


#: glibc's mallopt parameters (malloc.h).
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3


def relax_malloc() -> None:
    """Undo, in this worker, what Dask's nanny does to glibc's malloc by default.

    The nanny starts workers with ``MALLOC_TRIM_THRESHOLD_=65536``. Setting it fixes
    glibc's mmap threshold at 128 KiB, so every larger buffer CTranslate2 allocates per
    decoding step is a fresh mmap and munmap: translation ran 3-4x slower in a worker
    than in a plain process (measured with bench/distributed.py's model). Raising both
    thresholds gives the speed back; workers hold one model and keep their memory anyway.
    Local clusters are started without the variable; this covers workers started by
    `dask worker` with Dask's defaults.
    """
    if not sys.platform.startswith("linux") or "MALLOC_TRIM_THRESHOLD_" not in os.environ:
        return
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(_M_MMAP_THRESHOLD, 32 << 20)  # glibc's maximum on 64-bit
        libc.mallopt(_M_TRIM_THRESHOLD, 256 << 20)
    except (OSError, AttributeError):  # not glibc (musl): nothing to undo
        return


def worker_model(name: str) -> Any:
    """Inside a task: the model of the plugin registered under ``name`` on this worker."""
    plugin = get_worker().plugins.get(name)
    if not isinstance(plugin, ModelPlugin):
        raise RuntimeError(f"worker plugin {name!r} is not registered on this worker")
    return plugin.get()
