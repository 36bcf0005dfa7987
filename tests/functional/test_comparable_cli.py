"""`aligner align` on the seeds, end to end: auto mode picks comparable, and the JSON
follows the contract of docs/contract.md."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aligner.cli import main


def test_align_seeds_json_contract(seeds_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = sorted(str(p) for p in seeds_dir.glob("0*.txt"))
    assert main(["align", *files, "--format", "json"]) == 0
    out, err = capsys.readouterr()
    data = json.loads(out)
    # Auto mode says what it chose, on stderr, in one line.
    assert any(line.startswith("aligner: mode: comparable") for line in err.splitlines())
    assert data["mode"] == "comparable"

    docs = data["documents"]
    assert len(docs) == 5
    assert docs[0]["lang"] == "da" and all(d["lang"] == "en" for d in docs[1:])
    raw = {d["id"]: Path(d["path"]).read_text("utf-8") for d in docs}
    sizes = {}
    for d in docs:
        assert {"id", "path", "lang", "sentences"} <= d.keys()
        for i, s in enumerate(d["sentences"]):
            assert {"id", "text", "start", "end", "translation"} <= s.keys()
            assert s["id"] == i
            assert raw[d["id"]][s["start"] : s["end"]] == s["text"]
            assert s["translation"] is None  # no model installed in the tests
        sizes[d["id"]] = len(d["sentences"])

    links = data["links"]
    assert links
    for link in links:
        assert link.keys() >= {"source", "target", "score"}
        assert link["source"]["doc"] == docs[0]["id"]
        assert link["target"]["doc"] in sizes and link["target"]["doc"] != docs[0]["id"]
        for side in (link["source"], link["target"]):
            assert side["sentences"] and all(0 <= i < sizes[side["doc"]] for i in side["sentences"])
        assert 0.0 <= link["score"] <= 1.0
    # Several English articles get links: one-to-many across articles.
    assert len({link["target"]["doc"] for link in links}) >= 3


@pytest.mark.parametrize(
    ("name", "start"),
    [("links.html", "<!DOCTYPE html>"), ("links.tsv", "source_doc\t"), ("links.out", "{")],
)
def test_the_output_file_s_extension_names_the_format(
    seeds_dir: Path, tmp_path: Path, name: str, start: str
) -> None:
    files = sorted(str(p) for p in seeds_dir.glob("0*.txt"))[:2]
    out = tmp_path / name
    assert main(["align", *files, "-o", str(out)]) == 0
    assert out.read_text("utf-8").startswith(start)


@pytest.mark.parametrize("out", ["-", "/dev/stdout"])
def test_o_dash_or_dev_stdout_prints(
    seeds_dir: Path, capsys: pytest.CaptureFixture[str], out: str
) -> None:
    files = sorted(str(p) for p in seeds_dir.glob("0*.txt"))[:2]
    assert main(["align", *files, "--format", "tsv", "-o", out]) == 0
    assert capsys.readouterr().out.startswith("source_doc\t")
