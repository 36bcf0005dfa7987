"""Batch translation on Dask: 1 and 2 local workers against the single-process runner.

Same work for everyone: the benchmark model of bench/translate.py (transformer-base,
6+6 layers, d_model 512, int8, random weights, every sentence decodes exactly
``--decode-len`` tokens), ``--sentences`` Danish sentences in articles of 20, the
translation cache off (every run translates everything), outputs written with --force.
Each contender is the whole `aligner translate` runner (read, split, translate, write):

- ``local-1t``: the single-process runner, 1 CTranslate2 thread (one core);
- ``local-2t``: the single-process runner, 2 threads (the whole machine);
- ``dask-1w``: a LocalCluster of 1 worker (1 thread): Dask's overhead is dask-1w / local-1t;
- ``dask-2w``: a LocalCluster of 2 workers (1 thread each).

Clusters start before timing (their start-up and model loading are reported apart);
contenders take turns round by round, so a busy shared machine hurts them alike.

    .venv/bin/python bench/distributed.py                  # 2,000 sentences, 1 round
    .venv/bin/python bench/distributed.py --sentences 160 --rounds 1   # quick look
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import math
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
ARTICLE_SENTENCES = 20
# Run as a script, this file's folder comes first on sys.path, and this file's name would
# shadow the `distributed` package (here and in the spawned workers, which copy sys.path).
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]


def _bench_translate() -> Any:
    """bench/translate.py, by path: `translate` would import translate-toolkit's package."""
    path = ROOT / "bench" / "translate.py"
    spec = importlib.util.spec_from_file_location("bench_translate", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _warm_workers(client: Any, translator: Any) -> None:
    """Load the model on every worker (one tiny chunk each), outside the timings."""
    from aligner.distributed.translation import translate_on_worker

    futures = [
        client.submit(translate_on_worker, translator.plugin_name, ["Varm op."],
                      workers=[w], pure=False)
        for w in client.scheduler_info()["workers"]
    ]  # fmt: skip
    client.gather(futures)


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--sentences", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--decode-len", type=int, default=32)
    ap.add_argument("--beam-size", type=int, default=4)
    ap.add_argument("--batch-size", type=int, default=32)
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="aligner-dask-bench-"))
    bt = _bench_translate()
    # Before anything imports argostranslate; the workers inherit the environment.
    bt.isolate_environment(tmp)
    sentences = bt.make_corpus(args.sentences, random.Random(7))
    articles = tmp / "articles"
    articles.mkdir()
    for i in range(0, len(sentences), ARTICLE_SENTENCES):
        text = " ".join(sentences[i : i + ARTICLE_SENTENCES]) + "\n"
        (articles / f"article_{i // ARTICLE_SENTENCES:04d}.txt").write_text(text, "utf-8")
    print(f"building the benchmark model in {tmp} ...", file=sys.stderr, flush=True)
    bt.build_package(tmp / "build", args.decode_len, np.random.default_rng(7))
    from aligner.translation.packages import install_file

    install_file(tmp / "build" / "translate-da_en-bench.argosmodel")

    from aligner.distributed.cluster import open_client
    from aligner.distributed.scheduler import SchedulerSpec
    from aligner.distributed.translate_batch import ClusterBatchTranslator
    from aligner.translation.batch import BatchTranslator, plan_jobs

    def options(threads: int) -> dict[str, Any]:
        return {"beam_size": args.beam_size, "batch_size": args.batch_size,
                "threads": threads, "use_cache": False}  # fmt: skip

    contenders: dict[str, Any] = {}
    for threads in (1, 2):
        runner = BatchTranslator("en", from_code="da", options=options(threads))
        translator = runner.translator("da")
        assert translator is not None
        translator.translate_sentences(["Varm op."])  # load the model before timing
        contenders[f"local-{threads}t"] = runner
    startup: dict[str, float] = {}
    stack = contextlib.ExitStack()
    for workers in (1, 2):
        t0 = time.perf_counter()
        # As `--scheduler local:N` starts it (open_client), so the figures are the users'.
        client = stack.enter_context(open_client(SchedulerSpec(workers=workers), dashboard=False))
        runner = ClusterBatchTranslator(client, "en", from_code="da", options=options(1))
        translator = runner.translator("da")
        assert translator is not None
        _warm_workers(client, translator)
        startup[f"dask-{workers}w"] = time.perf_counter() - t0
        contenders[f"dask-{workers}w"] = runner

    print(f"{len(sentences)} sentences in {len(list(articles.iterdir()))} articles, beam "
          f"{args.beam_size}, batch {args.batch_size}, {args.decode_len} tokens decoded per "
          f"sentence, {args.rounds} rounds; load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} cores", flush=True)  # fmt: skip
    jobs = plan_jobs([str(articles)], tmp / "out", "en")
    times: dict[str, list[float]] = {name: [] for name in contenders}
    reference: dict[str, bytes] | None = None
    for r in range(args.rounds):
        names = list(contenders)
        order = names if r % 2 == 0 else names[::-1]
        for name in order:
            out = tmp / "out" / name
            run_jobs = plan_jobs([str(articles)], out, "en")
            t0 = time.perf_counter()
            report = contenders[name].run(run_jobs, force=True)
            times[name].append(time.perf_counter() - t0)
            assert not report.failed, report.failed[0].message
            files = {p.name: p.read_bytes() for p in sorted(out.iterdir())}
            if reference is None:
                reference = files
            same = "same" if files == reference else "DIFFERENT"
            rate = len(sentences) / times[name][-1]
            print(f"  round {r + 1}: {name:9s} {rate:7.1f} sent/s ({same} outputs)",
                  file=sys.stderr, flush=True)  # fmt: skip
    del jobs
    best: Callable[[str], float] = lambda name: len(sentences) / statistics.median(times[name])  # noqa: E731
    print()
    print(f"{'contender':10s} {'sent/s':>8s} {'vs local-1t':>12s} {'vs local-2t':>12s}")
    for name in contenders:
        print(f"{name:10s} {best(name):8.1f} {best(name) / best('local-1t'):12.2f} "
              f"{best(name) / best('local-2t'):12.2f}")  # fmt: skip
    overhead = best("local-1t") / best("dask-1w") - 1
    print()
    print(f"Dask overhead, 1 worker vs the single-process runner on 1 thread: {overhead:+.1%}")
    print(f"2 workers vs 1 worker: {best('dask-2w') / best('dask-1w'):.2f}x")
    for name, seconds in startup.items():
        print(f"{name}: cluster start and model load {seconds:.1f} s (not in the rates)")
    # The client's own share (read, split, look up, write) bounds what any cluster can do
    # for one client: a warm-cache rerun is all of it and no translating.
    cached = BatchTranslator("en", from_code="da", options={**options(2), "use_cache": True})
    cached.run(plan_jobs([str(articles)], tmp / "out" / "cached", "en"), force=True)
    t0 = time.perf_counter()
    cached.run(plan_jobs([str(articles)], tmp / "out" / "cached", "en"), force=True)
    client_rate = len(sentences) / (time.perf_counter() - t0)
    print(f"client work alone (warm-cache rerun): {client_rate:.0f} sent/s")
    # A 16-core machine runs 16 single-threaded workers, a core each: dask-1w is that
    # worker (dask-2w / 2 is lower here only because this machine's two cores are shared).
    per_worker = best("dask-1w")
    total = 100_000 * 40
    print()
    machines_per_client = client_rate / per_worker / 16
    print(f"Estimate for 100,000 articles x 40 sentences ({total:,} sentences), at "
          f"{per_worker:.1f} sent/s per single-threaded worker (dask-1w) and "
          f"{client_rate:.0f} sent/s per client (a client keeps {machines_per_client:.1f} "
          f"machines busy; beyond that, split the archive between clients):")  # fmt: skip
    for machines in (1, 4, 16, 64):
        rate = per_worker * 16 * machines
        clients = max(1, math.ceil(rate / client_rate))
        print(f"  {machines:3d} x 16-core machines (16 workers each), {clients:2d} client(s): "
              f"{total / rate / 3600:6.2f} h")  # fmt: skip
    stack.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
