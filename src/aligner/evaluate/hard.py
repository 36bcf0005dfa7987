"""A harder parallel gold set made from a line-aligned one: merged, dropped, inserted sentences.

NTREX (``../shared/eval/ntrex-da-en-dev``) pairs line ``i`` of ``NNN.da`` with line ``i``
of ``NNN.en``: all 1-1, which any aligner gets right. Real translations are not so
tidy, so this builds, with a seeded generator, the beads a translator meets:

* 1-2 and 2-1: two neighbouring sentences joined into one on one side;
* 1-0 and 0-1: a sentence left out of the translation;
* 1-0 and 0-1 again: a sentence of another article put in (an inserted caption).

The result is laid out like Text+Berg (``NAME.da``, ``NAME.en``, ``NAME.daen`` beads), so
:mod:`aligner.evaluate.textberg` scores it. Documents below ``tune_below`` are named
``tuneNNN`` (tune on those), the rest ``testNNN`` (report those only).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

from aligner.errors import InputError
from aligner.export.beads import format_beads


@dataclass(frozen=True, slots=True)
class HardRates:
    """The chance, per sentence pair, of each change."""

    merge_source: float = 0.08  # two source sentences become one: a 1-2 bead
    merge_target: float = 0.08  # a 2-1 bead
    drop_source: float = 0.05  # a 0-1 bead
    drop_target: float = 0.05  # a 1-0 bead
    insert: float = 0.06  # a sentence from another article, on one side


def build_hard_set(
    corpus: str | Path,
    out: str | Path,
    *,
    src: str = "da",
    tgt: str = "en",
    seed: int = 9,
    tune_below: int = 40,
    rates: HardRates = HardRates(),
) -> list[str]:
    """Write the hard variant of every ``NNN.src``/``NNN.tgt`` pair of ``corpus`` into ``out``.

    Returns the document names written. The same corpus and seed give the same bytes.
    """
    root = Path(corpus)
    stems = sorted(p.stem for p in root.glob(f"*.{src}") if (root / f"{p.stem}.{tgt}").is_file())
    if not stems:
        raise InputError(f"{corpus}: no NNN.{src} / NNN.{tgt} pairs")
    docs = {s: (_lines(root / f"{s}.{src}"), _lines(root / f"{s}.{tgt}")) for s in stems}
    for s, (a, b) in docs.items():
        if len(a) != len(b):
            raise InputError(f"{corpus}/{s}: {len(a)} vs {len(b)} lines; not line-aligned")
    dest = Path(out)
    dest.mkdir(parents=True, exist_ok=True)
    names: list[str] = []
    for number, stem in enumerate(stems):
        rng = random.Random(f"{seed}:{stem}")
        others = [s for s in stems if s != stem]
        beads = _perturb(docs[stem], docs, others, rng, rates)
        name = f"{'tune' if number < tune_below else 'test'}{stem}"
        src_lines = [line for s, _ in beads for line in s]
        tgt_lines = [line for _, t in beads for line in t]
        (dest / f"{name}.{src}").write_text("\n".join(src_lines) + "\n", encoding="utf-8")
        (dest / f"{name}.{tgt}").write_text("\n".join(tgt_lines) + "\n", encoding="utf-8")
        (dest / f"{name}.{src}{tgt}").write_text(format_beads(_ids(beads)), encoding="utf-8")
        names.append(name)
    return names


TextBead = tuple[list[str], list[str]]


def _perturb(
    doc: tuple[list[str], list[str]],
    docs: dict[str, tuple[list[str], list[str]]],
    others: list[str],
    rng: random.Random,
    r: HardRates,
) -> list[TextBead]:
    a, b = doc
    beads: list[TextBead] = []
    i = 0
    n = len(a)
    while i < n:
        x = rng.random()
        # The headline (line 0) stays: dropping it would leave nothing to anchor a short article.
        if i > 0 and i + 1 < n and x < r.merge_source:
            beads.append(([f"{a[i]} {a[i + 1]}"], [b[i], b[i + 1]]))
            i += 2
        elif i > 0 and i + 1 < n and x < r.merge_source + r.merge_target:
            beads.append(([a[i], a[i + 1]], [f"{b[i]} {b[i + 1]}"]))
            i += 2
        elif i > 0 and x < r.merge_source + r.merge_target + r.drop_source:
            beads.append(([], [b[i]]))
            i += 1
        elif i > 0 and x < r.merge_source + r.merge_target + r.drop_source + r.drop_target:
            beads.append(([a[i]], []))
            i += 1
        else:
            beads.append(([a[i]], [b[i]]))
            i += 1
        if others and rng.random() < r.insert:
            oa, ob = docs[rng.choice(others)]
            k = rng.randrange(len(oa))
            beads.append(([oa[k]], []) if rng.random() < 0.5 else ([], [ob[k]]))
    return beads


def _ids(beads: list[TextBead]) -> list[tuple[list[int], list[int]]]:
    out: list[tuple[list[int], list[int]]] = []
    i = j = 0
    for s, t in beads:
        out.append((list(range(i, i + len(s))), list(range(j, j + len(t)))))
        i += len(s)
        j += len(t)
    return out


def _lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def weaken_side(
    folder: str | Path, out: str | Path, *, lang: str, rate: float, seed: int = 11
) -> None:
    """Copy a gold folder with the ``lang`` side misspelt, a stand-in for a language the
    encoder knows less well (Icelandic beside English, say).

    None of the low-resource pairs that would show it lies on this machine, so this makes
    one: with chance ``rate`` per lower-case word of four letters or more, one seeded edit
    (two letters swapped, one dropped, one doubled, a vowel changed). The tokenizer then
    cuts unfamiliar pieces, as it does for a language it saw little of, while numbers and
    capitalised names stay, as they do between related languages. Lines and beads are
    unchanged, so the copy scores against the same gold.
    """
    if not 0.0 <= rate <= 1.0:
        raise ValueError("rate must be between 0 and 1")
    src, dest = Path(folder), Path(out)
    dest.mkdir(parents=True, exist_ok=True)
    for p in sorted(src.iterdir()):
        if not p.is_file():
            continue
        text = p.read_text(encoding="utf-8")
        if p.suffix == f".{lang}":
            text = _misspell_text(text, rate, random.Random(f"{seed}:{p.name}"))
        (dest / p.name).write_text(text, encoding="utf-8")


_WORD = re.compile(r"\b[^\W\d_]{4,}\b")
_VOWELS = "aeiouyæøå"


def _misspell_text(text: str, rate: float, rng: random.Random) -> str:
    return _WORD.sub(
        lambda m: _misspell(m[0], rng) if m[0][0].islower() and rng.random() < rate else m[0], text
    )


def _misspell(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == 1:
        return word[:i] + word[i + 1 :]
    if kind == 2:
        return word[:i] + word[i] + word[i:]
    vowels = [k for k, c in enumerate(word) if c in _VOWELS]
    if not vowels:
        return word[:i] + word[i] + word[i:]
    k = rng.choice(vowels)
    return word[:k] + rng.choice(_VOWELS.replace(word[k], "")) + word[k + 1 :]
