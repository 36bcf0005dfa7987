"""The Argos package index (argostranslate's format: ``index.json``, a list of package
metadata with download ``links``), read from ``ARGOS_PACKAGE_INDEX`` or Argos's default.

Downloads stream to a hidden file beside the packages folder, are checked as Argos
packages, then installed; nothing half-downloaded is ever installed, and what a killed
download left behind is swept by the next install. Only http(s) links are followed, and
no download may exceed the size the index gives (else :data:`MAX_DOWNLOAD_BYTES`).
"""

from __future__ import annotations

import json
import os
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aligner.errors import AlignerError, IndexUnreachableError, InputError
from aligner.paths import drop_in_folder
from aligner.translation.archive import inspect_archive
from aligner.translation.locations import index_url, packages_dir
from aligner.translation.packages import InstalledPackage, _install_checked
from aligner.translation.staging import DOWNLOAD_PREFIX, process_prefix, sweep, work_parent

#: ``progress(done_bytes, total_bytes_or_None)``.
DownloadProgress = Callable[[int, int | None], None]

#: The largest download allowed when the index gives no size (Argos packages are 50-400 MB).
MAX_DOWNLOAD_BYTES = 1 << 30
_CHUNK = 1 << 16
_SCHEMES = ("http", "https")
#: argospm's index is about 100 kB; anything this large is not one.
MAX_INDEX_BYTES = 16 << 20


def _timeout() -> float:
    raw = os.environ.get("ALIGNER_INDEX_TIMEOUT", "15")
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not value > 0:
        raise InputError(f"ALIGNER_INDEX_TIMEOUT must be a number of seconds above 0, not {raw!r}")
    return value


@dataclass(frozen=True, slots=True)
class IndexEntry:
    from_code: str
    to_code: str
    version: str
    links: tuple[str, ...]
    from_name: str = ""
    to_name: str = ""
    #: The archive's size in bytes when the index says (argospm's ``size``), else ``None``.
    size: int | None = None

    @property
    def pair(self) -> tuple[str, str]:
        return self.from_code, self.to_code


def unreachable(detail: str) -> IndexUnreachableError:
    return IndexUnreachableError(
        f"the Argos package index cannot be reached: {detail}; copy a .argosmodel into "
        f"{drop_in_folder()} or run `aligner models install FILE`"
    )


def _open(url: str) -> Any:
    req = urllib.request.Request(url, headers={"User-Agent": "aligner (ArgosTranslate)"})
    return urllib.request.urlopen(req, timeout=_timeout())


def fetch_index() -> list[IndexEntry]:
    """The translation packages the index offers; :class:`IndexUnreachableError` when offline."""
    url = index_url()
    try:
        with _open(url) as resp:
            data = resp.read(MAX_INDEX_BYTES + 1)
    except urllib.error.HTTPError as e:
        # The server answered: it is reachable, and the address is what is wrong.
        raise InputError(
            f"the Argos package index at {url} answered HTTP {e.code} {e.reason}; "
            "check ARGOS_PACKAGE_INDEX"
        ) from e
    except (urllib.error.URLError, OSError, ValueError) as e:
        reason = getattr(e, "reason", None) or e
        raise unreachable(f"{url}: {reason}") from e
    if len(data) > MAX_INDEX_BYTES:
        raise InputError(f"{url} is not an Argos index (larger than {MAX_INDEX_BYTES >> 20} MB)")
    # The server answered, with something else: a wrong address, or a proxy or a
    # network's login page answering for the real one.
    hint = (
        "check ARGOS_PACKAGE_INDEX"
        if os.environ.get("ARGOS_PACKAGE_INDEX")
        else "a proxy or a network's login page may be answering for it"
    )
    try:
        raw = json.loads(data)
    except ValueError as e:
        raise InputError(f"{url} is not an Argos index (not JSON); {hint}") from e
    if not isinstance(raw, list):
        raise InputError(f"{url} is not an Argos index (not a list of packages); {hint}")
    out: list[IndexEntry] = []
    for m in raw:
        if not isinstance(m, dict) or m.get("type", "translate") != "translate":
            continue
        links = m.get("links")
        if isinstance(links, str):
            links = [links]  # one link, not a list of one: not its characters
        if (
            not m.get("from_code")
            or not m.get("to_code")
            or not links
            or not isinstance(links, list)
        ):
            continue
        out.append(
            IndexEntry(
                from_code=str(m["from_code"]),
                to_code=str(m["to_code"]),
                version=str(m.get("package_version", "")),
                links=tuple(str(x) for x in links),
                from_name=str(m.get("from_name", "")),
                to_name=str(m.get("to_name", "")),
                size=_size(m.get("size")),
            )
        )
    return out


