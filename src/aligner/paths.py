"""Where things live on disk: the cache, the models folder, the bundled seeds."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent.parent


def cache_dir() -> Path:
    """``ALIGNER_CACHE_DIR``, else the XDG cache folder."""
    env = os.environ.get("ALIGNER_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "aligner"


def models_dirs() -> list[Path]:
    """Folders scanned for ``.argosmodel`` files: ``ALIGNER_MODELS_DIR``, then the checkout's
    ``models/``. Never the current folder's: a ``models/`` wherever a command happens to
    run is nobody's instruction to install what it holds."""
    out: list[Path] = []
    env = os.environ.get("ALIGNER_MODELS_DIR")
    if env:
        out.extend(Path(p) for p in env.split(os.pathsep) if p)
    if (_CHECKOUT / "pyproject.toml").is_file():
        out.append(_CHECKOUT / "models")
    seen: set[Path] = set()
    unique = []
    for p in out:
        r = p.resolve()
        if r not in seen:
            seen.add(r)
            unique.append(p)
    return unique


def drop_in_folder() -> str:
    """Where a person should copy a ``.argosmodel``, as messages name it: the first folder
    scanned (never a bare "models/", which reads as the current folder's)."""
    dirs = models_dirs()
    return f"{dirs[0]}{os.sep}" if dirs else "a folder named by ALIGNER_MODELS_DIR"


def seeds_dir() -> Path:
    """The bundled corpus: ``seeds/`` of a checkout, or the copy inside an installed wheel."""
    for candidate in (_CHECKOUT / "seeds", _PACKAGE / "_seeds"):
        if (candidate / "manifest.json").is_file():
            return candidate
    raise FileNotFoundError("the bundled seeds are missing from this installation")
