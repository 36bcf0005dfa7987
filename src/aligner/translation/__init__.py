"""Offline translation with Argos Translate packages: model management and a batched,
cached engine. Nothing outside this package talks to argostranslate."""

from __future__ import annotations

from aligner.translation.discovery import (
    find_spec,
    find_translator,
    require_translator,
    shared_translator,
    translate,
)
from aligner.translation.engine import Translator, TranslatorSpec
from aligner.translation.packages import InstalledPackage, install_file, installed_packages, remove

__all__ = [
    "InstalledPackage",
    "Translator",
    "TranslatorSpec",
    "find_spec",
    "find_translator",
    "install_file",
    "installed_packages",
    "remove",
    "require_translator",
    "shared_translator",
    "translate",
]
