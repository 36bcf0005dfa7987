"""`--scheduler`: what it accepts, what it refuses, and a scheduler that cannot be reached."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from aligner.cli import main
from aligner.distributed.scheduler import SchedulerSpec, parse_scheduler
from aligner.errors import InputError


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("tcp://10.0.0.5:8786", SchedulerSpec(address="tcp://10.0.0.5:8786")),
        ("sched.example.org:8786", SchedulerSpec(address="tcp://sched.example.org:8786")),
        ("tls://[::1]:8786", SchedulerSpec(address="tls://[::1]:8786")),
        ("local:3", SchedulerSpec(workers=3)),
        (" local:1 ", SchedulerSpec(workers=1)),
        ("local", SchedulerSpec(workers=os.cpu_count() or 1)),
    ],
)
def test_accepted_values(value: str, expected: SchedulerSpec) -> None:
    assert parse_scheduler(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("local:0", "the worker count must be a positive integer"),
        ("local:two", "the worker count must be a positive integer"),
        ("http://host:8786", "unsupported protocol 'http'"),
        ("tcp://host", "not an address"),
        ("tcp://host:99999", "not an address"),
        ("", "not an address"),
    ],
)
def test_refused_values(value: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_scheduler(value)


def test_the_label_says_where_the_work_runs() -> None:
    assert parse_scheduler("local:2").label == "a local Dask cluster of 2 workers"
    assert parse_scheduler("h:1").label == "the Dask scheduler at tcp://h:1"


def test_a_bad_value_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text("g\ta.txt\tb.txt\n", encoding="utf-8")
    assert main(["align-batch", str(pairs), "--out", str(tmp_path), "--scheduler", "local:0"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--scheduler local:0" in err


def test_an_unreachable_scheduler_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("distributed")
    import aligner.distributed.cluster as cluster

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", 2)
    (tmp_path / "a.txt").write_text("Eins.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Un.\n", encoding="utf-8")
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text("g\ta.txt\tb.txt\n", encoding="utf-8")
    # Port 9 (discard) on loopback: nothing listens there.
    args = ["align-batch", str(pairs), "--out", str(tmp_path / "out"),
            "--scheduler", "tcp://127.0.0.1:9"]  # fmt: skip
    assert main(args) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("aligner: cannot reach the Dask scheduler at tcp://127.0.0.1:9")
    assert "dask scheduler" in err[-1]
    assert not (tmp_path / "out").exists()
