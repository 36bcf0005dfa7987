"""Start-up: what `aligner --help` costs, and what each import the package defers into a
function body would add to it at the top of its module.

    ./dev bench startup [--runs 3] [--only SUBSTRING]

`aligner --help` loads every command module (the parser registers them all) and, through
them, the package's front door, so whatever any of them imports at the top is paid by
every command. For each function-local import in src/aligner (``TYPE_CHECKING`` blocks
aside), the table gives the time importing it takes in an interpreter that has already
loaded what `aligner --help` loads plus the module that defers it: what the deferral
saves. "loaded" means it is there anyway, so deferring it saves nothing. A deferral is
worth its comment from about 5 ms (CONTRIBUTING.md); the last column flags those under.
"""

from __future__ import annotations

import argparse
import ast
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
WORTH_MS = 5.0

PROBE = """
import importlib, sys, time
import aligner.cli
aligner.cli.build_parser()
importlib.import_module(sys.argv[1])
if sys.argv[2] in sys.modules:
    print("loaded")
else:
    t = time.perf_counter()
    importlib.import_module(sys.argv[2])
    print(time.perf_counter() - t)
"""


@dataclass(frozen=True, slots=True)
class Deferred:
    """One module imported inside a function."""

    path: Path
    importer: str
    module: str
    #: The import statement's first and last lines, and the first line of the run of
    #: import statements it belongs to (where the comment saying why goes).
    line: int
    end_line: int
    run_line: int


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_module(name: str) -> bool:
    base = SRC.joinpath(*name.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def imported_modules(node: ast.Import | ast.ImportFrom, package: str) -> list[str]:
    if isinstance(node, ast.Import):
        return [a.name for a in node.names]
    base = node.module or ""
    if node.level:
        up = package.split(".")[: len(package.split(".")) - node.level + 1]
        base = ".".join([*up, base] if base else up)
    return [f"{base}.{a.name}" if is_module(f"{base}.{a.name}") else base for a in node.names]


def deferred_imports() -> list[Deferred]:
    """Every import inside a function of src/aligner (``TYPE_CHECKING`` blocks aside)."""
    found: list[Deferred] = []
    for path in sorted((SRC / "aligner").rglob("*.py")):
        importer = module_name(path)
        package = importer if path.name == "__init__.py" else importer.rpartition(".")[0]
        stack: list[tuple[ast.AST, bool]] = [(ast.parse(path.read_text("utf-8")), False)]
        while stack:
            node, in_function = stack.pop()
            run_line = 0
            for child in ast.iter_child_nodes(node):
                if not isinstance(child, ast.Import | ast.ImportFrom):
                    run_line = 0
                    if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                        continue
                    nested = isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
                    stack.append((child, in_function or nested))
                    continue
                run_line = run_line or child.lineno
                if in_function:
                    found.extend(
                        Deferred(path, importer, m, child.lineno, child.end_lineno or 0, run_line)
                        for m in imported_modules(child, package)
                    )
    return sorted(set(found), key=lambda d: (d.importer, d.line, d.module))


def probe(importer: str, module: str, runs: int) -> str:
    times = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", PROBE, importer, module],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=300,
        )
        if out.returncode:
            return "error: " + (out.stderr.strip().splitlines() or ["?"])[-1][:60]
        if out.stdout.strip() == "loaded":
            return "loaded"
        times.append(float(out.stdout))
    return f"{1000 * min(times):.1f}"


def wall(argv: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(argv, capture_output=True, check=True, cwd=ROOT, timeout=300)
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--runs", type=int, default=3, help="runs per figure (the least is shown: noise only adds)"
    )
    ap.add_argument("--only", default="", help="only imports whose importer or module has this")
    args = ap.parse_args()
    bare = wall([sys.executable, "-c", "pass"], args.runs)
    helped = wall([sys.executable, "-m", "aligner", "--help"], args.runs)
    print(f"interpreter start {bare:.3f} s; `aligner --help` {helped:.3f} s")
    print(f"\n{'deferred in':<42} {'module':<40} {'ms':>8}")
    for d in deferred_imports():
        if args.only and args.only not in d.importer and args.only not in d.module:
            continue
        figure = probe(d.importer, d.module, args.runs)
        try:
            flag = "" if float(figure) >= WORTH_MS else "  under"
        except ValueError:
            flag = "" if figure.startswith("error") else "  saves nothing"
        where = f"{d.importer}:{d.line}"
        print(f"{where:<42} {d.module:<40} {figure:>8}{flag}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
