"""Where Argos keeps things, resolved at call time with argostranslate's own rules.

argostranslate computes these once, when ``argostranslate.settings`` is first imported;
resolving them per call means a test (or a user) that changes ``ARGOS_PACKAGES_DIR`` or
``XDG_DATA_HOME`` later in the same process is still obeyed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

#: argostranslate's default index (it appends ``index.json``).
DEFAULT_INDEX = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/"


def _home() -> Path:
    if "SNAP" in os.environ and "SNAP_USER_DATA" in os.environ:
        return Path(os.environ["SNAP_USER_DATA"])
    return Path.home()


def data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(_home() / ".local" / "share")
    return Path(base) / "argos-translate"


def _settings_file_value(key: str) -> str | None:
    base = os.environ.get("XDG_CONFIG_HOME") or str(_home() / ".config")
    path = Path(base) / "argos-translate" / "settings.json"
    try:
        value = json.loads(path.read_text(encoding="utf-8")).get(key)
    except (OSError, ValueError, AttributeError):
        return None
    return str(value) if value is not None else None


def _setting(key: str) -> str | None:
    return os.environ.get(key) or _settings_file_value(key)


def packages_dir() -> Path:
    """The folder installed Argos packages live in (``ARGOS_PACKAGES_DIR`` overrides it)."""
    value = _setting("ARGOS_PACKAGES_DIR")
    return Path(value) if value else data_dir() / "packages"


def index_url() -> str:
    """The package index's ``index.json`` (``ARGOS_PACKAGE_INDEX`` overrides it): as
    argostranslate reads the setting, the folder that holds it; a URL of the file itself
    is taken as it is."""
    value = _setting("ARGOS_PACKAGE_INDEX") or DEFAULT_INDEX
    if value.lower().endswith(".json"):
        return value
    return (value if value.endswith("/") else value + "/") + "index.json"
