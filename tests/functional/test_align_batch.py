"""`aligner align-batch` in one process: the list format, outputs, resuming, bad groups."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from aligner.align_batch import RECORDS
from aligner.cli import main
from aligner.errors import InputError
from aligner.pairs import parse_pairs, read_pairs

PY = sys.executable


def _gold_beads(path: Path) -> list[tuple[list[int], list[int]]]:
    beads = []
    for line in path.read_text(encoding="utf-8").splitlines():
        src, tgt = line.split(":")
        beads.append((json.loads(src), json.loads(tgt)))
    return beads


def make_corpus(textberg_dir: Path, root: Path, *, groups: int, beads_per_group: int) -> Path:
    """Cut a Text+Berg document at gold bead boundaries into small parallel pairs.

    Cutting between beads keeps each pair a real translation of each other. Returns
    the list file, with relative paths, as users would write it.
    """
    de = (textberg_dir / "test4.de").read_text(encoding="utf-8").splitlines()
    fr = (textberg_dir / "test4.fr").read_text(encoding="utf-8").splitlines()
    beads = _gold_beads(textberg_dir / "test4.defr")
    (root / "articles").mkdir(parents=True, exist_ok=True)
    lines = ["# id\tsource\ttarget"]
    for g in range(groups):
        chunk = beads[g * beads_per_group : (g + 1) * beads_per_group]
        src_ids = sorted(i for s, _ in chunk for i in s)
        tgt_ids = sorted(i for _, t in chunk for i in t)
        src = root / "articles" / f"g{g}.de"
        tgt = root / "articles" / f"g{g}.fr"
        src.write_text("\n".join(de[i] for i in src_ids) + "\n", encoding="utf-8")
        tgt.write_text("\n".join(fr[i] for i in tgt_ids) + "\n", encoding="utf-8")
        lines.append(f"g{g}\tarticles/{src.name}\tarticles/{tgt.name}")
    pairs = root / "pairs.tsv"
    pairs.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return pairs


def _undated(text: str) -> str:
    return re.sub(r'creationdate="\d{8}T\d{6}Z"', 'creationdate="-"', text)


def _written(out: Path) -> list[str]:
    """The outputs (and any temporary file left), without the records of what they
    were made from."""
    return sorted(p.name for p in out.iterdir() if p.name != RECORDS)


ARGS = ["--mode", "parallel", "--one-per-line", "--from", "de", "--to", "fr", "--no-translate"]


@pytest.fixture(scope="module")
def corpus(textberg_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_corpus(textberg_dir, tmp_path_factory.mktemp("corpus"), groups=3, beads_per_group=6)


def test_list_format_resolves_paths_relative_to_the_list(tmp_path: Path) -> None:
    # The trailing tabs: a spreadsheet pads its rows so.
    text = "# comment\n\nstory-1\tda/a.txt\ten/b.txt\t/abs/c.txt\t\t\n"
    (group,) = parse_pairs(text, base=tmp_path)
    assert group.id == "story-1"
    assert group.source == tmp_path / "da" / "a.txt"
    assert group.targets == (tmp_path / "en" / "b.txt", Path("/abs/c.txt"))
    assert group.line == 3


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("g1\tonly-a-source.txt\n", "pairs.tsv:1: expected ID, SOURCE and at least one TARGET"),
        ("g1 a.txt b.txt\n", "pairs.tsv:1: expected ID, SOURCE and at least one TARGET"),
        ("g1\ta.txt\t\tb.txt\n", "pairs.tsv:1: field 3 is empty (two tabs in a row)"),
        ("\tg1\ta.txt\tb.txt\n", "pairs.tsv:1: field 1 is empty (the line starts with a tab)"),
        ("../x\ta.txt\tb.txt\n", "pairs.tsv:1: group id '../x' must be"),
        (
            "g\ta.txt\tb.txt\n# c\ng\tc.txt\td.txt\n",
            "pairs.tsv:3: group id 'g' already used on line 1",
        ),
        ("# nothing\n", "lists no group"),
    ],
)
def test_a_malformed_list_is_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text(text, encoding="utf-8")
    assert main(["align-batch", str(pairs), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1
    assert not (tmp_path / "out").exists()


def test_batch_writes_what_align_prints_and_resumes(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["align-batch", str(corpus), "--out", str(out), *ARGS]) == 0
    assert _written(out) == ["g0.json", "g1.json", "g2.json"]
    capsys.readouterr()

    # Each output is byte for byte what `aligner align` prints for the same group.
    articles = corpus.parent / "articles"
    single = subprocess.run(
        [PY, "-m", "aligner", "align", str(articles / "g1.de"), str(articles / "g1.fr"), *ARGS],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert (out / "g1.json").read_text(encoding="utf-8") == single
    data = json.loads(single)
    assert data["links"], "a parallel pair must give links"

    # Resume: a complete output is kept as is; a truncated one is redone.
    kept = (out / "g0.json").stat().st_mtime_ns
    (out / "g2.json").write_text(single[: len(single) // 2], encoding="utf-8")
    assert main(["align-batch", str(corpus), "--out", str(out), *ARGS]) == 0
    err = capsys.readouterr().err
    assert "2 of 3 groups already aligned" in err
    assert "1 aligned, 2 skipped" in err
    assert (out / "g0.json").stat().st_mtime_ns == kept
    assert json.loads((out / "g2.json").read_text(encoding="utf-8"))["links"]


def test_an_output_of_other_articles_or_options_is_made_again(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = corpus.parent / "articles"
    pairs = tmp_path / "pairs.tsv"
    out = tmp_path / "out"
    # A copy of the articles: the corpus is shared by the module's tests.
    for name in ("g0.de", "g0.fr", "g1.fr"):
        (tmp_path / name).write_bytes((a / name).read_bytes())

    def batch(lines: str, *extra: str) -> str:
        pairs.write_text(lines, "utf-8")
        assert main(["align-batch", str(pairs), "--out", str(out), *ARGS, *extra]) == 0
        return capsys.readouterr().err

    both = "g\tg0.de\tg0.fr\tg1.fr\n"
    batch(both)
    two = json.loads((out / "g.json").read_text("utf-8"))
    assert len(two["documents"]) == 3
    assert "1 skipped" in batch(both)

    # `pair` written again with a higher --min-score: one target fewer.
    err = batch("g\tg0.de\tg0.fr\n")
    assert "made from other articles or options, aligned again: g" in err
    assert "1 aligned, 0 skipped" in err
    assert len(json.loads((out / "g.json").read_text("utf-8"))["documents"]) == 2
    assert "1 skipped" in batch("g\tg0.de\tg0.fr\n")

    # An article edited since, and other options.
    with (tmp_path / "g0.fr").open("a", encoding="utf-8") as f:
        f.write("Une phrase de plus.\n")
    assert "1 aligned, 0 skipped" in batch("g\tg0.de\tg0.fr\n")
    assert "1 aligned, 0 skipped" in batch("g\tg0.de\tg0.fr\n", "--threshold", "0.6")
    assert "1 skipped" in batch("g\tg0.de\tg0.fr\n", "--threshold", "0.6")

    # An output no run recorded (an older aligner's, or put there by hand) is not trusted.
    (out / RECORDS / "g.json").unlink()
    err = batch("g\tg0.de\tg0.fr\n", "--threshold", "0.6")
    assert "no record of what 1 output(s) were made from" in err and "aligned again: g" in err
    assert _written(out) == ["g.json"]


def test_an_output_never_replaces_an_article_and_one_unwritable_fails_alone(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = corpus.parent / "articles"
    # A list `pair` wrote for sources named by their stems, written out into their folder.
    (tmp_path / "story.html").write_bytes((a / "g0.de").read_bytes())
    (tmp_path / "other.html").write_bytes((a / "g0.fr").read_bytes())
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text("story\tstory.html\tother.html\n", "utf-8")
    before = (tmp_path / "story.html").read_bytes()
    for _ in range(2):
        code = main(["align-batch", str(pairs), "--out", str(tmp_path), "--format", "html", *ARGS])
        assert code == 1
        err = capsys.readouterr().err
        assert "would replace one of the articles; give --out another folder" in err
        assert (tmp_path / "story.html").read_bytes() == before

    # An output that cannot be written fails its group alone, in one line.
    out = tmp_path / "out"
    (out / "g0.json").mkdir(parents=True)
    assert main(["align-batch", str(corpus), "--out", str(out), *ARGS]) == 1
    err = capsys.readouterr().err
    assert f"g0: cannot write {out / 'g0.json'}: " in err and "internal error" not in err
    assert "2 aligned, 0 skipped (already done), 1 failed" in err
    assert _written(out) == ["g0.json", "g1.json", "g2.json"] and (out / "g0.json").is_dir()


def test_a_bad_group_is_reported_and_the_rest_goes_on(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = corpus.parent
    (root / "articles" / "empty.de").write_text("", encoding="utf-8")
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text(
        f"missing\t{root}/articles/nope.de\t{root}/articles/g0.fr\n"
        f"empty\t{root}/articles/empty.de\t{root}/articles/g0.fr\n"
        f"good\t{root}/articles/g0.de\t{root}/articles/g0.fr\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert main(["align-batch", str(pairs), "--out", str(out), *ARGS]) == 1
    err = capsys.readouterr().err
    assert "missing: " in err and "nope.de: no such file" in err
    assert "empty: " in err and "is empty" in err
    assert "1 aligned, 0 skipped (already done), 2 failed" in err
    assert _written(out) == ["good.json"]


def test_a_plain_run_never_imports_dask(corpus: Path, tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from aligner.cli import main\n"
        f"rc = main(['align-batch', {str(corpus)!r}, '--out', {str(tmp_path / 'out')!r}, "
        f"*{ARGS!r}])\n"
        "assert rc == 0, rc\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed'))\n"
        "print(','.join(loaded))\n"
    )
    done = subprocess.run([PY, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""
    assert _written(tmp_path / "out") == ["g0.json", "g1.json", "g2.json"]


@pytest.mark.parametrize("fmt", ["beads", "tsv", "tmx", "html"])
def test_every_format_is_written_as_align_prints_it(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    out = tmp_path / "out"
    assert main(["align-batch", str(corpus), "--out", str(out), "--format", fmt, *ARGS]) == 0
    assert _written(out) == [f"g{i}.{fmt}" for i in range(3)]
    capsys.readouterr()
    articles = corpus.parent / "articles"
    assert (
        main(["align", str(articles / "g1.de"), str(articles / "g1.fr"), "--format", fmt, *ARGS])
        == 0
    )
    single = capsys.readouterr().out
    # A TMX header says when it was made, to the second: the two runs may straddle one.
    assert _undated((out / f"g1.{fmt}").read_text(encoding="utf-8")) == _undated(single)
    # A rerun finds them all done.
    assert main(["align-batch", str(corpus), "--out", str(out), "--format", fmt, *ARGS]) == 0
    assert "3 of 3 groups already aligned" in capsys.readouterr().err


def test_beads_refuse_a_group_of_several_targets_and_go_on(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = corpus.parent / "articles"
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text(f"two\t{a}/g0.de\t{a}/g0.fr\t{a}/g1.fr\none\t{a}/g0.de\t{a}/g0.fr\n")
    out = tmp_path / "out"
    assert main(["align-batch", str(pairs), "--out", str(out), "--format", "beads", *ARGS]) == 1
    err = capsys.readouterr().err
    assert "two: --format beads takes exactly one target; this group has 2" in err
    assert _written(out) == ["one.beads"]


def test_beads_of_crossing_links_fail_their_group_and_the_rest_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "da.txt").write_text(
        "Brevene bliver nu offentliggjort i en bog af journalisten Bob Woodward. "
        "I alt 25 breve, som de to statsledere har skrevet til hinanden.\n",
        "utf-8",
    )
    woodward = "The letters are published in a new book by the journalist Bob Woodward."
    letters = "Woodward says he obtained access to 25 Trump-Kim letters."
    (tmp_path / "straight.txt").write_text(f"{woodward} {letters}\n", "utf-8")
    (tmp_path / "crossed.txt").write_text(f"{letters} {woodward}\n", "utf-8")
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text("crossed\tda.txt\tcrossed.txt\nstraight\tda.txt\tstraight.txt\n", "utf-8")
    out = tmp_path / "out"
    args = ["--mode", "comparable", "--no-translate", "--format", "beads"]
    assert main(["align-batch", str(pairs), "--out", str(out), *args]) == 1
    err = capsys.readouterr().err
    assert "crossed: links cross or overlap" in err and "--mode parallel for beads" in err
    assert "1 aligned, 0 skipped (already done), 1 failed" in err
    assert (out / "straight.beads").read_text("utf-8") == "[0]:[0]\n[1]:[1]\n"
    assert _written(out) == ["straight.beads"]


def test_keep_furniture_is_passed_on_as_align_takes_it(
    seeds_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    da, voa = sorted(seeds_dir.glob("00[01]_*.txt"))
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text(f"voa\t{da}\t{voa}\n", "utf-8")
    args = ["--mode", "comparable", "--no-translate", "--format", "tsv", "--keep-furniture"]
    assert main(["align-batch", str(pairs), "--out", str(tmp_path / "kept"), *args]) == 0
    assert main(["align-batch", str(pairs), "--out", str(tmp_path / "left"), *args[:-1]]) == 0
    capsys.readouterr()
    assert main(["align", str(da), str(voa), *args]) == 0
    kept = (tmp_path / "kept" / "voa.tsv").read_text("utf-8")
    assert kept == capsys.readouterr().out
    # The seeds have furniture (a photo credit, share buttons): keeping it changes the ids.
    assert kept != (tmp_path / "left" / "voa.tsv").read_text("utf-8")


def test_a_list_that_is_not_a_regular_file_is_read_as_one() -> None:
    # /dev/null, a pipe, a process substitution: read as they are, not "no such file".
    with pytest.raises(InputError, match="/dev/null: is empty"):
        read_pairs("/dev/null")


def test_a_list_from_a_pipe_reads_its_paths_from_the_current_folder(corpus: Path) -> None:
    root = corpus.parent
    text = corpus.read_text("utf-8")
    done = subprocess.run(
        [PY, "-m", "aligner", "align-batch", "-", "--out", "piped", *ARGS],
        input=text, capture_output=True, text=True, cwd=root, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert _written(root / "piped") == ["g0.json", "g1.json", "g2.json"]
