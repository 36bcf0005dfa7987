"""`align-batch` on a Dask cluster: same bytes as one process, even when a worker dies."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from worker_killer import WorkerKiller

from aligner.align_batch import AlignOptions, plan_batch, run_batch
from aligner.cli import main
from aligner.distributed.align_batch import cluster_runner, encoder_plugin_name
from aligner.distributed.scheduler import SchedulerSpec
from aligner.pairs import read_pairs

distributed = pytest.importorskip("distributed")

OPTIONS = AlignOptions(
    mode="parallel", one_per_line=True, source_lang="de", target_lang="fr", translate=False
)
ARGS = ["--mode", "parallel", "--one-per-line", "--from", "de", "--to", "fr", "--no-translate"]
GROUPS = 6


def _make_corpus(textberg_dir: Path, root: Path) -> Path:
    """Six small parallel pairs cut from a Text+Berg document between gold beads."""
    de = (textberg_dir / "test0.de").read_text(encoding="utf-8").splitlines()
    fr = (textberg_dir / "test0.fr").read_text(encoding="utf-8").splitlines()
    beads = []
    for line in (textberg_dir / "test0.defr").read_text(encoding="utf-8").splitlines():
        s, t = line.split(":")
        beads.append((json.loads(s), json.loads(t)))
    lines = []
    for g in range(GROUPS):
        chunk = beads[g * 8 : (g + 1) * 8]
        (root / f"g{g}.de").write_text(
            "\n".join(de[i] for s, _ in chunk for i in s) + "\n", encoding="utf-8"
        )
        (root / f"g{g}.fr").write_text(
            "\n".join(fr[i] for _, t in chunk for i in t) + "\n", encoding="utf-8"
        )
        lines.append(f"g{g}\tg{g}.de\tg{g}.fr")
    pairs = root / "pairs.tsv"
    pairs.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return pairs


@pytest.fixture(scope="module")
def corpus(textberg_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _make_corpus(textberg_dir, tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def single_process(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The reference: the batch run in this process, without Dask."""
    out = tmp_path_factory.mktemp("single")
    report = run_batch(plan_batch(read_pairs(corpus), out, OPTIONS))
    assert report.ok and len(report.aligned) == GROUPS
    return _outputs(out)


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=":0",  # None would still bind the HTTP server to 8787
        silence_logs=50,
    ) as c:
        yield c


@pytest.fixture
def client(cluster: Any) -> Iterator[Any]:
    with distributed.Client(cluster) as c:
        c.wait_for_workers(2, timeout=60)
        yield c


def _outputs(out: Path) -> dict[str, bytes]:
    """Every file written, the records of what each output was made from among them."""
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_two_workers_write_what_one_process_writes(
    cluster: Any, client: Any, single_process: dict[str, bytes], corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    report = run_batch(
        plan_batch(read_pairs(corpus), out, OPTIONS),
        runner=cluster_runner(SchedulerSpec(address=cluster.scheduler_address), dashboard=False),
    )
    assert report.ok and sorted(report.aligned) == [f"g{i}" for i in range(GROUPS)]
    assert _outputs(out) == single_process
    # Each worker built the encoder once and reused it for all the groups it took.
    loads = client.run(lambda dask_worker: dask_worker.plugins[encoder_plugin_name(OPTIONS)].loads)
    assert sorted(loads.values()) == [1, 1]


def test_a_worker_killed_mid_run_loses_nothing(
    cluster: Any, client: Any, single_process: dict[str, bytes], corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    killer = WorkerKiller(client)
    try:
        report = run_batch(
            plan_batch(read_pairs(corpus), out, OPTIONS),
            runner=cluster_runner(
                SchedulerSpec(address=cluster.scheduler_address), dashboard=False
            ),
            on_done=lambda _group, _error: killer.progress(),
        )
    finally:
        killer.stop()
    assert killer.done_at_kill is not None, "no worker was busy after the first group"
    assert killer.done_at_kill < GROUPS, "the worker was killed after the run"
    assert killer.victim not in client.scheduler_info()["workers"]
    assert report.ok and len(report.aligned) == GROUPS, report.failed
    assert _outputs(out) == single_process
    assert not list(out.glob(".*.part")), "a temporary file was left behind"


def test_cli_scheduler_local_gives_the_same_files(
    single_process: dict[str, bytes],
    corpus: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "out"
    args = ["align-batch", str(corpus), "--out", str(out), "--scheduler", "local:2", *ARGS]
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "running on a local Dask cluster of 2 workers" in err
    assert f"{GROUPS} aligned, 0 skipped" in err
    assert _outputs(out) == single_process
    # Resuming works the same on a cluster: nothing left to do, no cluster needed.
    assert main(args) == 0
    assert f"{GROUPS} of {GROUPS} groups already aligned" in capsys.readouterr().err
