"""`aligner models` against a package index served from 127.0.0.1, and offline."""

from __future__ import annotations

import json
import shutil
import socket
from pathlib import Path

import pytest

from aligner.cli import main
from aligner.translation import find_translator, installed_packages
from aligner.translation.index import install_from_index
from aligner.translation.locations import packages_dir
from argos_fixture import BuiltPackage, PackageIndex


def _leftovers() -> list[str]:
    """Hidden work files left behind (the install lock file stays by design: it is empty)."""
    root = packages_dir()
    names = [p.name for d in (root, root.parent) if d.is_dir() for p in d.iterdir()]
    return sorted(n for n in names if n.startswith(".aligner") and n != ".aligner-install.lock")


def test_install_from_index_then_translate_list_and_remove(
    index: PackageIndex, argos_packages: dict[str, BuiltPackage], capsys: pytest.CaptureFixture[str]
) -> None:
    index.publish(argos_packages["da-en"])
    assert main(["models", "install", "da", "en"]) == 0
    assert "installed da->en v1.0" in capsys.readouterr().out
    assert index.hits == ["/index.json", f"/{argos_packages['da-en'].archive.name}"]
    t = find_translator("da", "en")
    assert t is not None and t.translate_sentences(["Hunden spiser et æble."]) == [
        "Dog eats an apple."
    ]
    assert main(["models", "list"]) == 0
    out = capsys.readouterr().out
    assert "da->en  v1.0" in out and "available from the package index (1 pairs)" in out
    assert main(["models", "remove", "da", "en"]) == 0
    assert installed_packages() == [] and _leftovers() == []
    assert main(["models", "remove", "da", "en"]) == 2


