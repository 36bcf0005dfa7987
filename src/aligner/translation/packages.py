"""Installed Argos packages: list, install from a file (atomically), remove, and pick up
``.argosmodel`` files dropped into ``models/``.

Installing unpacks into a hidden staging folder beside the packages folder, loads the
model once (a package CTranslate2 cannot read is refused), and renames it into place
under the install lock, so a failure or Ctrl-C (or ``kill -9``) never leaves a
half-unpacked package where argostranslate or we would find it, and two installs at once
do not trip over each other (see :mod:`aligner.translation.staging`).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aligner.callbacks import Notify
from aligner.errors import AlignerError, InputError
from aligner.fsutil import atomic_write_text
from aligner.paths import cache_dir, models_dirs
from aligner.translation.archive import UNREADABLE, ArchiveInfo, inspect_archive
from aligner.translation.locations import packages_dir
from aligner.translation.staging import (
    STAGING_PREFIX,
    install_lock,
    process_prefix,
    work_parent,
)
from aligner.translation.staging import sweep as staging_sweep

_SAFE_VERSION = re.compile(r"[0-9A-Za-z_]{1,20}")


@dataclass(frozen=True, slots=True)
class InstalledPackage:
    from_code: str
    to_code: str
    version: str
    path: Path
    metadata: dict[str, Any]

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def pair(self) -> tuple[str, str]:
        return self.from_code, self.to_code

    @property
    def tokenizer(self) -> Path:
        return self.path / "sentencepiece.model"

    def size_bytes(self) -> int:
        return sum(f.stat().st_size for f in self.path.rglob("*") if f.is_file())


def load_package(path: str | Path) -> InstalledPackage:
    """An unpacked package folder; :class:`InputError` when it is not one we can drive."""
    p = Path(path)
    try:
        meta = json.loads((p / "metadata.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise InputError(f"{p}: not an Argos package folder (metadata.json: {e})") from e
    if not isinstance(meta, dict) or not meta.get("from_code") or not meta.get("to_code"):
        raise InputError(f"{p}: metadata.json lacks from_code/to_code")
    if not (p / "model" / "model.bin").is_file():
        raise InputError(f"{p}: has no CTranslate2 model (model/model.bin)")
    if not (p / "sentencepiece.model").is_file():
        # BPE packages need Moses tokenisation we do not reimplement; they are rare and old.
        raise InputError(f"{p}: has no sentencepiece.model (BPE packages are not supported)")
    return InstalledPackage(
        from_code=str(meta["from_code"]),
        to_code=str(meta["to_code"]),
        version=str(meta.get("package_version", "")),
        path=p,
        metadata=meta,
    )


def check_known_code(code: str, what: str) -> str:
    """``code`` when some part of aligner knows the language (language identification, or
    an installed package: Argos has codes of its own, such as "zt"); else an
    :class:`InputError`. Another code ("zz", "dan") would align on no language's words."""
    from aligner.langid import known_codes  # lingua: only for a code to check

    if code in known_codes() or any(code in p.pair for p in installed_packages()):
        return code
    raise InputError(
        f"{what} {code}: not a language code aligner knows; use a two-letter ISO 639-1 "
        "code such as da, en or de"
    )


def installed_packages(directory: Path | None = None) -> list[InstalledPackage]:
    """Translation packages in the Argos packages folder, newest version of a pair first."""
    d = directory or packages_dir()
    if not d.is_dir():
        return []
    out: list[InstalledPackage] = []
    for child in sorted(d.iterdir()):
        if not child.is_dir() or child.name.startswith("."):
            continue
        try:
            pkg = load_package(child)
        except InputError:
            continue  # sbd packages, foreign folders: not ours to judge
        if pkg.metadata.get("type", "translate") == "translate":
            out.append(pkg)
    out.sort(key=lambda p: (p.pair, _version_key(p.version)), reverse=True)
    return out


def find_package(from_code: str, to_code: str) -> InstalledPackage | None:
    for pkg in installed_packages():
        if pkg.pair == (from_code, to_code):
            return pkg
    return None


def _version_key(v: str) -> tuple[tuple[int, str], ...]:
    # Each part by its number, then what follows it: 1.10 after 1.9 and after 1.0b, and
    # any two versions of a pair compare (one without a version sorts first, as oldest).
    parts = (re.fullmatch(r"(\d*)(.*)", x) for x in v.replace("-", ".").split("."))
    return tuple((int(m[1]) if m[1] else -1, m[2]) for m in parts if m)


def install_file(path: str | Path) -> InstalledPackage:
    """Check and install a ``.argosmodel``; replaces an installed package of the same pair."""
    info = inspect_archive(path)
    return _install_checked(Path(path), info)


def _install_checked(path: Path, info: ArchiveInfo) -> InstalledPackage:
    dest_root = packages_dir()
    try:
        dest_root.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise InputError(
            f"{dest_root}: cannot hold packages ({e.strerror or e}); point "
            "ARGOS_PACKAGES_DIR at a folder"
        ) from e
    staging_sweep(dest_root)
    staging = Path(
        tempfile.mkdtemp(prefix=process_prefix(STAGING_PREFIX), dir=work_parent(dest_root))
    )
    try:
        with zipfile.ZipFile(path) as zf:
            zf.extractall(staging)
        unpacked = staging / info.root
        pkg = load_package(unpacked)
        if pkg.pair != (info.from_code, info.to_code):
            raise InputError(f"{path.name}: metadata.json changed while it was unpacked")
        check_loads(pkg, name=path.name)
        _check_with_argos(unpacked)
        final = dest_root / folder_name(info)
        aside = staging / ".previous"  # archive roots never start with a dot
        with install_lock(dest_root):
            old = [p for p in installed_packages(dest_root) if p.pair == pkg.pair]
            if final.exists():
                # Same folder name: move the old one aside first so the swap is two renames.
                os.replace(final, aside)
            try:
                os.replace(unpacked, final)
            except OSError:
                if aside.exists():
                    os.replace(aside, final)  # put the working package back
                raise
            for p in old:
                if p.path != final and p.path.exists():
                    _remove_folder(p.path)
        return load_package(final)
    except UNREADABLE as e:
        raise AlignerError(f"installing {path.name} failed: {e}") from e
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def folder_name(info: ArchiveInfo) -> str:
    """The install folder, named from the package's own metadata (argostranslate's scheme),
    never from the zip's folder: a package must not land in another pair's folder."""
    version = info.version.replace(".", "_")
    name = f"translate-{info.from_code}_{info.to_code}"
    return f"{name}-{version}" if version and _SAFE_VERSION.fullmatch(version) else name


