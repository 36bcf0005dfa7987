"""The parts of `find` that are plain arithmetic or file listing, on small cases."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from aligner.coverage.background import background_articles
from aligner.coverage.files import is_article_name, list_archive
from aligner.coverage.rank import Centred, Params, skipped


def test_folder_walks_leave_out_what_is_not_an_article(tmp_path: Path) -> None:
    for rel in ("a/001.txt", "a/README.md", "b/002.en", "b/data.json", "b/photo.JPG", "LICENSE"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("text", "utf-8")
    said: list[str] = []
    found = [
        Path(f.path).relative_to(tmp_path).as_posix() for f in list_archive([tmp_path], said.append)
    ]
    assert found == ["a/001.txt", "b/002.en"]
    assert said == [
        f"{tmp_path}: left out 4 files that are not articles "
        "(LICENSE, a/README.md, b/data.json, ...); name a file to search it"
    ]
    # Named on the command line, any file is searched.
    named = list_archive([tmp_path / "b" / "data.json"], said.append)
    assert [Path(f.path).name for f in named] == ["data.json"]


def test_links_that_loop_or_repeat_list_each_file_once(tmp_path: Path) -> None:
    arch = tmp_path / "arch"
    arch.mkdir()
    (arch / "en.txt").write_text("text", "utf-8")
    (arch / "sub").mkdir()
    (arch / "sub" / "de.txt").write_text("text", "utf-8")
    (arch / "loop").symlink_to(arch)  # the walk would go round forever
    (arch / "zz-again").symlink_to(arch / "sub")
    (arch / "zz-same.txt").symlink_to(arch / "en.txt")
    said: list[str] = []
    found = list_archive([arch, arch / "sub", arch / "en.txt"], said.append)
    assert [Path(f.path).relative_to(arch).as_posix() for f in found] == ["en.txt", "sub/de.txt"]
    assert said == []


def test_article_names() -> None:
    assert is_article_name("000.da") and is_article_name("story.html")
    assert is_article_name("readme-notes-on-kim.txt")  # only the name itself is a README
    assert not is_article_name("README") and not is_article_name("Readme.txt")
    assert not is_article_name("out.tsv") and not is_article_name("archive.tar.gz")


def test_the_best_candidates_kept_out_of_the_pools() -> None:
    p = Params()
    assert skipped(300, p) == 10  # a big archive: the ten best
    assert skipped(12, p) == 4  # a dozen: a third, so other stories remain
    assert skipped(4, p, above_background=4) == 4  # one story: all of it
    assert skipped(40, p, above_background=35) == 10  # never more than ten


def test_centring_takes_the_background_into_its_mean() -> None:
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(6, 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    extra = vectors[4:]
    rows = np.arange(4)
    centred = Centred.of(vectors, rows, extra)
    assert np.allclose(centred.mean, vectors.mean(axis=0), atol=1e-6)
    query = vectors[0]
    # The background's cosines, computed apart, are those of the same vectors in the index.
    whole = Centred.of(vectors, np.arange(6))
    assert np.allclose(
        whole.cosines(vectors, query, np.arange(4, 6)), centred.cosines_of(extra, query), atol=1e-5
    )


def test_the_shipped_background_is_the_same_news_in_both_languages() -> None:
    en, da = background_articles("en"), background_articles("da")
    assert len(en) == len(da) >= 12
    assert [len(a) for a in en] == [len(a) for a in da]
    assert background_articles("de") == () and background_articles("../en") == ()
