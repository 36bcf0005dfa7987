"""`aligner.find` on real articles: the seeds, and NTREX dev documents (translations)."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import numpy as np
import pytest

import aligner
from aligner.cli.pair_cmd import DEFAULT_MIN_SCORE
from aligner.coverage import Archive
from aligner.coverage.find import LIKELY_COVERAGE
from aligner.embed import cached

#: A few NTREX stories: enough distractors to rank against, few enough to encode quickly.
STORIES = range(8)
#: NTREX 006 is Trump's rally speech on his letters with Kim ("and then we fell in love"),
#: the seeds' story: for it the English seeds are coverage, not another story.
SEEDS_STORY = {6}


@pytest.fixture
def archive_dir(tmp_path: Path, ntrex_dir: Path, seeds_dir: Path) -> Path:
    """The English seeds among NTREX English documents, as a journalist's folder would hold them."""
    d = tmp_path / "archive"
    d.mkdir()
    for i in STORIES:
        shutil.copy(ntrex_dir / f"{i:03d}.en", d / f"ntrex-{i:03d}.txt")
    for s in sorted(seeds_dir.glob("00[1-4]_*.txt")):
        shutil.copy(s, d / s.name)
    return d


def test_the_danish_seed_ranks_the_four_english_seeds_first(
    archive_dir: Path, seeds_dir: Path
) -> None:
    source = next(seeds_dir.glob("000_*.txt"))
    ranking = aligner.find(source, archive_dir, top=6)
    names = [m.name for m in ranking]
    assert {n for n in names[:4]} == {p.name for p in seeds_dir.glob("00[1-4]_*.txt")}
    assert all(0.0 <= m.score <= 1.0 for m in ranking)
    assert ranking[3].score > ranking[4].score
    best = ranking[0]
    assert 2 <= len(best.pairs) <= 3
    text = (archive_dir / best.name).read_text("utf-8")
    for pair in best.pairs:
        # The shown facts are the articles' own sentences, not paraphrases or ids.
        assert pair.target_text and pair.target_text in text
        assert pair.source_text in source.read_text("utf-8")


def test_each_danish_document_finds_its_english_one_also_a_part(
    archive_dir: Path, ntrex_dir: Path
) -> None:
    rng = random.Random(7)
    part = archive_dir / "ntrex-003.txt"
    lines = [ln for ln in part.read_text("utf-8").splitlines() if ln.strip()]
    part.write_text("\n".join(rng.sample(lines, round(len(lines) * 0.4))) + "\n", "utf-8")
    archive = Archive.open([archive_dir], cached(None), lang="en")
    seeds = {p.name for p in archive_dir.glob("00[1-4]_*.txt")}
    for i in STORIES:
        ranking = aligner.find(ntrex_dir / f"{i:03d}.da", archive, top=6)
        names = [m.name for m in ranking]
        assert names[0] == f"ntrex-{i:03d}.txt", (i, names)
        if i in SEEDS_STORY:
            # The seeds report the same letters: they come next, as coverage in their own right.
            assert set(names[1:5]) == seeds, (i, names)
            assert ranking[4].score >= DEFAULT_MIN_SCORE > ranking[5].score
            others = ranking[5:]
        else:
            others = ranking[1:]
        assert ranking[0].score > 2 * others[0].score, (i, names)


def test_a_second_search_encodes_only_what_is_new(
    archive_dir: Path, ntrex_dir: Path, seeds_dir: Path
) -> None:
    source = next(seeds_dir.glob("000_*.txt"))
    aligner.find(source, archive_dir, top=2)
    again = cached(None)
    aligner.find(source, archive_dir, top=2, encoder=again)
    assert again.encoded == 0
    # A new article is read and ranked; the others come from the index untouched.
    shutil.copy(ntrex_dir / "008.en", archive_dir / "ntrex-008.txt")
    opened = Archive.open([archive_dir], cached(None))
    assert len(opened) == len(STORIES) + 5
    ranking = aligner.find(ntrex_dir / "008.da", opened, top=1)
    assert ranking[0].name == "ntrex-008.txt"


def test_an_index_whose_arrays_do_not_fit_is_built_again(
    tmp_path: Path, ntrex_dir: Path, tmp_cache: Path
) -> None:
    # Short articles: the test is of the index, not of the encoding a cold cache pays.
    source = tmp_path / "source.txt"
    source.write_text("\n".join(ntrex_dir.joinpath("041.da").read_text("utf-8").split("\n")[:4]))
    archive_dir = tmp_path / "small"
    archive_dir.mkdir()
    for n in ("041", "006", "010"):
        lines = (ntrex_dir / f"{n}.en").read_text("utf-8").split("\n")[:4]
        (archive_dir / f"{n}.txt").write_text("\n".join(lines), "utf-8")
    first = [(m.name, m.score) for m in aligner.find(source, archive_dir, top=3)]
    (saved,) = (tmp_cache / "coverage").glob("*.npz")
    for spoil in ("offsets", "keys"):
        with np.load(saved) as z:
            arrays = dict(z)
        if spoil == "offsets":
            arrays["offsets"] = arrays["offsets"] * 1000
        else:
            arrays["keys"] = arrays["keys"][:3]
        np.savez(saved, **arrays)
        assert [(m.name, m.score) for m in aligner.find(source, archive_dir, top=3)] == first


