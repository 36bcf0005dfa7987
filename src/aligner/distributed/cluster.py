"""Client and cluster lifecycle: connect to a scheduler, or start and stop a local cluster."""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

from aligner.callbacks import Notify
from aligner.distributed.scheduler import SchedulerSpec
from aligner.errors import AlignerError, InputError

#: Seconds to wait for a remote scheduler before saying it cannot be reached.
CONNECT_TIMEOUT = 20


def _import_distributed() -> Any:
    try:
        # Deferred: Dask is an optional extra; without it --scheduler gets this message.
        import distributed
    except ImportError as e:
        raise InputError(
            f"--scheduler needs Dask, which is not installed ({e}); "
            "install it with `pip install 'aligner[dask]'`"
        ) from e
    return distributed


@contextmanager
def open_client(
    spec: SchedulerSpec, *, notify: Notify | None = None, dashboard: bool = True
) -> Iterator[Any]:
    """A ``distributed.Client`` for the run; a local cluster lives exactly as long as it.

    Local workers are processes, one per requested worker, with one thread and one
    model each: a task gets a whole core, and a worker that crashes takes only its
    own tasks with it (they are redone elsewhere).
    """
    distributed = _import_distributed()
    say = notify or (lambda _msg: None)
    # Without bokeh the scheduler still answers on the dashboard port, with a page
    # saying bokeh is missing: no address worth printing.
    no_bokeh = spec.address is None and not _has_bokeh()
    dashboard = dashboard and not no_bokeh
    cluster: Any = None
    try:
        if spec.address is None:
            cluster = _local_cluster(distributed, spec)
            client = distributed.Client(cluster)
        else:
            client = distributed.Client(spec.address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as e:
        if cluster is not None:
            cluster.close()
        raise InputError(
            f"cannot reach {spec.label}: {e}; start one with `dask scheduler` "
            "and `dask worker ADDRESS`, or use --scheduler local:N"
        ) from e
    try:
        link = dashboard_link(client) if dashboard else None
        if link:
            say(f"running on {spec.label}; dashboard: {link}")
        elif no_bokeh:
            say(f"running on {spec.label} (no dashboard: it needs `pip install bokeh`)")
        else:
            say(f"running on {spec.label}")
        yield client
    finally:
        with suppress(Exception):
            client.close()
        if cluster is not None:
            with suppress(Exception):
                cluster.close()


def _local_cluster(distributed: Any, spec: SchedulerSpec) -> Any:
    import dask  # deferred with distributed, above: an optional extra

    # The nanny's default MALLOC_TRIM_THRESHOLD_ makes CTranslate2 3-4x slower (see
    # plugin.relax_malloc); None leaves glibc's own adaptive thresholds in the workers.
    with dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}):
        return distributed.LocalCluster(
            n_workers=spec.workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            # ":0": a free port, so several runs on one machine never collide. The
            # scheduler serves HTTP (health, metrics) even without a dashboard, on
            # 8787 if given None: always pick a free port.
            dashboard_address=":0",
            silence_logs=logging.ERROR,
        )


def _has_bokeh() -> bool:
    return importlib.util.find_spec("bokeh") is not None


def dashboard_link(client: Any) -> str | None:
    """The dashboard's address, or ``None`` when the scheduler serves none (no bokeh)."""
    try:
        info = client.scheduler_info()
        if "dashboard" not in info.get("services", {}):
            return None
        link = client.dashboard_link
    except (KeyError, AttributeError, OSError):
        return None
    return str(link) if link else None


def worker_threads(client: Any) -> int:
    """Task slots across the cluster now (workers may come and go during a run)."""
    workers = client.scheduler_info().get("workers", {})
    return max(1, sum(int(w.get("nthreads", 1)) for w in workers.values()))


def require_workers(client: Any, spec: SchedulerSpec, timeout: float = 60) -> None:
    """Wait for at least one worker: a scheduler without workers would hang the run."""
    try:
        client.wait_for_workers(1, timeout=timeout)
    except TimeoutError as e:
        raise AlignerError(
            f"{spec.label} has no workers after {timeout:.0f} s; "
            "start some with `dask worker ADDRESS`"
        ) from e
