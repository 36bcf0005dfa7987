"""Parallel mode against a bead gold set laid out like Text+Berg.

A gold set is a folder of ``NAME.XX`` / ``NAME.YY`` files (one sentence per line) and
``NAME.XXYY`` bead files, e.g. ``test0.de``, ``test0.fr``, ``test0.defr``.

:func:`evaluate_gold` makes its beads with the calls ``aligner align SRC TGT --mode
parallel --one-per-line --format beads`` makes (:func:`beads_of`), so the figure
``aligner eval beads`` and ``bench/textberg.py`` print is the figure a user gets by
scoring that command's output.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from aligner.api import align
from aligner.documents import read_document
from aligner.embed import Encoder
from aligner.errors import InputError
from aligner.evaluate.scoring import Counts, count_beads
from aligner.export import render
from aligner.export.beads import parse_beads
from aligner.model import Bead, Document

_GOLD = re.compile(r"^(?P<name>.+)\.(?P<src>[a-z]{2})(?P<tgt>[a-z]{2})$")


@dataclass(frozen=True, slots=True)
class GoldDoc:
    name: str
    source: Path
    target: Path
    gold: Path
    source_lang: str
    target_lang: str

    def read(self) -> tuple[Document, Document, list[Bead]]:
        src = read_document(self.source, lang=self.source_lang, one_per_line=True, doc_id="src")
        tgt = read_document(self.target, lang=self.target_lang, one_per_line=True, doc_id="tgt")
        gold = parse_beads(self.gold.read_text(encoding="utf-8"), name=str(self.gold))
        n, m = len(src.sentences), len(tgt.sentences)
        if any(i >= n for b in gold for i in b[0]) or any(j >= m for b in gold for j in b[1]):
            raise InputError(
                f"{self.gold}: names sentences beyond the {n} lines of {self.source.name} "
                f"or the {m} of {self.target.name}; are these the files it was made for?"
            )
        return src, tgt, gold


@dataclass(slots=True)
class DocResult:
    name: str
    counts: Counts
    beads: list[Bead]
    sentences: int  # source + target sentences
    seconds: float  # reading, encoding (or cache look-ups), aligning, writing the beads


@dataclass(slots=True)
class GoldResult:
    docs: list[DocResult] = field(default_factory=list)

    @property
    def total(self) -> Counts:
        total = Counts()
        for d in self.docs:
            total = total + d.counts
        return total


def find_gold_docs(folder: str | Path, names: Sequence[str] | None = None) -> list[GoldDoc]:
    """The documents of a gold folder: ``names`` if given, else every ``test*`` one."""
    root = Path(folder)
    if not root.is_dir():
        raise InputError(
            f"{folder}: not a folder; give a gold folder like ../shared/eval/textberg-defr"
        )
    found: dict[str, GoldDoc] = {}
    for p in sorted(root.iterdir()):
        m = _GOLD.match(p.name)
        if not m or not p.is_file():
            continue
        name, sl, tl = m["name"], m["src"], m["tgt"]
        src, tgt = root / f"{name}.{sl}", root / f"{name}.{tl}"
        if src.is_file() and tgt.is_file():
            if name in found:
                # NAME.daen and NAME.enda: which way to align is the reader's to say.
                raise InputError(
                    f"{folder}: {name} has two bead files, {found[name].gold.name} and "
                    f"{p.name}; keep the one to score"
                )
            found[name] = GoldDoc(name, src, tgt, p, sl, tl)
    if names:
        missing = [n for n in names if n not in found]
        if missing:
            have = ", ".join(found) or "none"
            raise InputError(f"{folder}: no gold document {', '.join(missing)} (found: {have})")
        return [found[n] for n in names]
    docs = [d for n, d in found.items() if n.startswith("test")]
    if not docs:
        raise InputError(
            f"{folder}: no test documents (NAME.xx, NAME.yy and a NAME.xxyy bead file); "
            "name the documents with --docs"
        )
    return sorted(docs, key=lambda d: _natural(d.name))


def _natural(name: str) -> tuple[str, int]:
    m = re.match(r"^(.*?)(\d*)$", name)
    assert m is not None
    return m[1], int(m[2] or -1)


def beads_of(doc: GoldDoc, encoder: Encoder) -> str:
    """The bytes ``aligner align SOURCE TARGET --mode parallel --one-per-line --format beads``
    prints for ``doc`` (the command's own calls, with its defaults)."""
    result = align(doc.source, doc.target, mode="parallel", one_per_line=True, encoder=encoder)
    return render(result, "beads")


def evaluate_gold(
    docs: Sequence[GoldDoc],
    encoder: Encoder,
    on_doc: Callable[[DocResult], None] | None = None,
) -> GoldResult:
    """Align each document as the documented command does and score its beads."""
    result = GoldResult()
    for doc in docs:
        t0 = time.perf_counter()
        src, tgt, gold = doc.read()
        beads = parse_beads(beads_of(doc, encoder), name=f"beads of {doc.name}")
        r = DocResult(
            name=doc.name,
            counts=count_beads(gold, beads),
            beads=beads,
            sentences=len(src.sentences) + len(tgt.sentences),
            seconds=time.perf_counter() - t0,
        )
        result.docs.append(r)
        if on_doc:
            on_doc(r)
    return result
