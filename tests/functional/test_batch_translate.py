"""`aligner translate` over many files: bad files skipped, kill -9 and resume."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import paused_translate
import pytest

from aligner.cli import main
from bad_inputs import check

SEED_DA = "000_dbc28797aa42c4f9.txt"
#: Written for this test: German news prose, neither the source language nor the target.
GERMAN = (
    "Die Briefe zwischen Donald Trump und Kim Jong-un erscheinen im September in einem "
    "neuen Buch des Journalisten Bob Woodward. Darin beschreibt der nordkoreanische "
    "Machthaber die Beziehung der beiden als etwas wie aus einem Fantasyfilm.\n"
)


def _corpus(seeds_dir: Path, dest: Path, n: int) -> list[Path]:
    """``n`` different Danish articles made from the seed's paragraphs, rotated."""
    paragraphs = [p for p in (seeds_dir / SEED_DA).read_text("utf-8").split("\n\n") if p.strip()]
    dest.mkdir(parents=True)
    out = []
    for i in range(n):
        k = i % len(paragraphs)
        body = "\n\n".join(paragraphs[k:] + paragraphs[:k])
        f = dest / f"article_{i:02d}.txt"
        f.write_text(body + "\n", encoding="utf-8")
        out.append(f)
    return out


def test_bad_files_are_reported_and_skipped(
    argos_installed: dict[str, str],
    seeds_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    danish = (seeds_dir / SEED_DA).read_text("utf-8")
    (src / "utf8.txt").write_text(danish, encoding="utf-8")
    (src / "latin1.txt").write_bytes(danish.encode("latin-1"))
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (src / "english.txt").write_text(
        (seeds_dir / "001_75880c97e1228f1f.txt").read_text("utf-8"), encoding="utf-8"
    )
    (src / "german.txt").write_text(GERMAN, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["translate", str(src), "--from", "da", "--to", "en", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "skipped" in err and "binary.txt: looks like a binary file" in err
    assert "empty.txt: is empty" in err
    # Given --from da, an English file is what the run makes (left), a German one is wrong.
    assert "german.txt: the text is in 'de', not 'da'" in err
    assert "english.txt: is already in 'en'" in err and "english.txt: the text" not in err
    assert "2 translated" in err and "1 already in the language asked for, left as they" in err
    assert "3 failed" in err
    (src / "german.txt").unlink()
    assert sorted(p.name for p in out.iterdir()) == [
        "latin1.en.jsonl", "latin1.en.txt", "utf8.en.jsonl", "utf8.en.txt",
    ]  # fmt: skip
    # Latin-1 Danish reads as the same text, so it translates to the same bytes.
    assert (out / "latin1.en.txt").read_bytes() == (out / "utf8.en.txt").read_bytes()
    rows = [json.loads(line) for line in (out / "utf8.en.jsonl").read_text("utf-8").splitlines()]
    assert [r["id"] for r in rows] == list(range(len(rows)))
    for r in rows:
        assert danish[r["start"] : r["end"]] == r["source"]
    # The test model turns "i" into "in" and copies words it does not know.
    first_i = next(r for r in rows if " i " in r["source"])
    assert first_i["translation"] == " ".join(
        "in" if w == "i" else w for w in first_i["source"].split()
    )
    # Detected language: the English file is left as it is, the rest translate; it is no
    # failure (the empty and the binary file are).
    out2 = tmp_path / "out2"
    assert main(["translate", str(src / "*.txt"), "--out", str(out2)]) == 1
    err = capsys.readouterr().err
    assert "1 already in the language asked for, left as they are, 2 failed" in err
    assert "left " in err and "english.txt: is already in 'en'" in err
    assert (out2 / "utf8.en.txt").read_bytes() == (out / "utf8.en.txt").read_bytes()
    assert not (out2 / "english.en.txt").exists()
    (src / "empty.txt").unlink()
    (src / "binary.txt").unlink()
    assert main(["translate", str(src / "*.txt"), "--out", str(out2)]) == 0
    assert "2 already done, 1 already in the language" in capsys.readouterr().err
    # Alone, it is the documented bad input, model installed or not.
    code = main(["translate", str(src / "english.txt"), "--out", str(out2)])
    check("translate-already-there", code, capsys.readouterr().err)


def test_kill_9_then_resume_gives_the_same_bytes(
    argos_installed: dict[str, str],
    seeds_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    files = _corpus(seeds_dir, tmp_path / "in", 12)
    args = [str(tmp_path / "in"), "--from", "da", "--to", "en", "--out"]

    # The uninterrupted run, in this process (a start-up of argostranslate fewer), with a
    # cache of its own so that the runs below find nothing of it.
    reference = tmp_path / "reference"
    with monkeypatch.context() as m:
        m.setenv("ALIGNER_CACHE_DIR", str(tmp_path / "cache-ref"))
        assert main(["translate", *args, str(reference)]) == 0

    out = tmp_path / "out"
    env = {**argos_installed, "ALIGNER_CACHE_DIR": str(tmp_path / "cache")}
    # Killed once the run has reported its third file done (it waits there for the kill).
    proc = paused_translate.start([*args, str(out)], after=3, env=env, log=tmp_path / "killed.log")
    try:
        paused_translate.wait_paused(proc)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    written = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert 3 <= len([n for n in written if n.endswith(".txt")]) < len(files)
    for name in written:  # whatever exists is complete
        assert (out / name).read_bytes() == (reference / name).read_bytes()

    capsys.readouterr()
    # The rerun in this process: what it must find is on disk, not in any memory.
    assert main(["translate", *args, str(out)]) == 0
    summary = capsys.readouterr().err
    complete = len([n for n in written if n.endswith(".txt")])  # the .txt is written last
    assert f"{len(files) - complete} translated" in summary
    assert f"{complete} already done" in summary
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in reference.iterdir())
    for p in reference.iterdir():
        assert (out / p.name).read_bytes() == p.read_bytes(), p.name


def test_furniture_is_counted_in_the_summary_and_kept_on_request(
    argos_installed: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "a.txt"
    src.write_text("Hunden spiser et æble.\n\nLæs også: Katten sover\n\nKatten er stor.\n", "utf-8")
    out = tmp_path / "out"
    assert main(["translate", str(src), "--from", "da", "--out", str(out)]) == 0
    assert (
        "page furniture left out of 1 file (--keep-furniture keeps it)" in capsys.readouterr().err
    )
    assert (out / "a.en.txt").read_text("utf-8") == "Dog eats an apple.\n\nCat is big.\n"
    kept = tmp_path / "kept"
    assert (
        main(["translate", str(src), "--from", "da", "--out", str(kept), "--keep-furniture"]) == 0
    )
    assert "furniture" not in capsys.readouterr().err
    assert len((kept / "a.en.jsonl").read_text("utf-8").splitlines()) == 3


def test_a_translation_never_replaces_an_input(
    seeds_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The person's own English article carries the name report.txt's translation would.
    (tmp_path / "report.txt").write_text((seeds_dir / SEED_DA).read_text("utf-8"), "utf-8")
    english = (seeds_dir / "001_75880c97e1228f1f.txt").read_bytes()
    (tmp_path / "report.en.txt").write_bytes(english)
    for args in ([str(tmp_path)], [str(tmp_path / "report.txt"), str(tmp_path / "report.en.txt")]):
        assert main(["translate", *args, "--out", str(tmp_path)]) == 2
        err = capsys.readouterr().err
        assert f"report.txt's translation would replace the input {tmp_path}/report.en.txt" in err
        assert err.count("\n") == 1
        assert (tmp_path / "report.en.txt").read_bytes() == english


def test_a_temporary_file_is_swept_only_when_no_run_can_be_writing_it(tmp_path: Path) -> None:
    from aligner.translation.batch import PARTIAL_AGE, _sweep_partial

    old, new = tmp_path / ".a.en.txt.x1.part", tmp_path / ".b.en.txt.x2.part"
    old.write_text("killed", "utf-8")
    new.write_text("being written by another run", "utf-8")
    then = old.stat().st_mtime - PARTIAL_AGE - 1
    os.utime(old, (then, then))
    _sweep_partial([tmp_path])
    assert sorted(p.name for p in tmp_path.iterdir()) == [new.name]


def test_a_glob_run_again_resumes_and_a_changed_source_is_translated_again(
    argos_installed: dict[str, str],
    seeds_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    files = _corpus(seeds_dir, tmp_path / "in", 2)
    # `aligner translate in/*.txt --out in/`, as a shell expands it: the second time,
    # the list holds the first run's translations too.
    args = ["--from", "da", "--out", str(tmp_path / "in")]
    assert main(["translate", *map(str, files), *args]) == 0
    listed = sorted(str(p) for p in (tmp_path / "in").glob("*.txt"))
    assert len(listed) == 4
    capsys.readouterr()
    assert main(["translate", *listed, *args]) == 0
    assert "2 already done" in capsys.readouterr().err
    # A paragraph added at the end of a source: translated again.
    with files[1].open("a", encoding="utf-8") as f:
        f.write("\nEt nyt afsnit om brevene.\n")
    assert main(["translate", *listed, *args]) == 0
    err = capsys.readouterr().err
    assert "1 translated" in err and "1 already done" in err
    # `cp -p` of another article over the first: new text, an old date.
    first = (tmp_path / "in" / "article_00.en.txt").read_bytes()
    files[0].write_text("Hunden spiser et æble i haven.\n\nKatten sover.\n", "utf-8")
    os.utime(files[0], (1_000_000_000, 1_000_000_000))
    assert main(["translate", *listed, *args]) == 0
    err = capsys.readouterr().err
    assert "1 translated" in err and "1 already done" in err
    assert (tmp_path / "in" / "article_00.en.txt").read_bytes() != first
