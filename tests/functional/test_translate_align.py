"""`aligner align` uses the installed model: translations in the JSON, --via choices."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from aligner.cli import main

# Embeddings of the seeds are shared across test runs (conftest); keep using them here.
SHARED_CACHE = os.environ["ALIGNER_CACHE_DIR"]
DA, EN = "000_dbc28797aa42c4f9.txt", "001_75880c97e1228f1f.txt"


def _align(
    folder: Path,
    capsys: pytest.CaptureFixture[str],
    *extra: str,
    names: tuple[str, str] = (DA, EN),
) -> tuple[dict[str, Any], str]:
    code = main(
        ["align", str(folder / names[0]), str(folder / names[1]), "--format", "json", *extra]
    )
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out), err


def test_align_fills_translations_and_aligns_both_ways(
    argos_installed: dict[str, str],
    seeds_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("ALIGNER_CACHE_DIR", SHARED_CACHE)
    result, err = _align(seeds_dir, capsys)
    assert result["info"]["via"] == "both"
    src = result["documents"][0]["sentences"]
    assert src and all(s["translation"] is not None for s in src)
    # The test model's word swap shows in the translations it produced.
    assert any(" in " in s["translation"] for s in src if " i " in s["text"])
    assert all(s["translation"] is None for s in result["documents"][1]["sentences"])
    assert "translations are absent" not in err
    for via in ("translation", "direct"):
        again, _ = _align(seeds_dir, capsys, "--via", via)
        assert again["info"]["via"] == via
        assert again["links"]


def test_align_without_a_model_says_so_once(
    argos_empty: dict[str, str],
    seeds_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("ALIGNER_CACHE_DIR", SHARED_CACHE)
    result, err = _align(seeds_dir, capsys)
    assert result["info"]["via"] == "direct"
    assert all(s["translation"] is None for s in result["documents"][0]["sentences"])
    assert err.count("translations are absent") == 1
    assert "aligner models install da en" in err
    assert main(["align", str(seeds_dir / DA), str(seeds_dir / EN), "--via", "translation"]) == 2


def test_align_leaves_the_callers_documents_as_they_were(
    argos_installed: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from aligner import document_from_text
    from aligner.api import align

    monkeypatch.setenv("ALIGNER_CACHE_DIR", SHARED_CACHE)
    da = document_from_text("Hunden spiser et æble.\n\nKatten er stor.\n", lang="da", doc_id="x")
    en = document_from_text("The dog eats an apple.\n\nThe cat is big.\n", lang="en", doc_id="x")
    before = [d.to_dict(with_text=True) for d in (da, en)]
    result = align(da, en, mode="comparable")
    assert [d.id for d in result.documents] == ["x", "x-2"]
    assert result.source.sentences[0].translation == "Dog eats an apple."
    assert [d.to_dict(with_text=True) for d in (da, en)] == before


def test_via_in_parallel_mode_is_said_to_be_unused(
    argos_empty: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "da.txt").write_text("Hunden spiser.\nKatten sover.\nHuset er stort.\n", "utf-8")
    (tmp_path / "en.txt").write_text("The dog eats.\nThe cat sleeps.\nThe house is big.\n", "utf-8")
    # No model, and none needed: bertalign reads the texts themselves.
    result, err = _align(
        tmp_path, capsys, "--mode", "parallel", "--via", "translation", "--one-per-line",
        names=("da.txt", "en.txt"),
    )  # fmt: skip
    assert result["info"]["via"] == "direct"
    assert "via translation is for comparable mode" in err
    assert len(result["links"]) == 3
