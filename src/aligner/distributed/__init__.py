"""Batch work on a Dask cluster: ``--scheduler tcp://HOST:PORT`` or ``--scheduler local[:N]``.

Dask is an optional extra (``pip install aligner[dask]``). Nothing in this package's
``__init__`` or in :mod:`aligner.distributed.scheduler` imports it, so parsing the flag and
every run without it stay Dask-free; the modules that talk to a cluster import it when
they are imported, and only the code paths behind ``--scheduler`` import them.
"""

from __future__ import annotations

from aligner.distributed.scheduler import SchedulerSpec, parse_scheduler

__all__ = ["SchedulerSpec", "parse_scheduler"]