def _size(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


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
    sweep(root)
    # A hidden name beside the packages folder: never mistaken for a package, same filesystem.
    fd, tmp_name = tempfile.mkstemp(
        prefix=process_prefix(DOWNLOAD_PREFIX), suffix=".argosmodel", dir=work_parent(root)
    )
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        url = _download(entry, tmp, progress)
        try:
            info = inspect_archive(tmp)
        except InputError as e:
            # Named by where it came from, not by the hidden file it was saved in.
            why = str(e).removeprefix(f"{tmp.name}: ")
            raise AlignerError(
                f"the downloaded {from_code}->{to_code} package is bad: {url}: {why}"
            ) from e
        if (info.from_code, info.to_code) != (from_code, to_code):
            raise AlignerError(
                f"the index's {from_code}->{to_code} download holds a "
                f"{info.from_code}->{info.to_code} package; refused"
            )
        try:
            return _install_checked(tmp, info)
        except InputError as e:  # the model does not load: the download's fault, not the user's
            raise AlignerError(f"the downloaded {from_code}->{to_code} package is bad: {e}") from e
    finally:
        tmp.unlink(missing_ok=True)


def _download(entry: IndexEntry, dest: Path, progress: DownloadProgress | None) -> str:
    """Save the entry's archive in ``dest`` from the first link that gives it; its URL."""
    links = [u for u in entry.links if urllib.parse.urlsplit(u).scheme.lower() in _SCHEMES]
    if not links:
        shown = ", ".join(entry.links) or "none"
        raise AlignerError(
            f"the index's {entry.from_code}->{entry.to_code} package has no http(s) download "
            f"link (it lists: {shown}); refused"
        )
    limit = entry.size or MAX_DOWNLOAD_BYTES
    errors: list[str] = []
    answered: list[str] = []
    for url in links:
        try:
            _fetch(url, dest, limit, progress)
            return url
        except urllib.error.HTTPError as e:
            answered.append(f"{url}: HTTP {e.code} {e.reason}")
        except _BrokenOff as e:
            answered.append(f"{url}: {e}")
        except (urllib.error.URLError, OSError, ValueError) as e:
            errors.append(f"{url}: {getattr(e, 'reason', None) or e}")
    if answered and not errors:
        # The server is there and said no: a stale index, not a network problem.
        raise AlignerError(f"downloading the {entry.from_code}->{entry.to_code} package failed: "
                           + "; ".join(answered))  # fmt: skip
    raise unreachable("; ".join(answered + errors))


def _fetch(url: str, dest: Path, limit: int, progress: DownloadProgress | None) -> None:
    with _open(url) as resp, dest.open("wb") as f:
        total_header = resp.headers.get("Content-Length")
        total = int(total_header) if total_header and total_header.isdigit() else None
        if total is not None and total > limit:
            raise _too_large(url, total, limit)
        done = 0
        while chunk := resp.read(_CHUNK):
            done += len(chunk)
            if done > limit:
                raise _too_large(url, done, limit)
            f.write(chunk)
            if progress:
                progress(done, total)
        if total is not None and done != total:
            raise _BrokenOff(f"the download broke off after {done} of {total} bytes")


class _BrokenOff(OSError):
    """The server answered and sent less than it said: the index is reachable."""


def _too_large(url: str, size: int, limit: int) -> AlignerError:
    return AlignerError(
        f"downloading {url} stopped: more than {_mb(limit)} "
        f"(got {_mb(size)}), larger than the index says or any package is"
    )


def _mb(n: int) -> str:
    return f"{n / 1e6:.0f} MB" if n >= 1_000_000 else f"{n / 1e3:.0f} kB"
