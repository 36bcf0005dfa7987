"""A fault for the Dask tests: SIGKILL a worker that has a task in hand, mid-run."""

from __future__ import annotations

import os
import signal
import threading
import time
from typing import Any


class WorkerKiller:
    """Fed the run's progress; from the first result on, a thread watches the scheduler and
    kills the first worker it sees busy, so that worker's task is lost in flight and must
    be redone elsewhere."""

    def __init__(self, client: Any, *, wait: float = 300) -> None:
        self.client = client
        self.wait = wait
        self.pids: dict[str, int] = client.run(os.getpid)
        self.done = 0
        self.done_at_kill: int | None = None
        self.victim: str | None = None
        self.started = threading.Event()
        self.finished = threading.Event()
        self.thread = threading.Thread(target=self._watch, daemon=True)
        self.thread.start()

    def progress(self, n: int = 1) -> None:
        self.done += n
        self.started.set()

    def _watch(self) -> None:
        self.started.wait(timeout=self.wait)
        while not self.finished.is_set():
            busy = [w for w, keys in self.client.processing().items() if keys]
            if busy:
                self.done_at_kill, self.victim = self.done, busy[0]
                os.kill(self.pids[busy[0]], signal.SIGKILL)
                return
            time.sleep(0.005)

    def stop(self) -> None:
        self.finished.set()
        self.thread.join(timeout=10)
