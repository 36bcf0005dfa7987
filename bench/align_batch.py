"""``align-batch`` against one ``aligner align`` call per pair: the per-pair overhead.

    python bench/align_batch.py [--pairs N] [--singles K]

The pairs are NTREX da-en documents (``../shared/eval/ntrex-da-en-dev``), short news
articles like the translator's folder the issue describes. Both ways run with the
same warm cache (the tests' unless ``ALIGNER_CACHE_DIR`` says otherwise, filled by a
first batch), so encoding is out of the figure and what is left is start-up, model
load and the aligner itself. Each format is written once.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NTREX = Path(os.environ.get("ALIGNER_SHARED", ROOT.parent / "shared")) / "eval" / "ntrex-da-en-dev"
ARGS = ["--mode", "parallel", "--one-per-line", "--from", "da", "--to", "en", "--no-translate"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", type=int, default=30)
    ap.add_argument("--singles", type=int, default=5, help="single calls timed (a sample)")
    args = ap.parse_args()
    if not NTREX.is_dir():
        print(f"{NTREX} is absent: nothing to measure", file=sys.stderr)
        return 2
    stems = sorted(p.stem for p in NTREX.glob("*.da"))[: args.pairs]
    tmp = Path(tempfile.mkdtemp(prefix="aligner-batch-"))
    cache = Path.home() / ".cache" / "aligner" / "test-cache"
    env = dict(os.environ, ALIGNER_CACHE_DIR=os.environ.get("ALIGNER_CACHE_DIR", str(cache)))
    pairs = tmp / "pairs.tsv"
    pairs.write_text(
        "".join(f"n{s}\t{NTREX / (s + '.da')}\t{NTREX / (s + '.en')}\n" for s in stems),
        encoding="utf-8",
    )
    cli = [sys.executable, "-m", "aligner"]

    def run(cmd: list[str]) -> float:
        t = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, capture_output=True)
        return time.perf_counter() - t

    fill = run([*cli, "align-batch", str(pairs), "--out", str(tmp / "fill"), *ARGS])
    print(f"align-batch, {len(stems)} pairs, filling the cache: {fill:.1f}s")
    times = {}
    for fmt in ("json", "beads", "tsv", "tmx"):
        times[fmt] = run(
            [*cli, "align-batch", str(pairs), "--out", str(tmp / fmt), "--format", fmt, *ARGS]
        )
    batch = statistics.median(times.values())
    print(
        "align-batch, warm, by format: "
        + ", ".join(f"{k} {v:.1f}s" for k, v in times.items())
        + f"; {batch / len(stems):.3f}s a pair"
    )
    singles = [
        run(
            [
                *cli,
                "align",
                str(NTREX / f"{s}.da"),
                str(NTREX / f"{s}.en"),
                *ARGS,
                "-o",
                str(tmp / f"{s}.json"),
            ]
        )
        for s in stems[: args.singles]
    ]
    single = statistics.median(singles)
    per_pair = batch / len(stems)
    print(
        f"one `aligner align` per pair, warm: {single:.2f}s (median of {len(singles)}); "
        f"in a batch a pair costs {per_pair:.3f}s = {per_pair / single:.3f}x a single call; "
        f"per-pair overhead of single calls: {single - per_pair:.2f}s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
