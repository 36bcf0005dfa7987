"""The README's test command on a fresh machine: wall time with the install, then warm.

    python bench/test_suite.py [--keep]

"Fresh" here: a clean clone of this checkout's HEAD, an empty ``XDG_CACHE_HOME`` (so no
venv, no pip cache, no embedding cache), nothing but the gold sets in ``../shared``.
It runs ``.ci/run`` (CI's script, which runs the README's ``./dev test`` exactly), then
``./dev test`` again with everything in place. It downloads torch & co. again, so it
takes a while and some gigabytes in the temporary folder (removed unless ``--keep``).

For each run it also prints the pytest workers' test time summed against pytest's wall
time: when the sum over the worker count is close to the wall, the files are spread
evenly and only less work (encoding) can make the suite faster, not a better split.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ALIGNER_SHARED", ROOT.parent / "shared")).resolve()


def balance(junit: Path, log: str) -> str:
    """How evenly pytest-xdist spread the tests: summed test time against the session's wall."""
    if not junit.is_file():
        return "no junit report"
    root = ET.parse(junit).getroot()
    suite = root if root.tag == "testsuite" else root.find("testsuite")
    if suite is None:
        return "no testsuite in the junit report"
    summed = sum(float(case.get("time") or 0) for case in suite.iter("testcase"))
    wall = float(suite.get("time") or 0)
    found = re.search(r"created: (\d+)/\d+ workers", log)
    workers = int(found.group(1)) if found else 1
    return (
        f"tests summed {summed:.0f} s over {workers} worker(s), pytest wall {wall:.0f} s; "
        f"an even split would take {summed / workers:.0f} s"
    )


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
            # PYTHON*: PYTHONPATH, and PYTHONDONTWRITEBYTECODE, which would make every warm
            # interpreter start compile the project again where a user's machine does not.
            if not k.startswith(("ALIGNER_", "PYTHON", "VIRTUAL_ENV"))
        }
        env.update(XDG_CACHE_HOME=str(tmp / "cache"), ALIGNER_SHARED=str(SHARED))
        env["PIP_CACHE_DIR"] = str(tmp / "cache" / "pip")
        rows = []
        for n, (label, cmd) in enumerate(
            (("fresh (install + tests)", [".ci/run"]), ("warm rerun", ["./dev", "test"]))
        ):
            junit = tmp / f"junit-{n}.xml"
            env["PYTEST_ADDOPTS"] = f"--junitxml={junit}"
            t = time.perf_counter()
            done = subprocess.run(cmd, cwd=clone, env=env, capture_output=True, text=True)
            wall = time.perf_counter() - t
            tail = (done.stdout.strip().splitlines() or [""])[-1]
            rows.append((label, wall, done.returncode, tail))
            print(f"{label}: {wall / 60:.1f} min, exit {done.returncode}: {tail}", flush=True)
            print(f"  {balance(junit, done.stdout)}", flush=True)
        return 0 if all(r[2] == 0 for r in rows) else 1
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
