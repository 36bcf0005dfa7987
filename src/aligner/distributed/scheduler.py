"""The ``--scheduler`` value: a running Dask scheduler's address, or a local cluster to start."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from aligner.errors import InputError

_PROTOCOLS = ("tcp", "tls")
_HOST_PORT = re.compile(r"^(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+):(?P<port>\d{1,5})$")
_USAGE = "expected tcp://HOST:PORT, tls://HOST:PORT, local or local:N"


@dataclass(frozen=True, slots=True)
class SchedulerSpec:
    """Where the work runs.

    ``address`` names an existing scheduler; when it is ``None`` a ``LocalCluster`` of
    ``workers`` single-threaded worker processes is started on 127.0.0.1 for the run.
    """

    address: str | None = None
    workers: int = 1

    @property
    def local(self) -> bool:
        return self.address is None

    @property
    def label(self) -> str:
        """What a person is told it is: ``a local Dask cluster of 2 workers``."""
        if self.address is not None:
            return f"the Dask scheduler at {self.address}"
        plural = "s" if self.workers != 1 else ""
        return f"a local Dask cluster of {self.workers} worker{plural}"


def parse_scheduler(value: str) -> SchedulerSpec:
    """``tcp://HOST:PORT`` (bare ``HOST:PORT``: tcp), ``local`` (a worker per core), ``local:N``."""
    text = value.strip()
    if text == "local" or text.startswith("local:"):
        if text == "local":
            return SchedulerSpec(workers=max(1, os.cpu_count() or 1))
        count = text.removeprefix("local:")
        if not count.isdigit() or int(count) < 1:
            raise InputError(
                f"--scheduler {value}: the worker count must be a positive integer ({_USAGE})"
            )
        return SchedulerSpec(workers=int(count))
    protocol, sep, rest = text.partition("://")
    if not sep:
        protocol, rest = "tcp", text
    if protocol not in _PROTOCOLS:
        raise InputError(f"--scheduler {value}: unsupported protocol {protocol!r} ({_USAGE})")
    match = _HOST_PORT.match(rest)
    if match is None or not 0 < int(match["port"]) < 65536:
        raise InputError(f"--scheduler {value}: not an address ({_USAGE})")
    return SchedulerSpec(address=f"{protocol}://{rest}")