def test_files_it_cannot_use_are_named_and_the_rest_ranked(
    archive_dir: Path, ntrex_dir: Path
) -> None:
    (archive_dir / "scan.bin").write_bytes(bytes(range(256)) * 8)
    (archive_dir / "blank.txt").write_text("", "utf-8")
    shutil.copy(ntrex_dir / "005.da", archive_dir / "danish.txt")
    # Not articles by their names: never read, one line for them all.
    (archive_dir / "photo.jpg").write_bytes(bytes(range(256)) * 8)
    (archive_dir / "manifest.json").write_text('{"title": "the seeds"}', "utf-8")
    (archive_dir / "README.md").write_text("Articles on the story, collected in May.", "utf-8")
    problems: list[str] = []
    ranking = aligner.find(ntrex_dir / "002.da", archive_dir, top=20, problem=problems.append)
    assert ranking[0].name == "ntrex-002.txt"
    assert ranking.language == "en"
    assert not {"photo.jpg", "manifest.json", "README.md"} & {m.name for m in ranking}
    assert len(problems) == 4
    assert any(
        "left out 3 files that are not articles (README.md, manifest.json, photo.jpg)" in p
        for p in problems
    )
    assert any("scan.bin" in p and "binary" in p for p in problems)
    assert any("blank.txt" in p and "empty" in p for p in problems)
    assert any("danish.txt" in p and "'da'" in p for p in problems)
    assert ranking.problems == problems
    # An archive opened once and searched again (as `pair` does) still tells them.
    opened = Archive.open(archive_dir)
    assert aligner.find(ntrex_dir / "002.da", opened, top=3).problems == problems


def test_an_archive_of_one_story_ranks_it_above_the_bar(seeds_dir: Path) -> None:
    """The seeds' own folder: four English articles on one story, a README and a manifest.
    Nothing in it tells chance from coverage but the shipped background articles; without
    them the four scored 0.00-0.07, under the bar `pair` and `read --archive` open at."""
    problems: list[str] = []
    source = next(seeds_dir.glob("000_*.txt"))
    ranking = aligner.find(source, seeds_dir, top=10, problem=problems.append)
    english = {p.name for p in seeds_dir.glob("00[1-4]_*.txt")}
    assert {m.name for m in ranking} == english
    assert all(m.score >= DEFAULT_MIN_SCORE for m in ranking), [m.score for m in ranking]
    assert all(m.pairs for m in ranking)
    assert any("README.md, manifest.json" in p for p in problems)
    # The Danish source lies in the folder too: the query, not a file left out.
    assert not any(source.name in p for p in problems), problems
    # Chance came from the general news alone, and the reader of the ranking is told.
    assert ranking.general_news_only
    assert any("another story on the same subject would score high" in p for p in problems)


def test_among_other_stories_chance_is_the_archives_own(archive_dir: Path, seeds_dir: Path) -> None:
    problems: list[str] = []
    ranking = aligner.find(next(seeds_dir.glob("000_*.txt")), archive_dir, problem=problems.append)
    assert not ranking.general_news_only and problems == []


def test_a_folder_of_one_subject_is_said_to_be_measured_on_general_news(
    tmp_path: Path, ntrex_dir: Path, seeds_dir: Path
) -> None:
    """Three NTREX stories on North Korea (its UN speech twice, Trump's "we fell in love"):
    none is the seeds' story, but against general news alone they share its subject."""
    folder = tmp_path / "korea"
    folder.mkdir()
    for i in ("006", "041", "048"):
        shutil.copy(ntrex_dir / f"{i}.en", folder / f"{i}.txt")
    problems: list[str] = []
    ranking = aligner.find(next(seeds_dir.glob("000_*.txt")), folder, problem=problems.append)
    assert ranking.general_news_only
    assert any("another story on the same subject would score high" in p for p in problems)
    # Among other stories (the seeds' folder beside them), the seeds rank above all three.
    both = aligner.find(next(seeds_dir.glob("000_*.txt")), [folder, seeds_dir], top=7)
    names = [m.name for m in both]
    assert set(names[:4]) == {p.name for p in seeds_dir.glob("00[1-4]_*.txt")}, names


def test_a_folder_of_other_stories_scoring_low_is_not_warned_of(
    tmp_path: Path, ntrex_dir: Path
) -> None:
    """Kanye West's new name against five unrelated stories: all five are nearer it than
    the shipped general news, but none scores as coverage does; there is no high score
    to warn about."""
    folder = tmp_path / "other"
    folder.mkdir()
    for i in range(31, 36):
        shutil.copy(ntrex_dir / f"{i:03d}.en", folder / f"{i:03d}.txt")
    problems: list[str] = []
    ranking = aligner.find(ntrex_dir / "030.da", folder, problem=problems.append)
    assert ranking.general_news_only
    assert max(m.score for m in ranking) < LIKELY_COVERAGE
    assert problems == []


def test_another_language_pair_works_the_same_way(textberg_dir: Path, tmp_path: Path) -> None:
    """German against French (Text+Berg): nothing in the search is Danish or English."""
    archive = tmp_path / "french"
    archive.mkdir()
    for name in ("test0", "test2", "test5"):
        shutil.copy(textberg_dir / f"{name}.fr", archive / f"{name}.txt")
    ranking = aligner.find(
        textberg_dir / "test5.de", archive, top=3, lang="fr", source_lang="de", one_per_line=True
    )
    assert ranking.language == "fr"
    assert ranking[0].name == "test5.txt"
    assert ranking[0].score > ranking[1].score
    assert ranking[0].shared_sentences > len(ranking.source.sentences) // 2
