"""Inputs read as what they are (issue 12, items 7-9, 12, 15): a path is a path, short
texts keep their language, a damaged cache is no dead end."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import aligner
from aligner.cache import Store
from aligner.errors import AlignerError, InputError

DA = "Det overraskede hele verden, da Trump ville mødes med Kim.\n"
EN = "It surprised the whole world when Trump said he would meet Kim.\n"


def run(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "aligner", *args], capture_output=True, text=True, cwd=cwd,
        env={**os.environ, "PYTHONWARNINGS": "ignore", **(env or {})}, timeout=600, check=False,
    )  # fmt: skip


def test_the_library_reads_a_str_as_a_path_and_text_as_a_document(tmp_path: Path) -> None:
    (tmp_path / "en.txt").write_text(EN, "utf-8")
    with pytest.raises(InputError, match=r"Det overraskede hele verden.*: no such file"):
        aligner.align(DA.strip(), str(tmp_path / "en.txt"), translate=False)
    with pytest.raises(InputError, match="is a folder"):
        aligner.align(str(tmp_path), str(tmp_path / "en.txt"), translate=False)
    result = aligner.align(
        aligner.document_from_text(DA, doc_id="da"), tmp_path / "en.txt", translate=False
    )
    assert [d.id for d in result.documents] == ["da", "en"]


def test_one_sentence_documents_keep_their_language_and_get_their_link(tmp_path: Path) -> None:
    (tmp_path / "da.txt").write_text(DA, "utf-8")
    (tmp_path / "en.txt").write_text(EN, "utf-8")
    p = run("align", "da.txt", "en.txt", "--no-translate", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert [d["lang"] for d in out["documents"]] == ["da", "en"]
    assert [(x["source"]["sentences"], x["target"]["sentences"]) for x in out["links"]] == [
        ([0], [0])
    ]
    assert 0.8 < out["links"][0]["score"] <= 1.0
    # An unrelated one-liner is no translation: no link.
    (tmp_path / "weather.txt").write_text("Tomorrow brings rain and strong winds in the west.\n")
    q = run("align", "da.txt", "weather.txt", "--no-translate", cwd=tmp_path)
    assert q.returncode == 0 and json.loads(q.stdout)["links"] == [], q.stderr


def test_parallel_mode_on_one_sentence_does_not_load_bertalign(tmp_path: Path) -> None:
    (tmp_path / "da.txt").write_text(DA, "utf-8")
    (tmp_path / "en.txt").write_text(EN, "utf-8")
    code = (
        "import sys, aligner\n"
        "r = aligner.align('da.txt', 'en.txt', mode='parallel', translate=False)\n"
        "print(len(r.links), 'bertalign' in sys.modules, 'torch' in sys.modules)\n"
    )
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       cwd=tmp_path, timeout=600, check=False)  # fmt: skip
    assert p.returncode == 0, p.stderr
    assert p.stdout.split() == ["1", "False", "False"]


def test_utf16_and_html_files_align_with_notes(tmp_path: Path) -> None:
    (tmp_path / "da.txt").write_bytes(DA.encode("utf-16"))  # Notepad's "Unicode"
    (tmp_path / "en.txt").write_text(f"<html><body><p>{EN.strip()}</p><p>More.</p></body></html>")
    p = run("align", "da.txt", "en.txt", "--no-translate", "--mode", "comparable", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert out["documents"][0]["sentences"][0]["text"] == DA.strip()
    assert [s["text"] for s in out["documents"][1]["sentences"]] == [EN.strip(), "More."]
    assert "en.txt: is an HTML page" in p.stderr


def test_furniture_is_counted_on_stderr_and_kept_on_request(tmp_path: Path) -> None:
    (tmp_path / "da.txt").write_text(DA + "\nDel på Facebook\n\nLæs også: Kim svarer\n", "utf-8")
    (tmp_path / "en.txt").write_text(EN, "utf-8")
    p = run("align", "da.txt", "en.txt", "--no-translate", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert "da.txt: left out 1 line of page furniture" in p.stderr
    assert len(json.loads(p.stdout)["documents"][0]["sentences"]) == 2
    q = run("align", "da.txt", "en.txt", "--no-translate", "--keep-furniture", cwd=tmp_path)
    assert "furniture" not in q.stderr
    assert len(json.loads(q.stdout)["documents"][0]["sentences"]) == 3


def test_a_damaged_cache_is_moved_aside_and_work_goes_on(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "cache.sqlite3").write_bytes(b"this is not a database, it was overwritten" * 100)
    (tmp_path / "da.txt").write_text(DA, "utf-8")
    (tmp_path / "en.txt").write_text(EN, "utf-8")
    p = run("align", "da.txt", "en.txt", "--no-translate", cwd=tmp_path,
            env={"ALIGNER_CACHE_DIR": str(cache)})  # fmt: skip
    assert p.returncode == 0, p.stderr
    assert "cache.sqlite3 was damaged" in p.stderr and "Traceback" not in p.stderr
    aside = [f.name for f in cache.iterdir() if ".damaged-" in f.name]
    assert len(aside) == 1
    with sqlite3.connect(cache / "cache.sqlite3") as conn:
        assert conn.execute("SELECT COUNT(*) FROM embeddings").fetchone()[0] == 2


def test_a_full_cache_is_one_line_that_says_what_to_do(tmp_path: Path) -> None:
    store = Store("embeddings", tmp_path / "cache.sqlite3")
    store.put_many([(b"k0", b"v")])
    # A disk that fills: SQLite's own cap on the file's pages gives the error a full disk gives.
    pages = store._conn().execute("PRAGMA page_count").fetchone()[0]
    store._conn().execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(AlignerError) as info:
        store.put_many([(f"k{i}".encode(), bytes(4096)) for i in range(1, 50)])
    message = str(info.value)
    assert "database or disk is full" in message and "ALIGNER_CACHE_DIR" in message
    assert "\n" not in message


def test_damaged_cache_entries_are_worked_out_again(tmp_path: Path, tmp_cache: Path) -> None:
    """Entries spoilt one by one (a disk error, a hand edit): each is computed again, and
    the alignment is the one an undamaged cache gives. (find's own reading of cached
    vectors: tests/unit/test_embed.py.)"""
    more_da = "I alt 25 breve er blevet offentliggjort i en ny bog af Bob Woodward.\n"
    more_en = "Woodward obtained 25 letters between the two leaders for his new book.\n"
    (tmp_path / "da.txt").write_text(DA + more_da, "utf-8")
    (tmp_path / "en.txt").write_text(EN + more_en, "utf-8")

    def result() -> str:
        return aligner.align(
            tmp_path / "da.txt", tmp_path / "en.txt", mode="comparable", translate=False
        ).to_json()

    first = result()
    with sqlite3.connect(tmp_cache / "cache.sqlite3") as conn:
        conn.execute("UPDATE embeddings SET v = substr(v, 1, 100)")
        conn.execute("UPDATE words SET v = x'41'")
        conn.execute("UPDATE languages SET v = x'7b'")
    assert result() == first
