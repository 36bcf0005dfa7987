"""Bad input through the real command line: one line on stderr, exit 2, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

DA = (
    "Brevene bliver nu offentliggjort i en bog af den anerkendte journalist Bob Woodward. "
    "I alt 25 breve, som de to statsledere har skrevet til hinanden. "
    "Nordkorea menes at have mellem 20 og 30 atomsprænghoveder ifølge armscontrol.org.\n"
)
EN = (
    "Woodward says he obtained access to 25 Trump-Kim letters for his new book. "
    "North Korea is believed to have between 20 and 30 nuclear warheads. "
    "The book will be released next week by Simon & Schuster.\n"
)


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.run(
        [sys.executable, "-m", "aligner", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=600,
        check=False,
    )


def assert_one_line_error(p: subprocess.CompletedProcess[str], code: int, *words: str) -> None:
    assert p.returncode == code, p.stderr
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1, p.stderr
    assert "Traceback" not in p.stderr
    for w in words:
        assert w in lines[0]
    assert p.stdout == ""


@pytest.fixture
def en_file(tmp_path: Path) -> Path:
    p = tmp_path / "en.txt"
    p.write_text(EN, "utf-8")
    return p


def test_missing_file(tmp_path: Path, en_file: Path) -> None:
    assert_one_line_error(run("align", str(tmp_path / "nope.txt"), str(en_file)), 2, "no such file")


def test_empty_file(tmp_path: Path, en_file: Path) -> None:
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    assert_one_line_error(run("align", str(p), str(en_file)), 2, "empty")


def test_binary_file(tmp_path: Path, en_file: Path) -> None:
    p = tmp_path / "photo.txt"
    p.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 20)
    assert_one_line_error(run("align", str(p), str(en_file)), 2, "binary")


def test_huge_file(tmp_path: Path, en_file: Path) -> None:
    p = tmp_path / "huge.txt"
    with p.open("w", encoding="utf-8") as f:
        for _ in range(20 * 1024 * 1024 // len(DA.encode()) + 1):
            f.write(DA)
    assert p.stat().st_size > 20_000_000
    assert_one_line_error(run("align", str(p), str(en_file)), 2, "too large")


def test_declared_language_contradicted(tmp_path: Path, en_file: Path) -> None:
    p = tmp_path / "da.txt"
    p.write_text(DA, "utf-8")
    # The "Danish" source is English: say so rather than align nonsense.
    assert_one_line_error(run("align", "--from", "da", str(en_file), str(p)), 2, "'en', not 'da'")


def test_usage_errors_are_one_line(en_file: Path) -> None:
    assert_one_line_error(run("align", str(en_file)), 2, "TGT")
    assert_one_line_error(run("align", "--format", "xml", str(en_file), str(en_file)), 2, "xml")
    assert_one_line_error(run("frobnicate"), 2)
    assert_one_line_error(
        run("align", "--format", "beads", str(en_file), str(en_file), str(en_file)), 2, "beads"
    )


def test_latin1_danish_and_one_sentence_documents_align(tmp_path: Path) -> None:
    da = tmp_path / "da.txt"
    da.write_bytes(
        "I alt 25 breve, som de to statsledere har skrevet til hinanden.\n".encode("latin-1")
    )
    en = tmp_path / "en.txt"
    en.write_text("Woodward obtained 25 letters that Trump and Kim wrote to each other.\n", "utf-8")
    p = run("align", str(da), str(en), "--format", "json")
    assert p.returncode == 0, p.stderr
    assert "Traceback" not in p.stderr
    out = json.loads(p.stdout)
    assert out["documents"][0]["lang"] == "da"
    assert out["documents"][0]["sentences"][0]["text"].startswith("I alt 25 breve")
    assert out["documents"][0]["sentences"][0]["translation"] is None
    for link in out["links"]:
        assert 0.0 <= link["score"] <= 1.0


def test_dash_reads_the_source_from_stdin(tmp_path: Path, en_file: Path) -> None:
    da = tmp_path / "da.txt"
    da.write_bytes(DA.encode("latin-1"))
    from_file = run("align", str(da), str(en_file), "--format", "json")
    assert from_file.returncode == 0, from_file.stderr
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    piped = subprocess.run(
        [sys.executable, "-m", "aligner", "align", "-", str(en_file), "--format", "json"],
        input=DA.encode("latin-1"), capture_output=True, env=env, timeout=600, check=False,
    )  # fmt: skip
    assert piped.returncode == 0, piped.stderr
    a, b = json.loads(from_file.stdout), json.loads(piped.stdout)
    assert b["documents"][0]["id"] == "stdin"
    assert b["documents"][0]["sentences"] == a["documents"][0]["sentences"]
    assert b["links"] and b["links"] == [
        {**link, "source": {**link["source"], "doc": "stdin"}} for link in a["links"]
    ]
    # A pipe has no size to check first: the limit holds for it all the same.
    huge = subprocess.run(
        [sys.executable, "-m", "aligner", "align", "-", str(en_file)],
        input=DA.encode() * 40, capture_output=True, timeout=600, check=False,
        env={**env, "ALIGNER_MAX_BYTES": "1000"},
    )  # fmt: skip
    assert huge.returncode == 2
    assert "too large" in huge.stderr.decode() and b"Traceback" not in huge.stderr


def test_find_reads_its_source_from_stdin(tmp_path: Path) -> None:
    seeds = Path(__file__).resolve().parents[2] / "seeds"
    source = next(seeds.glob("000_*.txt"))
    piped = subprocess.run(
        [sys.executable, "-m", "aligner", "find", "-", str(seeds), "--format", "json"],
        input=source.read_bytes(), capture_output=True, timeout=600, check=False,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )  # fmt: skip
    assert piped.returncode == 0, piped.stderr
    out = json.loads(piped.stdout)
    assert out["source"]["lang"] == "da" and out["source"]["sentences"] == 22
    # The Danish seed is not in the archive's language; the four English ones are ranked.
    assert {Path(m["path"]).name[:3] for m in out["matches"]} == {"001", "002", "003", "004"}


def test_usage_errors_point_to_the_commands_own_help(en_file: Path) -> None:
    p = run("align", "--bogus", str(en_file), str(en_file))
    assert_one_line_error(p, 2, "unrecognized arguments: --bogus", "`aligner align --help`")
    assert_one_line_error(run("models"), 2, "say what to do: list, install", "remove")
    p = run("models", "install", "--bogus", "x")
    assert_one_line_error(p, 2, "`aligner models install --help`")


def test_format_and_an_extension_that_disagree(tmp_path: Path, en_file: Path) -> None:
    da = tmp_path / "da.txt"
    da.write_text(DA, "utf-8")
    out = tmp_path / "links.html"
    p = run("align", str(da), str(en_file), "--format", "tsv", "-o", str(out))
    assert p.returncode == 0, p.stderr
    assert f"writing tsv to {out}, as --format says" in p.stderr
    assert out.read_text("utf-8").startswith("source_doc\tsource_ids\t")


def test_a_batch_group_naming_a_folder_says_so(tmp_path: Path, en_file: Path) -> None:
    (tmp_path / "da.txt").write_text(DA, "utf-8")
    (tmp_path / "articles").mkdir()
    (tmp_path / "pairs.tsv").write_text("g\tda.txt\tarticles\n", "utf-8")
    p = run("align-batch", str(tmp_path / "pairs.tsv"), "--out", str(tmp_path / "out"))
    assert p.returncode == 1
    assert "g: " in p.stderr and "articles: is a folder, not a text file" in p.stderr


def test_an_output_named_as_a_folder_is_refused_however_spelt(
    tmp_path: Path, en_file: Path
) -> None:
    for typed in ("aligned/", "aligned/."):
        p = run("align", str(en_file), str(en_file), "-o", typed, cwd=tmp_path)
        assert p.returncode == 2 and f"{typed}: names a folder" in p.stderr, p.stderr
    assert not (tmp_path / "aligned").exists()
