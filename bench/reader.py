"""Reader figures: launch to first paint of the seeds (warm cache), cursor-move time, peak memory.

    .venv/bin/python bench/reader.py [--runs 5] [--moves 60]

Launch is measured the way a person sees it: `aligner read` runs in a pseudo-terminal and
the clock stops when the status line of the aligned seeds has been drawn (interpreter
start, imports and painting included). "Warm cache" is measured twice: with the reader's
saved alignment of these files (the usual second open) and with only the embeddings cached
(reading, language checks and aligning included). Uses ALIGNER_CACHE_DIR.
Baselines measured in the same run: an interpreter that only imports Textual (launch), a
key the reader does not bind (cursor move), the same interpreter's peak memory.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import fcntl
import os
import pty
import re
import select
import statistics
import struct
import sys
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ALIGNER = Path(sys.executable).with_name("aligner")
#: When the ``early`` text of the last :func:`run_in_pty` call appeared.
first_seen: dict[str, float] = {}
ANSI = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")


def run_in_pty(
    argv: list[str],
    marker: str,
    size: tuple[int, int] = (120, 36),
    timeout: float = 60.0,
    early: str | None = None,
) -> tuple[float, int]:
    """Seconds until ``marker`` is on screen, and the process's peak RSS in KiB then.
    With ``early``, ``first_seen[early]`` records when that text appeared first."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: becomes the program
        os.environ["TERM"] = "xterm-256color"
        os.execv(argv[0], argv)
    cols, rows = size
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    start = time.perf_counter()
    seen = ""
    elapsed = float("nan")
    peak = 0
    try:
        while time.perf_counter() - start < timeout:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            seen += ANSI.sub("", chunk.decode("utf-8", "replace"))
            if early is not None and early not in first_seen and early in seen:
                first_seen[early] = time.perf_counter() - start
            if marker in seen:
                elapsed = time.perf_counter() - start
                peak = _peak_rss(pid)
                break
    finally:
        os.write(fd, b"q")
        deadline = time.time() + 5
        while time.time() < deadline:
            if os.waitpid(pid, os.WNOHANG) != (0, 0):
                break
            # Keep draining so the child never blocks on a full terminal buffer.
            if select.select([fd], [], [], 0.05)[0]:
                with contextlib.suppress(OSError):
                    os.read(fd, 65536)
        else:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
        os.close(fd)
    return elapsed, peak


def _peak_rss(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def launch(runs: int) -> None:
    from aligner.cache import Store

    # The first run warms the embedding cache (and the OS file cache); it is not counted.
    run_in_pty([str(ALIGNER), "read"], "≥0.00", timeout=600)
    unsaved = []
    loading = []
    for _ in range(runs):
        # Embeddings warm, but no saved alignment: reading, aligning and painting.
        Store("reader_alignments").clear()
        first_seen.clear()
        unsaved.append(run_in_pty([str(ALIGNER), "read"], "≥0.00", early="Opening"))
        loading.append(first_seen.get("Opening", float("nan")))
    reader = [run_in_pty([str(ALIGNER), "read"], "≥0.00") for _ in range(runs)]
    hello = [
        sys.executable,
        "-c",
        "from textual.app import App\nfrom textual.widgets import Static\n"
        "class A(App[None]):\n  def compose(self):\n    yield Static('hello-painted')\n"
        "A().run()",
    ]
    baseline = [run_in_pty(hello, "hello-painted") for _ in range(runs)]
    med = statistics.median(t for t, _ in reader)
    first = statistics.median(loading)
    base = statistics.median(t for t, _ in baseline)
    print(
        f"launch → seeds painted, saved alignment (the usual reopen), median of {runs}: "
        f"{med:.2f} s (runs: {', '.join(f'{t:.2f}' for t, _ in reader)}); "
        "this is also its first paint"
    )
    print(
        f"embeddings warm, alignment not saved: first paint (loading screen) {first:.2f} s, "
        f"seeds aligned and painted {statistics.median(t for t, _ in unsaved):.2f} s "
        f"(peak memory {max(p for _, p in unsaved) / 1024:.0f} MiB)"
    )
    print(
        f"baseline, a one-widget Textual app to first paint:    {base:.2f} s "
        f"(reader/baseline {med / base:.2f}x)"
    )
    peak = max(p for _, p in reader)
    base_peak = max(p for _, p in baseline)
    print(
        f"peak memory (VmHWM) of the reader on the seeds:       {peak / 1024:.0f} MiB "
        f"(one-widget Textual app: {base_peak / 1024:.0f} MiB, {peak / max(1, base_peak):.1f}x)"
    )


def cursor_moves(moves: int) -> None:
    from aligner.api import align
    from aligner.seeds import load_seeds
    from aligner.tui.app import ReaderApp
    from aligner.tui.screens.reader import ReaderScreen

    docs = load_seeds()
    alignment = align(docs[0], *docs[1:], mode="comparable")

    async def measure() -> tuple[list[float], list[float], list[float]]:
        app = ReaderApp(alignment)
        async with app.run_test(size=(200, 60)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ReaderScreen)
            moving: list[float] = []
            idle: list[float] = []
            for i in range(moves):
                key = "j" if (i // 15) % 2 == 0 else "k"
                t = time.perf_counter()
                await pilot.press(key)
                await pilot.pause()
                moving.append(time.perf_counter() - t)
                t = time.perf_counter()
                await pilot.press("f12")  # bound to nothing: the cost of a key round trip
                await pilot.pause()
                idle.append(time.perf_counter() - t)
            # The reader's own work for one move, without the event loop around it.
            direct: list[float] = []
            col = screen.columns[0]
            for i in range(moves):
                t = time.perf_counter()
                col.cursor = i % len(col.document.sentences)
                screen.refresh_selection()
                for c in screen.visible_columns():
                    for y in range(c.scrollable_content_region.height):
                        c.render_line(y)
                direct.append(time.perf_counter() - t)
            return moving, idle, direct

    moving, idle, direct = asyncio.run(measure())
    m, b, d = (statistics.median(x) * 1000 for x in (moving, idle, direct))
    print(
        f"cursor move (key → handled → repainted), median of {moves}: {m:.1f} ms "
        f"(an unbound key: {b:.1f} ms; move/unbound {m / b:.2f}x)"
    )
    print(
        f"the reader's own work per move (highlights + redraw of 5 columns at 200x60): {d:.2f} ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--moves", type=int, default=60)
    args = parser.parse_args()
    print(
        f"aligner reader bench · python {sys.version.split()[0]} · cpus {os.cpu_count()} · "
        f"cache {os.environ.get('ALIGNER_CACHE_DIR', '(default)')}"
    )
    launch(args.runs)
    cursor_moves(args.moves)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
