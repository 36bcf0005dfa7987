"""Which files a batch run reads and where their outputs go."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from aligner.errors import InputError
from aligner.translation.batch import Job, plan_jobs


def _touch(p: Path, text: str = "Hej.") -> Path:
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, encoding="utf-8")
    return p


def test_folders_keep_their_layout_and_skip_hidden_and_outputs(tmp_path: Path) -> None:
    src = tmp_path / "news"
    _touch(src / "a.txt")
    _touch(src / "sub" / "b.md")
    _touch(src / ".hidden" / "c.txt")
    _touch(src / "image.png")
    out = src / "english"
    _touch(out / "a.en.txt")  # an earlier run's output inside the input folder
    _touch(out / "a.en.jsonl", "{}")
    jobs = plan_jobs([str(src)], out, "en")
    assert [(j.source.relative_to(src).as_posix(), j.text_out.relative_to(out).as_posix(),
             j.jsonl_out.relative_to(out).as_posix()) for j in jobs] == [
        ("a.txt", "a.en.txt", "a.en.jsonl"),
        ("sub/b.md", "sub/b.en.txt", "sub/b.en.jsonl"),
    ]  # fmt: skip


def test_out_inside_the_input_folder_skips_only_earlier_outputs(tmp_path: Path) -> None:
    src = tmp_path / "news"
    _touch(src / "a" / "x.txt")
    for code in ("en", "de"):  # an earlier run's outputs, with --out news/a
        _touch(src / "a" / f"x.{code}.txt")
        _touch(src / "a" / f"x.{code}.jsonl", "{}")
    _touch(src / "a" / "z.da.txt")  # an article named for its language: no output beside it
    _touch(src / "b" / "y.txt")
    for out in (src, src / "a"):
        jobs = plan_jobs([str(src)], out, "en")
        assert [j.source.relative_to(src).as_posix() for j in jobs] == [
            "a/x.txt",
            "a/z.da.txt",
            "b/y.txt",
        ]


def test_files_and_globs(tmp_path: Path) -> None:
    a = _touch(tmp_path / "x" / "one.txt")
    b = _touch(tmp_path / "y" / "two.txt")
    jobs = plan_jobs([str(a), str(tmp_path / "y" / "*.txt")], tmp_path / "out", "de")
    assert [j.source for j in jobs] == [a, b]
    assert jobs[1].text_out == tmp_path / "out" / "two.de.txt"
    with pytest.raises(InputError, match="matches no file"):
        plan_jobs([str(tmp_path / "*.nothing")], tmp_path / "out", "en")


def test_two_inputs_with_one_output_name_are_refused(tmp_path: Path) -> None:
    a = _touch(tmp_path / "x" / "same.txt")
    b = _touch(tmp_path / "y" / "same.txt")
    with pytest.raises(InputError, match="would both write"):
        plan_jobs([str(a), str(b)], tmp_path / "out", "en")
    assert len(plan_jobs([str(a), str(a)], tmp_path / "out", "en")) == 1


def test_a_job_is_done_when_its_outputs_are_newer_and_hold_its_source(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text("Hej med dig. Vi ses.\n", "utf-8")
    job = Job(src, tmp_path / "a.en.txt", tmp_path / "a.en.jsonl")
    assert not job.is_done()
    rows = [
        {"id": 0, "paragraph": 0, "start": 0, "end": 12, "source": "Hej med dig."},
        {"id": 1, "paragraph": 0, "start": 13, "end": 20, "source": "Vi ses."},
    ]
    job.jsonl_out.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    assert not job.is_done()  # the text is written last: without it, not done
    _touch(job.text_out)
    assert job.is_done()
    # Newer than its translation (edited, or killed between the two writes): not done.
    os.utime(src, ns=(job.text_out.stat().st_mtime_ns + 10**9,) * 2)
    assert not job.is_done()
    os.utime(src, ns=(job.text_out.stat().st_mtime_ns - 10**9,) * 2)
    assert job.is_done()
    src.write_text("Hej med jer. Vi ses.\n", "utf-8")  # edited after its translation
    os.utime(src, ns=(job.text_out.stat().st_mtime_ns - 10**9,) * 2)  # and dated before it
    assert not job.is_done()
    job.jsonl_out.write_text("not json\n", "utf-8")
    assert not job.is_done()