def check_loads(pkg: InstalledPackage, *, name: str) -> None:
    """Load the model and tokenizer once, as translation will: a package CTranslate2 or
    sentencepiece cannot read is refused now rather than failing every later run."""
    # Deferred: ~75 ms to import (bench/startup.py), needed only when installing.
    import ctranslate2
    import sentencepiece

    try:
        ctranslate2.Translator(str(pkg.path / "model"), device="cpu", intra_threads=1)
    except Exception as e:
        raise InputError(f"{name}: refused, CTranslate2 cannot load its model ({e})") from e
    try:
        sentencepiece.SentencePieceProcessor(model_file=str(pkg.tokenizer))
    except Exception as e:
        raise InputError(f"{name}: refused, its sentencepiece.model cannot be read ({e})") from e


def _check_with_argos(unpacked: Path) -> None:
    """argostranslate's own reader must accept the package too, or its tools would choke on it."""
    try:
        # Deferred: ~60 ms to import (bench/startup.py), needed only when installing.
        from argostranslate.package import Package
    except ImportError:  # pragma: no cover - a dependency, but the check is a courtesy
        return
    try:
        Package(unpacked)
    except Exception as e:
        raise InputError(f"{unpacked.name}: argostranslate cannot read this package: {e}") from e


def _remove_folder(path: Path) -> None:
    # Rename first: a half-deleted folder must not look like a package.
    trash = path.with_name(f"{process_prefix(STAGING_PREFIX)}rm-{path.name}")
    os.replace(path, trash)
    shutil.rmtree(trash, ignore_errors=True)


def remove(from_code: str, to_code: str) -> list[InstalledPackage]:
    """Remove every installed package for the pair; :class:`InputError` when there is none."""
    found = [p for p in installed_packages() if p.pair == (from_code, to_code)]
    if not found:
        raise InputError(f"no {from_code}->{to_code} package is installed (`aligner models list`)")
    with install_lock(packages_dir()):
        for pkg in found:
            if pkg.path.exists():
                _remove_folder(pkg.path)
    return found


def dropped_archives() -> list[Path]:
    """``.argosmodel`` files in the models folders (see :func:`aligner.paths.models_dirs`)."""
    out: list[Path] = []
    for d in models_dirs():
        if d.is_dir():
            out.extend(sorted(d.glob("*.argosmodel")))
    return out


def install_dropped(notify: Notify | None = None) -> list[InstalledPackage]:
    """Install dropped ``.argosmodel`` files for pairs that have no installed package.

    A pair already installed is left alone, whatever the dropped file's version:
    replacing a working package is for `aligner models install FILE`, which says so.
    A bad file is skipped with a note (``notify``), never an error: it must not stop
    an alignment that needs no model. Its reason is remembered by the file's size and
    date, so a damaged 400 MB package is not unpacked again on every run.
    """
    installed = {p.pair for p in installed_packages()}
    refused = _refused()
    keys = {archive: _file_key(archive) for archive in dropped_archives()}
    refused_before = dict(refused)
    done: list[InstalledPackage] = []
    for archive, key in keys.items():
        try:
            # The zip's directory and metadata: quick, whatever the file's size.
            info = inspect_archive(archive, check_crc=False)
            if (info.from_code, info.to_code) in installed:
                continue
            why = refused.get(key)
            if why is not None:
                why += " (looked at again when the file changes)"
            else:
                try:
                    # Every member read and checked: what costs time on a large file.
                    checked = inspect_archive(archive)
                except InputError as e:
                    # The file's own fault, so remembered; a folder or a disk at fault
                    # (below) is tried again next time.
                    why = refused[key] = _reason(e, archive)
                else:
                    pkg = _install_checked(archive, checked)
                    installed.add(pkg.pair)
                    done.append(pkg)
                    continue
        except Exception as e:  # the promise above: a bad file never stops a run
            why = _reason(e, archive)
        if notify:
            notify(f"{archive}: not installed: {why}")
    # Only what is still in a models folder: the file does not grow with every attempt.
    kept = {k: v for k, v in refused.items() if k in keys.values()}
    if kept != refused_before:
        _remember_refused(kept)
    return done


def _reason(e: Exception, archive: Path) -> str:
    # The reason names the file already (by its name): it is named once, in full.
    return str(e).removeprefix(f"{archive.name}: ")


def _refused_file() -> Path:
    return cache_dir() / "dropped-refused.json"


def _file_key(path: Path) -> str:
    try:
        st = path.stat()
    except OSError:
        return str(path.resolve())
    return f"{path.resolve()}|{st.st_size}|{st.st_mtime_ns}"


def _refused() -> dict[str, str]:
    try:
        data = json.loads(_refused_file().read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _remember_refused(refused: dict[str, str]) -> None:
    # A cache that cannot be written costs time, not the run.
    with contextlib.suppress(OSError):
        _refused_file().parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(_refused_file(), json.dumps(refused))
