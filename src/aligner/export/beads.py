"""Beads: an alignment as the ordered list ``[src ids]:[tgt ids]`` of the Text+Berg gold.

A bead (:data:`aligner.model.Bead`) pairs consecutive source sentences with consecutive
target sentences; ``[3]:[]`` is a source sentence left without counterpart. This is the
format's one home: ``--format beads`` writes it, the evaluation reads the gold in it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from aligner.errors import InputError
from aligner.model import Bead, Link

_BEAD = re.compile(r"^\s*\[([\d\s,]*)\]\s*:\s*\[([\d\s,]*)\]\s*$")


def links_to_beads(links: Iterable[Link], n_src: int, n_tgt: int) -> list[Bead]:
    """Links between one source and one target as a complete, ordered bead list.

    Every sentence appears exactly once: those no link covers become ``[i]:[]`` or
    ``[]:[j]`` beads, placed where they fall in their document (or right after the link
    whose span holds them). Links must be monotonic
    and disjoint (as parallel mode makes them); anything else is a ``ValueError``.
    """
    ordered = sorted(
        links, key=lambda link: (min(link.source.sentences), min(link.target.sentences))
    )
    beads: list[Bead] = []
    i = j = 0
    for link in ordered:
        src = sorted(link.source.sentences)
        tgt = sorted(link.target.sentences)
        if src[0] < i or tgt[0] < j:
            raise ValueError(
                f"links cross or overlap at {src}:{tgt}; beads need a monotonic alignment"
            )
        if src[-1] >= n_src or tgt[-1] >= n_tgt:
            raise ValueError(f"link {src}:{tgt} is outside a {n_src}x{n_tgt} alignment")
        # Unlinked sentences before this link, source side first as the gold files do.
        beads.extend(([k], []) for k in range(i, src[0]))
        beads.extend(([], [k]) for k in range(j, tgt[0]))
        beads.append((src, tgt))
        # A link may skip a sentence inside its span (a blank line between two it joins):
        # that one still gets its own bead, right after.
        beads.extend(([k], []) for k in range(src[0], src[-1]) if k not in src)
        beads.extend(([], [k]) for k in range(tgt[0], tgt[-1]) if k not in tgt)
        i, j = src[-1] + 1, tgt[-1] + 1
    beads.extend(([k], []) for k in range(i, n_src))
    beads.extend(([], [k]) for k in range(j, n_tgt))
    return beads


def format_bead(bead: Bead) -> str:
    """``[0]:[0, 1]``: Python's list repr, exactly as the gold files write it."""
    return f"{list(bead[0])}:{list(bead[1])}"


def format_beads(beads: Iterable[Bead]) -> str:
    """One bead per line, each line ended by a newline."""
    return "".join(format_bead(b) + "\n" for b in beads)


def parse_beads(text: str, *, name: str = "beads") -> list[Bead]:
    """Read ``[src ids]:[tgt ids]`` lines; blank lines are skipped, anything else is an error."""
    beads: list[Bead] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        m = _BEAD.match(line)
        if not m:
            raise InputError(f"{name}:{number}: not a bead like [0]:[0, 1]: {line.strip()[:60]!r}")
        beads.append((_ids(m.group(1)), _ids(m.group(2))))
    return beads


def _ids(field: str) -> list[int]:
    return [int(x) for x in field.replace(",", " ").split()]


def bead_sizes(beads: Sequence[Bead]) -> dict[tuple[int, int], int]:
    """How many beads of each shape (1-1, 2-1, 0-1...): a quick look at an alignment."""
    sizes: dict[tuple[int, int], int] = {}
    for src, tgt in beads:
        key = (len(src), len(tgt))
        sizes[key] = sizes.get(key, 0) + 1
    return sizes
