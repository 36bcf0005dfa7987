"""The README's test command on a fresh machine: wall time with the install, then warm.

    python bench/test_suite.py [--keep]

"Fresh" here: a clean clone of this checkout's HEAD, an empty ``XDG_CACHE_HOME`` (so no
venv, no pip cache, no embedding cache), nothing but the gold sets in ``../shared``.
It runs ``.ci/run`` (CI's script, which runs the README's ``./dev test`` exactly), then
``./dev test`` again with everything in place. It downloads torch & co. again, so it
takes a while and some gigabytes in the temporary folder (removed unless ``--keep``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ALIGNER_SHARED", ROOT.parent / "shared")).resolve()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--keep", action="store_true", help="keep the temporary machine")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="aligner-fresh-"))
    try:
        clone = tmp / "aligner"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("ALIGNER_", "PYTHONPATH", "VIRTUAL_ENV"))
        }
        env.update(XDG_CACHE_HOME=str(tmp / "cache"), ALIGNER_SHARED=str(SHARED))
        env["PIP_CACHE_DIR"] = str(tmp / "cache" / "pip")
        rows = []
        for label, cmd in (
            ("fresh (install + tests)", [".ci/run"]),
            ("warm rerun", ["./dev", "test"]),
        ):
            t = time.perf_counter()
            done = subprocess.run(cmd, cwd=clone, env=env, capture_output=True, text=True)
            wall = time.perf_counter() - t
            tail = (done.stdout.strip().splitlines() or [""])[-1]
            rows.append((label, wall, done.returncode, tail))
            print(f"{label}: {wall / 60:.1f} min, exit {done.returncode}: {tail}", flush=True)
        return 0 if all(r[2] == 0 for r in rows) else 1
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
