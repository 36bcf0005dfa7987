"""The Argos package index (argostranslate's format: ``index.json``, a list of package
metadata with download ``links``), read from ``ARGOS_PACKAGE_INDEX`` or Argos's default.

Downloads stream to a hidden file beside the packages folder, are checked as Argos
packages, then installed; nothing half-downloaded is ever installed or left behind.
"""

from __future__ import annotations

import json
import os
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aligner.errors import AlignerError, IndexUnreachableError, InputError
from aligner.translation.archive import inspect_archive
from aligner.translation.locations import index_base, packages_dir
from aligner.translation.packages import InstalledPackage, _install_checked

#: ``progress(done_bytes, total_bytes_or_None)``.
DownloadProgress = Callable[[int, int | None], None]

_TIMEOUT = float(os.environ.get("ALIGNER_INDEX_TIMEOUT", "15"))
_CHUNK = 1 << 16


@dataclass(frozen=True, slots=True)
class IndexEntry:
    from_code: str
    to_code: str
    version: str
    links: tuple[str, ...]
    from_name: str = ""
    to_name: str = ""

    @property
    def pair(self) -> tuple[str, str]:
        return self.from_code, self.to_code


def unreachable(detail: str) -> IndexUnreachableError:
    return IndexUnreachableError(
        f"the Argos package index cannot be reached: {detail}; copy a .argosmodel into models/ "
        "or run `aligner models install FILE`"
    )


def _open(url: str) -> Any:
    req = urllib.request.Request(url, headers={"User-Agent": "aligner (ArgosTranslate)"})
    return urllib.request.urlopen(req, timeout=_TIMEOUT)


def fetch_index(base: str | None = None) -> list[IndexEntry]:
    """The translation packages the index offers; :class:`IndexUnreachableError` when offline."""
    url = (base or index_base()) + "index.json"
    try:
        with _open(url) as resp:
            data = resp.read()
    except (urllib.error.URLError, OSError, ValueError) as e:
        reason = getattr(e, "reason", None) or e
        raise unreachable(f"{url}: {reason}") from e
    try:
        raw = json.loads(data)
    except ValueError as e:
        raise unreachable(f"{url} is not an Argos index (not JSON)") from e
    if not isinstance(raw, list):
        raise unreachable(f"{url} is not an Argos index (not a list of packages)")
    out: list[IndexEntry] = []
    for m in raw:
        if not isinstance(m, dict) or m.get("type", "translate") != "translate":
            continue
        if not m.get("from_code") or not m.get("to_code") or not m.get("links"):
            continue
        out.append(
            IndexEntry(
                from_code=str(m["from_code"]),
                to_code=str(m["to_code"]),
                version=str(m.get("package_version", "")),
                links=tuple(str(x) for x in m["links"]),
                from_name=str(m.get("from_name", "")),
                to_name=str(m.get("to_name", "")),
            )
        )
    return out


def find_entry(from_code: str, to_code: str) -> IndexEntry:
    """The index's package for the pair (the last listed wins, as in argostranslate)."""
    entries = [e for e in fetch_index() if e.pair == (from_code, to_code)]
    if not entries:
        raise InputError(
            f"the Argos package index has no {from_code}->{to_code} package "
            "(see `aligner models list` for the pairs it offers)"
        )
    return entries[-1]


def install_from_index(
    from_code: str, to_code: str, *, progress: DownloadProgress | None = None
) -> InstalledPackage:
    """Download, check and install the index's package for the pair."""
    return install_entry(find_entry(from_code, to_code), progress=progress)


def install_entry(
    entry: IndexEntry, *, progress: DownloadProgress | None = None
) -> InstalledPackage:
    """Download one index entry to a hidden file, check it, install it, delete the download."""
    from_code, to_code = entry.pair
    root = packages_dir()
    root.mkdir(parents=True, exist_ok=True)
    # A hidden name beside the packages folder: never mistaken for a package, same filesystem.
    where = root.parent if os.access(root.parent, os.W_OK) else root
    fd, tmp_name = tempfile.mkstemp(prefix=".aligner-download-", suffix=".argosmodel", dir=where)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        _download(entry, tmp, progress)
        try:
            info = inspect_archive(tmp)
        except InputError as e:
            raise AlignerError(f"the downloaded {from_code}->{to_code} package is bad: {e}") from e
        if (info.from_code, info.to_code) != (from_code, to_code):
            raise AlignerError(
                f"the index's {from_code}->{to_code} download holds a "
                f"{info.from_code}->{info.to_code} package; refused"
            )
        return _install_checked(tmp, info)
    finally:
        tmp.unlink(missing_ok=True)


def _download(entry: IndexEntry, dest: Path, progress: DownloadProgress | None) -> None:
    errors: list[str] = []
    for url in entry.links:
        try:
            with _open(url) as resp, dest.open("wb") as f:
                total_header = resp.headers.get("Content-Length")
                total = int(total_header) if total_header and total_header.isdigit() else None
                done = 0
                while chunk := resp.read(_CHUNK):
                    f.write(chunk)
                    done += len(chunk)
                    if progress:
                        progress(done, total)
                if total is not None and done != total:
                    raise OSError(f"got {done} of {total} bytes")
            return
        except (urllib.error.URLError, OSError, ValueError) as e:
            errors.append(f"{url}: {getattr(e, 'reason', None) or e}")
    raise unreachable("; ".join(errors) or "the package lists no download link")