def test_the_index_may_be_named_by_its_file(
    index: PackageIndex,
    argos_packages: dict[str, BuiltPackage],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # argostranslate reads ARGOS_PACKAGE_INDEX as the folder of index.json; a URL of the
    # file itself is what a person copies from a browser.
    index.publish(argos_packages["da-en"])
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", index.url + "index.json")
    assert main(["models", "install", "da", "en"]) == 0
    assert "installed da->en v1.0" in capsys.readouterr().out
    assert index.hits == ["/index.json", f"/{argos_packages['da-en'].archive.name}"]


def test_corrupt_download_is_refused_and_leaves_nothing(
    index: PackageIndex, argos_packages: dict[str, BuiltPackage], capsys: pytest.CaptureFixture[str]
) -> None:
    good = argos_packages["da-en"].archive.read_bytes()
    damaged = bytearray(good)
    middle = len(good) // 2
    damaged[middle : middle + 64] = bytes(64)  # a damaged stretch inside the model data
    index.publish(argos_packages["da-en"], bytes(damaged))
    assert main(["models", "install", "da", "en"]) == 1
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "package is bad" in err
    # Named by its link, not by the hidden file it was saved in.
    assert f"{index.url}{argos_packages['da-en'].archive.name}: " in err
    assert ".aligner-download" not in err
    assert installed_packages() == [] and _leftovers() == []
    assert list(packages_dir().iterdir()) == []


def test_a_download_that_breaks_off_is_not_called_unreachable(
    index: PackageIndex, argos_packages: dict[str, BuiltPackage], capsys: pytest.CaptureFixture[str]
) -> None:
    index.publish(argos_packages["da-en"])
    index.cut[f"/{argos_packages['da-en'].archive.name}"] = 1000
    assert main(["models", "install", "da", "en"]) == 1
    err = capsys.readouterr().err
    assert "the download broke off after 1000 of" in err and "cannot be reached" not in err
    assert installed_packages() == [] and _leftovers() == []


def test_an_index_that_is_not_json_is_not_called_unreachable(
    index: PackageIndex, capsys: pytest.CaptureFixture[str]
) -> None:
    index.files["/index.json"] = b"<html>a login page</html>"
    assert main(["models", "install", "da", "en"]) == 2
    err = capsys.readouterr().err
    assert "is not an Argos index (not JSON); check ARGOS_PACKAGE_INDEX" in err
    assert "cannot be reached" not in err


def test_an_entry_with_one_link_as_a_string_is_read_as_one_link(
    index: PackageIndex, argos_packages: dict[str, BuiltPackage]
) -> None:
    index.publish(argos_packages["da-en"])
    entries = json.loads(index.files["/index.json"])
    entries[0]["links"] = entries[0]["links"][0]
    index.files["/index.json"] = json.dumps(entries).encode()
    assert main(["models", "install", "da", "en"]) == 0
    assert [p.pair for p in installed_packages()] == [("da", "en")]


def test_a_wrong_pair_in_the_download_is_refused(
    index: PackageIndex, argos_packages: dict[str, BuiltPackage]
) -> None:
    index.publish(argos_packages["en-de"])
    index.files["/index.json"] = index.files["/index.json"].replace(b'"en"', b'"da"', 1)
    index.files["/index.json"] = index.files["/index.json"].replace(b'"de"', b'"en"', 1)
    assert main(["models", "install", "da", "en"]) == 1
    assert installed_packages() == []


def test_interrupted_download_leaves_nothing(
    index: PackageIndex, argos_packages: dict[str, BuiltPackage]
) -> None:
    index.publish(argos_packages["da-en"])

    def ctrl_c(done: int, total: int | None) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        install_from_index("da", "en", progress=ctrl_c)
    assert installed_packages() == [] and _leftovers() == []


def test_unreachable_index_says_so_in_one_line(
    argos_empty: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", f"http://127.0.0.1:{port}/")
    assert main(["models", "install", "da", "en"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "the Argos package index cannot be reached" in err
    # The folder to copy into by its full path: a bare "models/" reads as the current one's.
    from aligner.paths import drop_in_folder

    assert f"copy a .argosmodel into {drop_in_folder()} or run `aligner models install FILE`" in err
    assert drop_in_folder().startswith("/")
    assert main(["models", "list"]) == 0  # listing still works offline
    assert "cannot be reached" in capsys.readouterr().out


def test_missing_pair_in_index(
    index: PackageIndex, argos_packages: dict[str, BuiltPackage]
) -> None:
    index.publish(argos_packages["da-en"])
    assert main(["models", "install", "fi", "en"]) == 2


def test_install_file_offline_and_refuse_non_packages(
    argos_empty: dict[str, str],
    argos_packages: dict[str, BuiltPackage],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    fake = tmp_path / "fake.argosmodel"
    fake.write_text("not a zip")
    assert main(["models", "install", str(fake)]) == 2
    assert "not a zip archive" in capsys.readouterr().err
    assert main(["models", "install", str(argos_packages["en-de"].archive)]) == 0
    assert [p.pair for p in installed_packages()] == [("en", "de")]
    # Installing again replaces, never duplicates.
    assert main(["models", "install", str(argos_packages["en-de"].archive)]) == 0
    assert [p.pair for p in installed_packages()] == [("en", "de")]


def test_dropped_archive_is_installed_on_first_use(
    argos_empty: dict[str, str], argos_packages: dict[str, BuiltPackage]
) -> None:
    models = Path(argos_empty["ALIGNER_MODELS_DIR"])
    models.mkdir(parents=True)
    assert find_translator("da", "en") is None
    shutil.copy(argos_packages["da-en"].archive, models)
    t = find_translator("da", "en")
    assert t is not None and t.translate_sentences(["Katten er stor."]) == ["Cat is big."]
    assert [p.pair for p in installed_packages()] == [("da", "en")]


def test_several_files_install_in_one_command(
    argos_empty: dict[str, str],
    argos_packages: dict[str, BuiltPackage],
    capsys: pytest.CaptureFixture[str],
) -> None:
    files = [str(argos_packages[k].archive) for k in ("da-en", "en-de")]
    assert main(["models", "install", *files]) == 0
    assert capsys.readouterr().out.count("installed ") == 2
    assert sorted(p.pair for p in installed_packages()) == [("da", "en"), ("en", "de")]
    # A typo among them: nothing is installed before it is found.
    assert main(["models", "remove", "en", "de"]) == 0
    assert main(["models", "install", files[1], "typo.argosmodel"]) == 2
    assert "typo.argosmodel: no such file" in capsys.readouterr().err
    assert [p.pair for p in installed_packages()] == [("da", "en")]


def test_folders_named_like_the_codes_do_not_make_them_files(
    index: PackageIndex,
    argos_packages: dict[str, BuiltPackage],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Where articles are kept in da/ and en/, `install da en` still means the pair.
    (tmp_path / "da").mkdir()
    (tmp_path / "en").mkdir()
    monkeypatch.chdir(tmp_path)
    index.publish(argos_packages["da-en"])
    assert main(["models", "install", "da", "en"]) == 0
    assert [p.pair for p in installed_packages()] == [("da", "en")]
