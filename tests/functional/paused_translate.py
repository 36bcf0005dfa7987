"""`aligner translate` in a child process that stops after its Nth translated file, so a
test can ``kill -9`` it mid-run at a moment it knows.

The pause is the run's own progress event: the command's progress display hears of each
file once both its outputs are written; after the Nth, this prints ``paused`` on stdout
and waits to be killed. Nothing in the product waits for a test.

    python paused_translate.py N ARGS...   # ARGS as for `aligner translate`
"""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

PAUSED = "paused"


class Paused(subprocess.Popen[bytes]):
    log: Path


def start(args: list[str], *, after: int, env: dict[str, str], log: Path) -> Paused:
    """The child, started, its stderr into ``log`` (a pipe nobody reads could fill up and
    stall it before the pause); :func:`wait_paused` waits for the pause."""
    with log.open("w", encoding="utf-8") as err:
        proc = Paused(
            [sys.executable, str(Path(__file__).resolve()), str(after), *args],
            env={**os.environ, **env},
            stdout=subprocess.PIPE,
            stderr=err,
        )
    proc.log = log
    return proc


def wait_paused(proc: Paused, timeout: float = 240) -> None:
    """Return once the child says it paused; fail if it ended (or hung) first."""
    assert proc.stdout is not None
    fd, seen = proc.stdout.fileno(), b""
    deadline = time.monotonic() + timeout
    while select.select([fd], [], [], max(0.0, deadline - time.monotonic()))[0]:
        chunk = os.read(fd, 4096)  # the raw pipe: no buffer for select() to miss
        seen += chunk
        if PAUSED.encode() in seen.splitlines():
            return
        if not chunk:
            break
    proc.kill()
    proc.wait(timeout=30)
    raise AssertionError(f"the run ended (or hung) before its pause: {proc.log.read_text()}")


def _main(after: int, args: list[str]) -> int:
    from aligner.cli import main, translate_cmd

    shown = translate_cmd._Bar.file_done
    translated = 0

    def file_done(self: Any, result: Any) -> None:
        nonlocal translated
        shown(self, result)
        if result.status == "translated":
            translated += 1
            if translated == after:
                print(PAUSED, flush=True)
                time.sleep(600)  # the test kills long before

    translate_cmd._Bar.file_done = file_done  # type: ignore[method-assign]
    return main(["translate", *args])


if __name__ == "__main__":
    sys.exit(_main(int(sys.argv[1]), sys.argv[2:]))
