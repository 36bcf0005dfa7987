"""The bad-input table (tests/bad_inputs.py) through the real command line, and the doc
rendered from it. The model-install rows are exercised in test_safe_installs.py."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from bad_inputs import DOC, ROWS, check, render

TESTS = Path(__file__).resolve().parents[1]
DA = (
    "Brevene bliver nu offentliggjort i en bog af den anerkendte journalist Bob Woodward. "
    "I alt 25 breve, som de to statsledere har skrevet til hinanden.\n"
)
EN = (
    "Woodward says he obtained access to 25 Trump-Kim letters for his new book. "
    "North Korea is believed to have between 20 and 30 nuclear warheads.\n"
)


def run(
    args: list[str], *, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "aligner", *args],
        capture_output=True, text=True, cwd=cwd, timeout=600, check=False,
        env={**os.environ, "PYTHONWARNINGS": "ignore", **(env or {})},
    )  # fmt: skip


Case = Callable[[Path], tuple[list[str], dict[str, str]]]


def _files(d: Path) -> tuple[str, str]:
    (d / "da.txt").write_text(DA, "utf-8")
    (d / "en.txt").write_text(EN, "utf-8")
    return str(d / "da.txt"), str(d / "en.txt")


def _missing(d: Path) -> tuple[list[str], dict[str, str]]:
    da, _ = _files(d)
    return ["align", da, "typo"], {}


def _folder(d: Path) -> tuple[list[str], dict[str, str]]:
    _, en = _files(d)
    (d / "articles").mkdir()
    return ["align", str(d / "articles"), en], {}


def _empty(d: Path) -> tuple[list[str], dict[str, str]]:
    _, en = _files(d)
    (d / "empty.txt").write_bytes(b"\n \n")
    return ["align", str(d / "empty.txt"), en], {}


def _binary(d: Path) -> tuple[list[str], dict[str, str]]:
    _, en = _files(d)
    (d / "photo.txt").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 20)
    return ["align", str(d / "photo.txt"), en], {}


def _huge(d: Path) -> tuple[list[str], dict[str, str]]:
    da, en = _files(d)
    return ["align", da, en], {"ALIGNER_MAX_BYTES": "100"}


def _device(d: Path) -> tuple[list[str], dict[str, str]]:
    _, en = _files(d)
    return ["align", "/dev/zero", en], {}


def _long_name(d: Path) -> tuple[list[str], dict[str, str]]:
    _, en = _files(d)
    return ["align", str(d / ("x" * 5000 + ".txt")), en], {}


def _utf16_no_bom(d: Path) -> tuple[list[str], dict[str, str]]:
    _, en = _files(d)
    (d / "notepad.txt").write_bytes(DA.encode("utf-16-le"))
    return ["align", str(d / "notepad.txt"), en], {}


def _max_bytes(d: Path) -> tuple[list[str], dict[str, str]]:
    da, en = _files(d)
    return ["align", da, en], {"ALIGNER_MAX_BYTES": "lots"}


def _wrong_lang(d: Path) -> tuple[list[str], dict[str, str]]:
    da, en = _files(d)
    return ["align", "--from", "da", en, da], {}


def _unknown_lang(d: Path) -> tuple[list[str], dict[str, str]]:
    da, en = _files(d)
    return ["align", "--from", "xx", da, en], {}


def _out_folder(d: Path) -> tuple[list[str], dict[str, str]]:
    da, en = _files(d)
    (d / "outdir").mkdir()
    return ["align", da, en, "-o", str(d / "outdir")], {}


def _out_new_folder(d: Path) -> tuple[list[str], dict[str, str]]:
    da, en = _files(d)
    return ["align", da, en, "-o", "aligned/"], {}


def _out_unwritable(d: Path) -> tuple[list[str], dict[str, str]]:
    da, en = _files(d)
    return ["align", da, en, "-o", "/proc/nonexist/x.json"], {}


def _beads_comparable(d: Path) -> tuple[list[str], dict[str, str]]:
    da, _ = _files(d)
    # The English tells the Danish facts in the other order: the links cross.
    (d / "crossed.txt").write_text(
        "North Korea is believed to have between 20 and 30 nuclear warheads. "
        "Woodward says he obtained access to 25 Trump-Kim letters. "
        "The letters are published in a new book by the journalist Bob Woodward.\n",
        "utf-8",
    )
    args = ["align", da, str(d / "crossed.txt"), "--mode", "comparable", "--no-translate"]
    return [*args, "--format", "beads"], {}


def _out_is_input(d: Path) -> tuple[list[str], dict[str, str]]:
    da, en = _files(d)
    return ["align", da, en, "-o", da], {}


def _stdin_twice(d: Path) -> tuple[list[str], dict[str, str]]:
    return ["align", "-", "-"], {}


def _translate_stdin(d: Path) -> tuple[list[str], dict[str, str]]:
    return ["translate", "-", "--from", "da", "--out", str(d / "out")], {}


def _cache_file(d: Path) -> tuple[list[str], dict[str, str]]:
    da, en = _files(d)
    (d / "notes.txt").write_text("not a folder")
    return ["align", da, en], {"ALIGNER_CACHE_DIR": str(d / "notes.txt")}


def _no_model_env(d: Path) -> dict[str, str]:
    from argos_fixture import argos_env

    return argos_env(d / "argos")


def _translate_no_model(d: Path) -> tuple[list[str], dict[str, str]]:
    da, _ = _files(d)
    return ["translate", da, "--from", "da", "--out", str(d / "out")], _no_model_env(d)


def _via_no_model(d: Path) -> tuple[list[str], dict[str, str]]:
    da, en = _files(d)
    return ["align", da, en, "--via", "both"], _no_model_env(d)


def _translate_no_model_detected(d: Path) -> tuple[list[str], dict[str, str]]:
    da, _ = _files(d)
    return ["translate", da, "--out", str(d / "out")], _no_model_env(d)


def _translate_unknown_lang(d: Path) -> tuple[list[str], dict[str, str]]:
    da, _ = _files(d)
    return ["translate", da, "--from", "xx", "--out", str(d / "out")], _no_model_env(d)


def _translate_missing(d: Path) -> tuple[list[str], dict[str, str]]:
    return ["translate", str(d / "typo.txt"), "--from", "da", "--out", str(d / "out")], (
        _no_model_env(d)
    )


def _translate_already_there(d: Path) -> tuple[list[str], dict[str, str]]:
    _, en = _files(d)
    return ["translate", en, "--out", str(d / "out")], _no_model_env(d)


def _translate_same_lang(d: Path) -> tuple[list[str], dict[str, str]]:
    da, _ = _files(d)
    args = ["translate", da, "--from", "da", "--to", "da", "--out", str(d / "out")]
    return args, _no_model_env(d)


def _batch_list_folder(d: Path) -> tuple[list[str], dict[str, str]]:
    _files(d)
    (d / "articles").mkdir()
    return ["align-batch", str(d / "articles"), "--out", str(d / "aligned")], {}


def _pair_out(out: str) -> Case:
    """``pair`` of the Danish file with an archive of the English one, into ``out``."""

    def case(d: Path) -> tuple[list[str], dict[str, str]]:
        da, _ = _files(d)
        (d / "archive").mkdir()
        (d / "archive" / "en.txt").write_text(EN, "utf-8")
        (d / "aligned").mkdir()
        return ["pair", da, "archive", "--out", out], {}

    return case


def _empty_name(d: Path) -> tuple[list[str], dict[str, str]]:
    _, en = _files(d)
    return ["align", "", en], {}


def _find_unknown_lang(d: Path) -> tuple[list[str], dict[str, str]]:
    da, en = _files(d)
    return ["find", da, en, "--to", "EN"], {}


def _find_empty_archive_name(d: Path) -> tuple[list[str], dict[str, str]]:
    da, _ = _files(d)
    return ["find", da, ""], {}


def _install_folder(d: Path) -> tuple[list[str], dict[str, str]]:
    (d / "models").mkdir()
    return ["models", "install", str(d / "models")], _no_model_env(d)


CASES: dict[str, Case] = {
    "missing": _missing,
    "folder": _folder,
    "empty": _empty,
    "binary": _binary,
    "huge": _huge,
    "device": _device,
    "long-name": _long_name,
    "utf16-no-bom": _utf16_no_bom,
    "max-bytes": _max_bytes,
    "wrong-lang": _wrong_lang,
    "unknown-lang": _unknown_lang,
    "empty-name": _empty_name,
    "find-unknown-lang": _find_unknown_lang,
    "find-empty-archive-name": _find_empty_archive_name,
    "out-folder": _out_folder,
    "out-new-folder": _out_new_folder,
    "out-unwritable": _out_unwritable,
    "stdin-twice": _stdin_twice,
    "out-is-input": _out_is_input,
    "beads-comparable": _beads_comparable,
    "cache-file": _cache_file,
    "via-no-model": _via_no_model,
    "translate-no-model": _translate_no_model,
    "translate-no-model-detected": _translate_no_model_detected,
    "translate-stdin": _translate_stdin,
    "translate-unknown-lang": _translate_unknown_lang,
    "translate-missing": _translate_missing,
    "translate-already-there": _translate_already_there,
    "translate-same-lang": _translate_same_lang,
    "batch-list-folder": _batch_list_folder,
    "pair-out-folder": _pair_out("aligned"),
    "pair-out-is-input": _pair_out("archive/en.txt"),
    "pair-out-in-archive": _pair_out("archive/pairs.txt"),
    "install-folder": _install_folder,
}


@pytest.mark.parametrize("key", list(CASES))
def test_bad_input_row(key: str, tmp_path: Path) -> None:
    args, env = CASES[key](tmp_path)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    p = run(args, cwd=tmp_path, env=env)
    check(key, p.returncode, p.stderr)
    assert p.stdout == ""
    after = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    # Refused before any work: nothing written (the Argos folders of a translate are
    # made by the check that finds no model, and hold nothing).
    assert [x for x in after if x not in before and x.parts[0] != "argos"] == []


def test_the_doc_is_the_table() -> None:
    assert DOC.read_text("utf-8") == render(), "regenerate it: python tests/bad_inputs.py"


def test_every_row_is_asserted_by_a_test() -> None:
    sources = "".join(p.read_text("utf-8") for p in TESTS.rglob("test_*.py"))
    for key in ROWS:
        assert f'"{key}"' in sources, f"no test exercises the row {key!r}"


def test_translate_names_a_dropped_model_it_cannot_install(tmp_path: Path) -> None:
    """A broken .argosmodel in the drop-in folder is said, with its full path once, before
    the missing model (translate said only the latter; align named the file twice)."""
    da, _ = _files(tmp_path)
    env = _no_model_env(tmp_path)
    models = Path(env["ALIGNER_MODELS_DIR"])
    models.mkdir(parents=True)
    broken = models / "translate-da_en-1_0.argosmodel"
    broken.write_bytes(b"not a zip")
    p = run(["translate", da, "--out", str(tmp_path / "out")], cwd=tmp_path, env=env)
    assert p.returncode == 2 and "Traceback" not in p.stderr
    first, second = p.stderr.strip().splitlines()
    assert first == f"aligner: {broken}: not installed: not an Argos package (not a zip archive)"
    assert "no da->en translation model is installed" in second and f"into {models}/" in second
