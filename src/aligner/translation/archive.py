"""The ``.argosmodel`` file: a zip holding one folder with ``metadata.json``, ``model/``
(a CTranslate2 model) and ``sentencepiece.model`` (or ``bpe.model``).

Checked before anything is installed, so a truncated download or a stray zip is refused
with a reason instead of becoming a broken package.
"""

from __future__ import annotations

import json
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from aligner.errors import InputError

_TOKENIZERS = ("sentencepiece.model", "bpe.model")
#: Unpacked size allowed: the largest Argos packages unpack to a few hundred MB.
MAX_UNPACKED_BYTES = 2 << 30
#: Model weights barely compress (about 1.1x); a zip that expands far more is a bomb.
#: Small archives are spared the ratio check: they cannot fill a disk.
MAX_RATIO = 20
_RATIO_FROM_BYTES = 64 << 20
#: A language code safe to name a folder by: "da", "zh_Hant".
_CODE_RE = re.compile(r"[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?")
#: The pair argostranslate's folder names carry: ``translate-da_en-1_0``.
_PAIR_IN_NAME = re.compile(r"(?:^|[-_])([a-z]{2,3})_([a-z]{2,3})(?:[-_]|$)")


@dataclass(frozen=True, slots=True)
class ArchiveInfo:
    """What a valid ``.argosmodel`` holds."""

    root: str
    metadata: dict[str, Any]

    @property
    def from_code(self) -> str:
        return str(self.metadata["from_code"])

    @property
    def to_code(self) -> str:
        return str(self.metadata["to_code"])

    @property
    def version(self) -> str:
        return str(self.metadata.get("package_version", ""))


#: What reading a damaged zip raises: a bad deflate stream (zlib.error), an encrypted
#: member (RuntimeError), a compression method Python lacks (NotImplementedError).
UNREADABLE = (zipfile.BadZipFile, OSError, EOFError, zlib.error, RuntimeError, NotImplementedError)


def inspect_archive(path: str | Path, *, check_crc: bool = True) -> ArchiveInfo:
    """The archive's root folder and metadata, or an :class:`InputError` saying what is wrong."""
    p = Path(path)
    name = p.name
    if p.is_dir():
        raise InputError(f"{p}: is a folder, not a .argosmodel file")
    if not p.exists():
        raise InputError(f"{p}: no such file")
    if not p.is_file() or not zipfile.is_zipfile(p):
        raise InputError(f"{name}: not an Argos package (not a zip archive)")
    try:
        with zipfile.ZipFile(p) as zf:
            names = zf.namelist()
            root = _single_root(names, name)
            _check_sizes(zf, p.stat().st_size, name)
            listed = set(names)
            if f"{root}/metadata.json" not in listed:
                raise InputError(f"{name}: not an Argos package (no {root}/metadata.json)")
            if f"{root}/model/model.bin" not in listed:
                raise InputError(f"{name}: not an Argos package (no {root}/model/model.bin)")
            if not any(f"{root}/{t}" in listed for t in _TOKENIZERS):
                raise InputError(f"{name}: not an Argos package (no tokenizer model)")
            if check_crc:
                bad = zf.testzip()
                if bad is not None:
                    raise InputError(f"{name}: corrupt archive ({bad} fails its checksum)")
            metadata = json.loads(zf.read(f"{root}/metadata.json").decode("utf-8"))
    except UNREADABLE as e:
        raise InputError(f"{name}: corrupt archive ({e})") from e
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise InputError(f"{name}: metadata.json is not valid JSON ({e})") from e
    if not isinstance(metadata, dict):
        raise InputError(f"{name}: metadata.json is not a JSON object")
    if metadata.get("type", "translate") != "translate":
        raise InputError(f"{name}: a {metadata.get('type')!r} package, not a translation package")
    for key in ("from_code", "to_code"):
        value = metadata.get(key)
        if not isinstance(value, str) or not value:
            raise InputError(f"{name}: metadata.json lacks {key}")
        if not _CODE_RE.fullmatch(value):
            raise InputError(f"{name}: metadata.json's {key} {value!r} is not a language code")
    named = _PAIR_IN_NAME.search(root)
    if named and named.groups() != (metadata["from_code"], metadata["to_code"]):
        # The folder name is what argostranslate installs under: a package in another
        # pair's folder would replace that pair's package.
        raise InputError(
            f"{name}: refused, it holds a {metadata['from_code']}->{metadata['to_code']} "
            f"package in a folder named {root!r}"
        )
    return ArchiveInfo(root=root, metadata=metadata)


def _check_sizes(zf: zipfile.ZipFile, archive_bytes: int, name: str) -> None:
    """Refuse a zip bomb before anything is unpacked (the sizes the zip declares bound
    what extraction writes: zipfile stops each member at its declared size)."""
    unpacked = sum(info.file_size for info in zf.infolist())
    if unpacked > MAX_UNPACKED_BYTES:
        raise InputError(
            f"{name}: refused, it would unpack to {unpacked / 1e9:.1f} GB "
            f"(the limit is {MAX_UNPACKED_BYTES / 1e9:.1f} GB)"
        )
    if unpacked > _RATIO_FROM_BYTES and unpacked > MAX_RATIO * max(archive_bytes, 1):
        raise InputError(
            f"{name}: refused, it would expand {unpacked / max(archive_bytes, 1):.0f}-fold "
            f"to {unpacked / 1e6:.0f} MB (a zip bomb, not a model)"
        )


def _single_root(names: list[str], name: str) -> str:
    roots: set[str] = set()
    for n in names:
        parts = PurePosixPath(n).parts
        # Refuse anything that would land outside the folder it is unpacked into.
        if not parts or n.startswith("/") or ".." in parts or "\\" in n:
            raise InputError(f"{name}: refused, it holds an unsafe path {n!r}")
        roots.add(parts[0])
    if len(roots) != 1:
        raise InputError(f"{name}: not an Argos package (expected one top-level folder)")
    root = roots.pop()
    if root.startswith("."):
        raise InputError(f"{name}: not an Argos package (hidden top-level folder {root!r})")
    return root


def write_archive(package_dir: str | Path, dest: str | Path) -> Path:
    """Zip a package folder (``metadata.json``, ``model/``, tokenizer) into ``dest``."""
    src = Path(package_dir)
    out = Path(dest)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.part")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for f in sorted(src.rglob("*")):
            if f.is_file():
                zf.write(f, str(PurePosixPath(src.name) / f.relative_to(src).as_posix()))
    tmp.replace(out)
    return out
