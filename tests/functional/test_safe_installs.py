"""Model installs that replace, fill or break nothing behind the user's back (issue 12,
items 1-6 and the download errors of 16). Rows of tests/bad_inputs.py are asserted here."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from test_models_cli import _leftovers

from aligner.cli import main
from aligner.translation import find_translator, installed_packages, packages
from aligner.translation.archive import write_archive
from aligner.translation.locations import packages_dir
from aligner.translation.packages import install_dropped, install_file
from aligner.translation.staging import work_parent
from argos_fixture import BuiltPackage, PackageIndex
from bad_inputs import check

DA = "Hunden spiser et æble. Katten sover i huset.\n"
EN = "The dog eats an apple. The cat sleeps in the house.\n"


def _source_dir(built: BuiltPackage) -> Path:
    stem = built.archive.name.removesuffix(".argosmodel")
    return built.archive.parent / f"{stem}.build" / stem


def repack(
    built: BuiltPackage,
    dest: Path,
    *,
    root: str | None = None,
    model_bin: bytes | None = None,
    version: str | None = None,
) -> Path:
    """A copy of a test package, changed: its zip folder, its model bytes, its version."""
    work = dest / f"repack-{root or 'x'}-{version or 'v'}-{len(model_bin or b'')}"
    pkg = work / (root or _source_dir(built).name)
    shutil.copytree(_source_dir(built), pkg)
    if model_bin is not None:
        (pkg / "model" / "model.bin").write_bytes(model_bin)
    if version is not None:
        meta = json.loads((pkg / "metadata.json").read_text("utf-8"))
        meta["package_version"] = version
        (pkg / "metadata.json").write_text(json.dumps(meta), "utf-8")
    return write_archive(pkg, dest / f"{work.name}.argosmodel")


def _aligner(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "aligner", *args], capture_output=True, text=True, cwd=cwd,
        env={**os.environ, **env, "PYTHONWARNINGS": "ignore"}, timeout=600, check=False,
    )  # fmt: skip


# 1 -------------------------------------------------------------------------------------


def test_a_models_folder_in_the_working_directory_is_never_installed(
    argos_empty: dict[str, str], argos_packages: dict[str, BuiltPackage], tmp_path: Path
) -> None:
    install_file(argos_packages["da-en"].archive)
    here = tmp_path / "x"
    (here / "models").mkdir(parents=True)
    newer_broken = repack(argos_packages["da-en"], tmp_path, version="1.1", model_bin=b"junk")
    shutil.copy(newer_broken, here / "models")
    (here / "a.txt").write_text(DA, "utf-8")
    (here / "b.txt").write_text(EN, "utf-8")
    p = _aligner("align", "a.txt", "b.txt", cwd=here, env=argos_empty)
    assert p.returncode == 0, p.stderr
    assert [(x.pair, x.version) for x in installed_packages()] == [(("da", "en"), "1.0")]
    out = json.loads(p.stdout)
    assert out["documents"][0]["sentences"][0]["translation"] == "Dog eats an apple."


def test_a_dropped_archive_never_replaces_an_installed_pair(
    argos_empty: dict[str, str], argos_packages: dict[str, BuiltPackage], tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    install_file(argos_packages["da-en"].archive)
    models = Path(argos_empty["ALIGNER_MODELS_DIR"])
    models.mkdir(parents=True)
    newer = repack(argos_packages["da-en"], tmp_path, version="1.1")
    shutil.copy(newer, models)
    assert find_translator("da", "en") is not None
    assert [x.version for x in installed_packages()] == ["1.0"]
    assert main(["models", "list", "--offline"]) == 0
    assert "v1.0 is installed; `aligner models install" in capsys.readouterr().out
    # The explicit install does replace, and says so.
    assert main(["models", "install", str(models / newer.name)]) == 0
    out = capsys.readouterr().out
    assert "installed da->en v1.1" in out and "replaced da->en v1.0" in out
    assert [x.version for x in installed_packages()] == ["1.1"]


# 2 -------------------------------------------------------------------------------------


def test_a_model_ctranslate2_cannot_load_is_refused_at_install(
    argos_empty: dict[str, str], argos_packages: dict[str, BuiltPackage], tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    broken = repack(argos_packages["da-en"], tmp_path, model_bin=b"junk" * 1024)
    code = main(["models", "install", str(broken)])
    check("install-broken-model", code, capsys.readouterr().err)
    assert installed_packages() == [] and _leftovers() == []


def test_a_package_broken_on_disk_costs_align_its_translations_not_the_result(
    argos_empty: dict[str, str], argos_packages: dict[str, BuiltPackage], tmp_path: Path
) -> None:
    pkg = install_file(argos_packages["da-en"].archive)
    (pkg.path / "model" / "model.bin").write_bytes(b"garbage, as a failed copy leaves")
    (tmp_path / "a.txt").write_text(DA, "utf-8")
    (tmp_path / "b.txt").write_text(EN, "utf-8")
    p = _aligner("align", "a.txt", "b.txt", cwd=tmp_path, env=argos_empty)
    assert p.returncode == 0, p.stderr
    assert "is broken: CTranslate2 cannot load its model" in p.stderr
    assert "aligning without translation" in p.stderr and "Traceback" not in p.stderr
    doc = json.loads(p.stdout)["documents"][0]
    assert all(s["translation"] is None for s in doc["sentences"])
    t = _aligner("translate", "a.txt", "--from", "da", "--out", "out", cwd=tmp_path,
                 env=argos_empty)  # fmt: skip
    check("broken-installed", t.returncode, t.stderr)
    # Asked to go through the translation, it stops: its one line must not say it goes on.
    v = _aligner("align", "a.txt", "b.txt", "--via", "both", cwd=tmp_path, env=argos_empty)
    assert v.returncode == 2 and v.stdout == "", v.stderr
    last = v.stderr.strip().splitlines()[-1]
    assert "via both needs the source's translation" in last and "is broken" in last, last
    assert "aligning without translation" not in last, last


# 3 -------------------------------------------------------------------------------------


def test_only_http_links_are_followed(
    index: PackageIndex, argos_packages: dict[str, BuiltPackage], capsys: pytest.CaptureFixture[str]
) -> None:
    index.publish(argos_packages["da-en"])
    entries = json.loads(index.files["/index.json"])
    entries[0]["links"] = ["file:///dev/zero"]
    index.files["/index.json"] = json.dumps(entries).encode()
    code = main(["models", "install", "da", "en"])
    check("non-http-link", code, capsys.readouterr().err)
    assert installed_packages() == [] and _leftovers() == []


def test_a_download_larger_than_the_index_says_is_stopped(
    index: PackageIndex,
    argos_packages: dict[str, BuiltPackage],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    index.publish(argos_packages["da-en"])
    entries = json.loads(index.files["/index.json"])
    entries[0]["size"] = 1000
    index.files["/index.json"] = json.dumps(entries).encode()
    code = main(["models", "install", "da", "en"])
    err = capsys.readouterr().err
    check("too-large-download", code, err)
    assert "stopped: more than 1 kB (got " in err
    assert installed_packages() == [] and _leftovers() == []
    # No size in the index: the cap applies.
    del entries[0]["size"]
    index.files["/index.json"] = json.dumps(entries).encode()
    monkeypatch.setattr("aligner.translation.index.MAX_DOWNLOAD_BYTES", 1000)
    assert main(["models", "install", "da", "en"]) == 1
    assert "stopped: more than" in capsys.readouterr().err
    monkeypatch.undo()


def test_what_a_killed_download_left_is_swept(
    index: PackageIndex, argos_packages: dict[str, BuiltPackage]
) -> None:
    index.publish(argos_packages["da-en"])
    where = work_parent(packages_dir())
    where.mkdir(parents=True, exist_ok=True)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    stale = [where / f".aligner-download-{dead}-ab12.argosmodel", where / ".aligner-download-x"]
    live = where / f".aligner-download-{os.getppid()}-cd34.argosmodel"
    for f in [*stale, live]:
        f.write_bytes(b"\0" * 1000)
    assert main(["models", "install", "da", "en"]) == 0
    assert [f.exists() for f in stale] == [False, False]
    assert live.exists(), "a download of a running process is not ours to delete"
    live.unlink()


def test_a_404_download_is_not_called_unreachable(
    index: PackageIndex, argos_packages: dict[str, BuiltPackage], capsys: pytest.CaptureFixture[str]
) -> None:
    index.publish(argos_packages["da-en"])
    del index.files[f"/{argos_packages['da-en'].archive.name}"]
    code = main(["models", "install", "da", "en"])
    err = capsys.readouterr().err
    check("download-404", code, err)
    assert "cannot be reached" not in err
    index.files.pop("/index.json")
    code = main(["models", "install", "da", "en"])
    check("index-404", code, capsys.readouterr().err)


# 4 -------------------------------------------------------------------------------------


def test_a_zip_bomb_is_refused_before_anything_is_unpacked(
    argos_empty: dict[str, str], argos_packages: dict[str, BuiltPackage], tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    bomb = tmp_path / "bomb.argosmodel"
    src = _source_dir(argos_packages["da-en"])
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for f in sorted(src.rglob("*")):
            if f.is_file():
                zf.write(f, f"{src.name}/{f.relative_to(src).as_posix()}")
        with zf.open(f"{src.name}/model/padding.bin", "w") as member:
            for _ in range(80):
                member.write(bytes(1 << 20))
    assert bomb.stat().st_size < 1 << 20
    code = main(["models", "install", str(bomb)])
    check("zip-bomb", code, capsys.readouterr().err)
    assert installed_packages() == [] and _leftovers() == []


def _damaged(archive: Path, dest: Path) -> Path:
    """A copy of ``archive`` with one byte flipped in model.bin's deflate header, as a bad
    disk leaves it: the zip's directory still reads, and inflating it fails in zlib (a
    byte flipped further in fails the checksum instead)."""
    out = dest / f"damaged-{archive.name}"
    data = bytearray(archive.read_bytes())
    with zipfile.ZipFile(archive) as zf:
        info = next(i for i in zf.infolist() if i.filename.endswith("model/model.bin"))
    name_len = int.from_bytes(data[info.header_offset + 26 : info.header_offset + 28], "little")
    extra_len = int.from_bytes(data[info.header_offset + 28 : info.header_offset + 30], "little")
    start = info.header_offset + 30 + name_len + extra_len
    data[start + 2] ^= 0xFF
    out.write_bytes(bytes(data))
    return out


def test_a_damaged_archive_is_refused_and_a_dropped_one_is_skipped(
    argos_empty: dict[str, str], argos_packages: dict[str, BuiltPackage], tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    damaged = _damaged(argos_packages["da-en"].archive, tmp_path)
    code = main(["models", "install", str(damaged)])
    err = capsys.readouterr().err
    check("corrupt-archive", code, err)
    assert "Error -3 while decompressing data" in err
    assert installed_packages() == [] and _leftovers() == []
    # Dropped in the models folder, it costs an alignment that needs no model nothing.
    models = Path(argos_empty["ALIGNER_MODELS_DIR"])
    models.mkdir(parents=True)
    shutil.copy(damaged, models)
    (tmp_path / "a.txt").write_text(DA, "utf-8")
    (tmp_path / "b.txt").write_text(EN, "utf-8")
    p = _aligner("align", "a.txt", "b.txt", "--format", "tsv", cwd=tmp_path, env=argos_empty)
    assert p.returncode == 0, p.stderr
    assert f"{models / damaged.name}: not installed: corrupt archive" in p.stderr
    assert len(p.stdout.splitlines()) == 3  # the header and a row per sentence


def test_a_damaged_dropped_archive_is_not_unpacked_on_every_run(
    argos_empty: dict[str, str], argos_packages: dict[str, BuiltPackage], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    models = Path(argos_empty["ALIGNER_MODELS_DIR"])
    models.mkdir(parents=True)
    damaged = shutil.copy(_damaged(argos_packages["da-en"].archive, tmp_path), models)
    monkeypatch.setenv("ALIGNER_CACHE_DIR", str(tmp_path / "cache"))
    opened: list[str] = []
    real = packages.inspect_archive
    monkeypatch.setattr(
        packages, "inspect_archive", lambda p, **kw: opened.append(p) or real(p, **kw)
    )
    notes: list[str] = []
    for _ in range(2):
        assert install_dropped(notes.append) == []
    # A quick look at its directory, then the full check (CRCs, unpacking, loading); the
    # second run takes only the quick look.
    assert len(opened) == 3
    assert "not installed: corrupt archive" in notes[0]
    assert notes[1] == notes[0] + " (looked at again when the file changes)"
    # Replaced by a good copy (another size and date), it is looked at afresh.
    shutil.copy(argos_packages["da-en"].archive, damaged)
    assert [p.pair for p in install_dropped(notes.append)] == [("da", "en")]


def test_versions_of_one_pair_always_compare(
    argos_empty: dict[str, str], argos_packages: dict[str, BuiltPackage], tmp_path: Path
) -> None:
    # argostranslate leaves old versions beside new ones; one may name its version oddly.
    install_file(argos_packages["da-en"].archive)
    old = packages_dir() / "translate-da_en-old"
    shutil.copytree(packages_dir() / "translate-da_en-1_0", old)
    meta = json.loads((old / "metadata.json").read_text("utf-8"))
    meta["package_version"] = "1.0b"
    (old / "metadata.json").write_text(json.dumps(meta), "utf-8")
    assert [x.version for x in installed_packages()] == ["1.0b", "1.0"]
    assert sorted(["", "1.10", "1.0b", "1.9", "1.0"], key=packages._version_key) == [
        "",
        "1.0",
        "1.0b",
        "1.9",
        "1.10",
    ]
    assert main(["models", "remove", "da", "en"]) == 0
    assert installed_packages() == []


def test_a_packages_dir_that_is_a_file_is_named(
    argos_empty: dict[str, str], argos_packages: dict[str, BuiltPackage], tmp_path: Path,
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    (tmp_path / "pkgfile").write_text("x", "utf-8")
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "pkgfile"))
    code = main(["models", "install", str(argos_packages["da-en"].archive)])
    check("packages-dir-file", code, capsys.readouterr().err)


# 5 -------------------------------------------------------------------------------------


def test_an_archive_cannot_replace_another_pair(
    argos_empty: dict[str, str], argos_packages: dict[str, BuiltPackage], tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    install_file(argos_packages["da-en"].archive)
    trojan = repack(argos_packages["en-de"], tmp_path, root="translate-da_en-1_0")
    code = main(["models", "install", str(trojan)])
    check("wrong-folder", code, capsys.readouterr().err)
    assert [x.pair for x in installed_packages()] == [("da", "en")]
    # A folder that names no pair is installed under the package's own name.
    plain = repack(argos_packages["en-de"], tmp_path, root="mypackage")
    assert install_file(plain).path.name == "translate-en_de-1_0"
    assert sorted(x.pair for x in installed_packages()) == [("da", "en"), ("en", "de")]


# 6 -------------------------------------------------------------------------------------


def test_installs_at_once_do_not_break_each_other(
    argos_empty: dict[str, str], argos_packages: dict[str, BuiltPackage]
) -> None:
    env = {**os.environ, **argos_empty, "PYTHONWARNINGS": "ignore"}
    archive = str(argos_packages["da-en"].archive)
    procs = [
        subprocess.Popen([sys.executable, "-m", "aligner", "models", "install", archive],
                         env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(4)
    ]  # fmt: skip
    results = [(p.wait(timeout=600), p.stderr.read() if p.stderr else "") for p in procs]
    for p in procs:
        for stream in (p.stdout, p.stderr):
            if stream:
                stream.close()
    assert [code for code, _ in results] == [0, 0, 0, 0], results
    assert [x.pair for x in installed_packages()] == [("da", "en")]
    assert _leftovers() == []
    t = find_translator("da", "en")
    assert t is not None and t.translate_sentences(["Katten er stor."]) == ["Cat is big."]


def test_a_sweep_spares_the_staging_of_a_running_install(
    argos_empty: dict[str, str], argos_packages: dict[str, BuiltPackage]
) -> None:
    where = work_parent(packages_dir())
    where.mkdir(parents=True, exist_ok=True)
    running = where / f".aligner-staging-{os.getppid()}-abcd"
    running.mkdir()
    install_file(argos_packages["da-en"].archive)
    assert running.is_dir()
    running.rmdir()
