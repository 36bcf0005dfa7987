"""Comparable mode with coverage in more than one language: each language aligned apart."""

from __future__ import annotations

from pathlib import Path

import aligner
from aligner.model import Link


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text(" ".join(line.strip() for line in lines) + "\n", "utf-8")
    return path


def _into(links: list[Link], doc: str) -> list[tuple[tuple[int, ...], tuple[int, ...], float]]:
    return [
        (lk.source.sentences, lk.target.sentences, lk.score) for lk in links if lk.target.doc == doc
    ]


def test_each_language_s_articles_are_aligned_as_if_alone(tmp_path: Path, ntrex_dir: Path) -> None:
    """A Danish article (NTREX 012, its first 15 lines) with two articles on its story: the
    English original and a Danish one retelling its second half. Word matching, the
    dictionary and the scorer serve one language pair; read as English, the Danish
    article's words met the source's as if foreign."""
    da = (ntrex_dir / "012.da").read_text("utf-8").splitlines()
    en = (ntrex_dir / "012.en").read_text("utf-8").splitlines()
    source = _write(tmp_path / "source.txt", da[:15])
    english = _write(tmp_path / "english.txt", en)
    danish = _write(tmp_path / "danish.txt", da[8:])
    notes: list[str] = []
    both = aligner.align(source, english, danish, mode="comparable", notify=notes.append)
    assert [d.lang for d in both.documents] == ["da", "en", "da"]
    alone_en = aligner.align(source, english, mode="comparable")
    alone_da = aligner.align(source, danish, mode="comparable")
    assert _into(both.links, "english") == _into(alone_en.links, "english")
    assert _into(both.links, "danish") == _into(alone_da.links, "danish")
    assert any("more than one language: en (1), da (1)" in n for n in notes), notes
    # No model here: every language direct, and said per language.
    assert both.info["via_by_language"] == {"en": "direct", "da": "direct"}
    # The Danish article repeats the source's last sentences word for word: each is
    # linked to its copy.
    src, tgt = both.documents[0], both.documents[2]
    copies = {
        i: j
        for i, a in enumerate(src.sentences)
        for j, b in enumerate(tgt.sentences)
        if a.text == b.text
    }
    assert len(copies) >= 5, copies
    linked = {(s, t) for a, b, _score in _into(both.links, "danish") for s in a for t in b}
    assert set(copies.items()) <= linked, sorted(linked)
