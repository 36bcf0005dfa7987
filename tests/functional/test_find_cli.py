"""`aligner find` and `aligner pair` through the real command line: bad archives, exit codes."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from test_cli_input import run

from aligner.pairs import read_pairs


@pytest.fixture
def archive(tmp_path: Path, ntrex_dir: Path) -> Path:
    d = tmp_path / "archive"
    d.mkdir()
    for i in range(5):
        shutil.copy(ntrex_dir / f"{i:03d}.en", d / f"{i:03d}.txt")
    return d


def test_an_empty_archive_is_bad_input(tmp_path: Path, ntrex_dir: Path) -> None:
    (tmp_path / "empty").mkdir()
    p = run("find", str(ntrex_dir / "001.da"), str(tmp_path / "empty"))
    assert p.returncode == 2
    assert p.stderr.strip().splitlines() == ["aligner: the archive is empty: no files to search"]
    assert "Traceback" not in p.stderr


def test_an_archive_of_nothing_readable_is_bad_input(tmp_path: Path, ntrex_dir: Path) -> None:
    d = tmp_path / "junk"
    d.mkdir()
    (d / "a.bin").write_bytes(b"%PDF-1.4\x00\x01\x02" * 100)
    (d / "b.txt").write_text("   \n", "utf-8")
    p = run("find", str(ntrex_dir / "001.da"), str(d))
    assert p.returncode == 2
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 3, lines  # one per file, then why nothing was ranked
    assert "a.bin" in lines[0] and "binary" in lines[0]
    assert "b.txt" in lines[1] and "empty" in lines[1]
    assert "no readable article" in lines[2]


def test_bad_files_among_good_ones_are_named_and_the_rest_ranked(
    archive: Path, ntrex_dir: Path
) -> None:
    (archive / "photo.jpg").write_bytes(bytes(range(256)) * 8)
    (archive / "empty.txt").write_bytes(b"")
    shutil.copy(ntrex_dir / "007.da", archive / "danish.txt")
    (archive / "gone.txt").symlink_to(archive / "nowhere.txt")
    p = run("find", str(ntrex_dir / "003.da"), str(archive), "--format", "json", "--top", "3")
    assert p.returncode == 0, p.stderr
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 4, lines
    for name in ("photo.jpg", "empty.txt", "danish.txt", "gone.txt"):
        assert sum(name in line for line in lines) == 1, (name, lines)
    out = json.loads(p.stdout)
    assert out["archive"] == {"lang": "en", "searched": 5}
    assert Path(out["matches"][0]["path"]).name == "003.txt"
    assert 0 <= out["matches"][-1]["score"] <= out["matches"][0]["score"] <= 1
    assert out["matches"][0]["pairs"][0]["target_text"]


def test_the_source_inside_the_archive_is_not_named_as_left_out(
    archive: Path, ntrex_dir: Path
) -> None:
    """A journalist's folder holds the Danish article beside its coverage: it is the query,
    so no line calls it left out (as if lost); another Danish file there still gets one."""
    shutil.copy(ntrex_dir / "003.da", archive / "source.txt")
    shutil.copy(ntrex_dir / "007.da", archive / "other.txt")
    p = run("find", str(archive / "source.txt"), str(archive), "--format", "tsv")
    assert p.returncode == 0, p.stderr
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1 and "other.txt" in lines[0] and "'da'" in lines[0], lines
    assert p.stdout.splitlines()[1].split("\t")[5].endswith("003.txt"), p.stdout


def test_the_sources_do_not_vote_on_the_archive_s_language(tmp_path: Path, ntrex_dir: Path) -> None:
    """Two Danish articles beside one English one: searched from one Danish article, the
    archive is the English coverage, not the other Danish article."""
    folder = tmp_path / "story"
    folder.mkdir()
    shutil.copy(ntrex_dir / "003.da", folder / "src1.txt")
    shutil.copy(ntrex_dir / "007.da", folder / "src2.txt")
    shutil.copy(ntrex_dir / "003.en", folder / "cov.txt")
    p = run("find", str(folder / "src1.txt"), str(folder), "--format", "json")
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert out["archive"]["lang"] == "en"
    assert [Path(m["path"]).name for m in out["matches"]] == ["cov.txt"]
    assert "src2.txt" in p.stderr and "src1.txt" not in p.stderr, p.stderr


def test_usage_errors_exit_2_with_one_line(archive: Path, ntrex_dir: Path) -> None:
    for args in (
        ("find", str(archive / "missing.txt"), str(archive)),
        ("find", str(ntrex_dir / "001.da"), str(archive), "--top", "0"),
        ("find", str(ntrex_dir / "001.da"), str(archive / "nowhere")),
        (
            "pair",
            str(ntrex_dir / "001.da"),
            str(archive),
            "--out",
            str(archive / "p.tsv"),
            "--min-score",
            "2",
        ),
    ):
        p = run(*args)
        assert p.returncode == 2, (args, p.stderr)
        assert "Traceback" not in p.stderr
        assert p.stderr.strip().splitlines()[-1].startswith("aligner: ")


def test_tsv_lists_the_ranking(archive: Path, ntrex_dir: Path) -> None:
    p = run("find", str(ntrex_dir / "004.da"), str(archive), "--format", "tsv", "--top", "2")
    assert p.returncode == 0, p.stderr
    header, first, second = p.stdout.strip().split("\n")
    assert header.split("\t")[:3] == ["rank", "score", "source_coverage"]
    assert first.split("\t")[5].endswith("004.txt")
    assert float(first.split("\t")[1]) > float(second.split("\t")[1])


def test_pair_writes_the_groups_align_batch_reads(
    tmp_path: Path, archive: Path, ntrex_dir: Path
) -> None:
    sources = tmp_path / "danish"
    sources.mkdir()
    for i in (1, 2):
        shutil.copy(ntrex_dir / f"{i:03d}.da", sources / f"story{i}.txt")
    shutil.copy(ntrex_dir / "040.da", sources / "elsewhere.txt")  # its story is not in the archive
    out = tmp_path / "lists" / "pairs.tsv"
    p = run("pair", str(sources), str(archive), "--out", str(out))
    assert p.returncode == 0, p.stderr
    assert "elsewhere.txt" in p.stderr and "not listed" in p.stderr
    groups = read_pairs(out)
    assert [(g.id, g.source.name, [t.name for t in g.targets]) for g in groups] == [
        ("story1", "story1.txt", ["001.txt"]),
        ("story2", "story2.txt", ["002.txt"]),
    ]
    assert all(g.source.is_file() and all(t.is_file() for t in g.targets) for g in groups)


def test_a_tab_in_a_file_name_is_quoted_by_find_and_refused_by_pair(
    tmp_path: Path, archive: Path, ntrex_dir: Path
) -> None:
    (archive / "004.txt").rename(archive / "story\t004.txt")
    p = run("find", str(ntrex_dir / "004.da"), str(archive), "--format", "tsv", "--top", "2")
    assert p.returncode == 0, p.stderr
    rows = list(csv.reader(io.StringIO(p.stdout), delimiter="\t"))
    assert [len(r) for r in rows] == [7, 7, 7]
    assert rows[1][5] == str(archive / "story\t004.txt")

    # pairs.tsv is tab-separated: such a name would be read as two paths.
    sources = tmp_path / "danish"
    sources.mkdir()
    shutil.copy(ntrex_dir / "004.da", sources / "four.txt")
    shutil.copy(ntrex_dir / "001.da", sources / "one\tname.txt")
    out = tmp_path / "pairs.tsv"
    p = run("pair", str(sources), str(archive), "--out", str(out))
    assert p.returncode == 1, p.stderr  # four's only match and one's source: neither listed
    assert repr(str(sources / "one\tname.txt")) + ": a tab or line break in the name" in p.stderr
    assert "story\\t004.txt': a tab or line break in the name" in p.stderr
    assert not out.exists()
    (sources / "one\tname.txt").rename(sources / "one.txt")
    p = run("pair", str(sources), str(archive), "--out", str(out))
    assert p.returncode == 0, p.stderr
    assert [(g.id, [t.name for t in g.targets]) for g in read_pairs(out)] == [("one", ["001.txt"])]


def test_pair_with_no_readable_source_is_bad_input(tmp_path: Path, archive: Path) -> None:
    sources = tmp_path / "danish"
    sources.mkdir()
    (sources / "scan.txt").write_bytes(bytes(range(256)) * 4)
    (sources / "numbers.txt").write_text("12 34 56\n", "utf-8")
    p = run("pair", str(sources), str(archive), "--out", str(tmp_path / "pairs.tsv"))
    assert p.returncode == 2, p.stderr
    last = p.stderr.strip().splitlines()[-1]
    assert last == f"aligner: {sources}: no source could be read or ranked (see the lines above)"
    assert "numbers.txt: has no words to identify a language from; pass --from/--to" in p.stderr
