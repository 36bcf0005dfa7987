"""Tab-separated values: one row per link, for spreadsheets and scripts.

The last column, ``evidence``, holds the labels of the link's clues joined by `` · ``
(empty when it has none): a column added at the end, so readers by position still work.
"""

from __future__ import annotations

import csv
import io

from aligner.export.segments import ordered_links, side_text
from aligner.model import Alignment

COLUMNS = (
    "source_doc",
    "source_ids",
    "source_text",
    "source_translation",
    "target_doc",
    "target_ids",
    "target_text",
    "score",
    "evidence",
)


def to_tsv(alignment: Alignment) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(COLUMNS)
    for i in ordered_links(alignment):
        link = alignment.links[i]
        w.writerow(
            [
                link.source.doc,
                ",".join(map(str, link.source.sentences)),
                side_text(alignment, link.source),
                side_text(alignment, link.source, translation=True),
                link.target.doc,
                ",".join(map(str, link.target.sentences)),
                side_text(alignment, link.target),
                f"{link.score:.4f}",
                " · ".join(clue.label for clue in link.evidence),
            ]
        )
    return buf.getvalue()
