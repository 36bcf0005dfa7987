"""`aligner models list|install|remove`: the Argos translation packages on this machine."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from aligner.cli.checks import check_language
from aligner.errors import IndexUnreachableError, InputError
from aligner.paths import models_dirs
from aligner.translation.archive import inspect_archive
from aligner.translation.locations import packages_dir
from aligner.translation.packages import (
    InstalledPackage,
    dropped_archives,
    install_file,
    installed_packages,
    remove,
)


def register(sub: Any) -> None:
    p = sub.add_parser(
        "models",
        help="list, install or remove Argos translation models",
        description="Manage the Argos Translate packages used for offline translation.",
    )
    verbs = p.add_subparsers(dest="models_command", metavar="ACTION")
    ls = verbs.add_parser(
        "list",
        help="installed packages, and the pairs the index offers",
        description="List the installed Argos packages and the language pairs the package "
        "index offers (ARGOS_PACKAGE_INDEX overrides its address; --offline skips it).",
    )
    ls.add_argument("--offline", action="store_true", help="do not ask the package index")
    ls.set_defaults(func=run_list)
    ins = verbs.add_parser(
        "install",
        help="install FROM TO from the package index, or a .argosmodel FILE",
        description="Install a package: `install da en` downloads it from the Argos package "
        "index (ARGOS_PACKAGE_INDEX overrides its address); `install FILE.argosmodel` "
        "installs a file you have, offline.",
    )
    ins.add_argument("what", nargs="+", metavar="FROM TO | FILE ...")
    ins.set_defaults(func=run_install)
    rm = verbs.add_parser(
        "remove",
        help="remove the installed FROM->TO package",
        description="Remove the installed package that translates FROM into TO.",
    )
    rm.add_argument("from_code", metavar="FROM", help="the source language code, e.g. da")
    rm.add_argument("to_code", metavar="TO", help="the target language code, e.g. en")
    rm.set_defaults(func=run_remove)
    p.set_defaults(func=run_help, models_parser=p)


def run_help(args: argparse.Namespace) -> int:
    # One line, as every usage error: the full help is one `--help` away.
    prog = args.models_parser.prog
    print(
        f"{prog}: say what to do: list, install FROM TO | FILE, or remove FROM TO "
        f"(see `{prog} --help`)",
        file=sys.stderr,
    )
    return 2


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e5 else f"{n / 1e3:.0f} kB"


def run_list(args: argparse.Namespace) -> int:
    # Deferred: the index client takes ~55 ms to import (bench/startup.py; urllib, http),
    # which every other command would pay.
    from aligner.translation.index import fetch_index

    pkgs = installed_packages()
    print(f"installed ({packages_dir()}):")
    if not pkgs:
        print("  none")
    for p in sorted(pkgs, key=lambda p: p.pair):
        size = _size(p.size_bytes())
        print(f"  {p.from_code}->{p.to_code}  v{p.version or '?'}  {size}  {p.path}")
    dropped = dropped_archives()
    folders = ", ".join(str(d) for d in models_dirs()) or "none (set ALIGNER_MODELS_DIR)"
    # Always named: the folder to copy a .argosmodel into is what a person looks for here.
    print(f"dropped in {folders} (installed on first use when the pair has no package):")
    if not dropped:
        print("  none")
    if dropped:
        have = {p.pair: p for p in pkgs}
        for a in dropped:
            try:
                info = inspect_archive(a, check_crc=False)
            except InputError as e:
                print(f"  unusable: {e}")
                continue
            line = f"  {info.from_code}->{info.to_code}  v{info.version or '?'}  {a}"
            old = have.get((info.from_code, info.to_code))
            if old is not None and old.version != info.version:
                installed = old.version or "?"
                line += f"  (v{installed} is installed; `aligner models install {a}` uses it)"
            print(line)
    if args.offline:
        return 0
    try:
        entries = fetch_index()
    except IndexUnreachableError as e:
        print(f"package index: {e}")
        return 0
    pairs = sorted({f"{e.from_code}->{e.to_code}" for e in entries})
    print(f"available from the package index ({len(pairs)} pairs):")
    for i in range(0, len(pairs), 8):
        print("  " + "  ".join(pairs[i : i + 8]))
    return 0


def run_install(args: argparse.Namespace) -> int:
    what: list[str] = args.what
    # Two words are FROM TO unless one names a file: folders called da/ and en/ are
    # common where articles are kept.
    if len(what) == 2 and not any(w.endswith(".argosmodel") or Path(w).is_file() for w in what):
        check_language(what[0], "FROM")
        check_language(what[1], "TO")
        before = installed_packages()
        _installed(_install_from_index(what[0], what[1]), before)
        return 0
    for w in what:  # files, each checked before any is installed
        if not Path(w).exists():
            raise InputError(
                f"{w}: no such file (give .argosmodel files, or FROM TO codes such as `da en`)"
            )
    for w in what:
        before = installed_packages()
        _installed(install_file(w), before)
    return 0


def _installed(pkg: InstalledPackage, before: list[InstalledPackage]) -> None:
    """Say what was installed, and what it replaced: never replace a package unsaid."""
    print(f"installed {pkg.from_code}->{pkg.to_code} v{pkg.version or '?'} in {pkg.path}")
    for old in before:
        if old.pair == pkg.pair:
            print(f"replaced {old.from_code}->{old.to_code} v{old.version or '?'} ({old.path})")


def _install_from_index(from_code: str, to_code: str) -> Any:
    # Deferred: rich's progress bar (~80 ms) and the index client (~55 ms; bench/startup.py),
    # which every other command would pay.
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TransferSpeedColumn,
    )

    from aligner.translation.index import find_entry, install_entry

    entry = find_entry(from_code, to_code)  # index trouble: one clean line, no progress bar
    console = Console(stderr=True)
    with Progress(
        TextColumn(f"downloading {from_code}->{to_code}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    ) as bar:
        task = bar.add_task("download", total=None)

        def advance(done: int, total: int | None) -> None:
            bar.update(task, completed=done, total=total)

        return install_entry(entry, progress=advance)


def run_remove(args: argparse.Namespace) -> int:
    for p in remove(args.from_code, args.to_code):
        print(f"removed {p.from_code}->{p.to_code} v{p.version or '?'} ({p.path})")
    return 0
