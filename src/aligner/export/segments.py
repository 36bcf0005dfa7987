"""The text of one side of a link, as every tabular format needs it."""

from __future__ import annotations

from aligner.model import Alignment, Side


def side_text(alignment: Alignment, side: Side, *, translation: bool = False) -> str:
    """The sentences of ``side`` joined by spaces (their translations, if asked and present)."""
    doc = alignment.document(side.doc)
    parts = []
    for i in side.sentences:
        s = doc.sentences[i]
        parts.append((s.translation or "") if translation else s.text)
    return " ".join(" ".join(p.split()) for p in parts if p)


def ordered_links(alignment: Alignment) -> list[int]:
    """Link indices sorted by target document, then source position: a stable reading order."""
    order = {d.id: i for i, d in enumerate(alignment.documents)}
    keyed = sorted(
        range(len(alignment.links)),
        key=lambda i: (
            order.get(alignment.links[i].target.doc, 0),
            alignment.links[i].source.sentences,
            alignment.links[i].target.sentences,
        ),
    )
    return keyed
