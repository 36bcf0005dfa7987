"""What counts as an Argos package file, checked before anything is installed."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from aligner.errors import InputError
from aligner.translation.archive import inspect_archive, write_archive

META = {"from_code": "da", "to_code": "en", "package_version": "1.2", "type": "translate"}


def _zip(path: Path, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return path


def _valid(root: str = "translate-da_en") -> dict[str, bytes]:
    return {
        f"{root}/metadata.json": json.dumps(META).encode(),
        f"{root}/model/model.bin": b"\x00" * 4096,
        f"{root}/sentencepiece.model": b"sp",
    }


def test_a_valid_package_is_described(tmp_path: Path) -> None:
    info = inspect_archive(_zip(tmp_path / "p.argosmodel", _valid()))
    assert (info.root, info.from_code, info.to_code, info.version) == (
        "translate-da_en", "da", "en", "1.2",
    )  # fmt: skip


def test_write_archive_round_trips(tmp_path: Path) -> None:
    pkg = tmp_path / "translate-da_en"
    for name, data in _valid().items():
        f = tmp_path / name
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_bytes(data)
    info = inspect_archive(write_archive(pkg, tmp_path / "out" / "x.argosmodel"))
    assert info.root == "translate-da_en" and info.metadata == META


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"a/metadata.json": b"{}", "b/x": b""}, "one top-level folder"),
        ({**_valid(), "translate-da_en/../../evil": b"x"}, "unsafe path"),
        ({k: v for k, v in _valid().items() if "model.bin" not in k}, "model.bin"),
        ({k: v for k, v in _valid().items() if "sentencepiece" not in k}, "tokenizer"),
        ({**_valid(), "translate-da_en/metadata.json": b"{not json"}, "not valid JSON"),
        (
            {
                **_valid(),
                "translate-da_en/metadata.json": json.dumps({**META, "type": "sbd"}).encode(),
            },
            "not a translation package",
        ),
        (
            {**_valid(), "translate-da_en/metadata.json": json.dumps({"to_code": "en"}).encode()},
            "lacks from_code",
        ),
    ],
)
def test_bad_packages_are_refused_with_a_reason(
    tmp_path: Path, files: dict[str, bytes], message: str
) -> None:
    with pytest.raises(InputError, match=message):
        inspect_archive(_zip(tmp_path / "bad.argosmodel", files))


def test_not_a_zip_and_a_damaged_zip(tmp_path: Path) -> None:
    text = tmp_path / "t.argosmodel"
    text.write_text("hello")
    with pytest.raises(InputError, match="not a zip archive"):
        inspect_archive(text)
    good = _zip(tmp_path / "g.argosmodel", _valid()).read_bytes()
    at = good.index(b"\x00" * 4096)  # the stored model bytes: damage them, keep the zip index
    damaged = tmp_path / "d.argosmodel"
    damaged.write_bytes(good[:at] + b"\x01" * 16 + good[at + 16 :])
    with pytest.raises(InputError, match="fails its checksum"):
        inspect_archive(damaged)
    assert inspect_archive(damaged, check_crc=False).from_code == "da"
