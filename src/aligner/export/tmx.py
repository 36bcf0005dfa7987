"""TMX 1.4b: one translation unit per link, for CAT tools (memoQ, OmegaT, Trados)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime

from aligner._version import __version__
from aligner.export.segments import ordered_links, side_text
from aligner.model import Alignment
from aligner.textio import strip_controls


def to_tmx(alignment: Alignment) -> str:
    src = alignment.source
    root = ET.Element("tmx", version="1.4")
    ET.SubElement(
        root,
        "header",
        {
            "creationtool": "aligner",
            "creationtoolversion": __version__,
            "datatype": "plaintext",
            "segtype": "sentence",
            "adminlang": "en",
            "srclang": src.lang,
            "o-tmf": "aligner-json",
            "creationdate": datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ"),
        },
    )
    body = ET.SubElement(root, "body")
    for i in ordered_links(alignment):
        link = alignment.links[i]
        tgt = alignment.document(link.target.doc)
        tu = ET.SubElement(body, "tu", tuid=str(i + 1))
        for name, value in (
            ("x-score", f"{link.score:.4f}"),
            ("x-source-doc", link.source.doc),
            ("x-source-sentences", ",".join(map(str, link.source.sentences))),
            ("x-target-doc", link.target.doc),
            ("x-target-sentences", ",".join(map(str, link.target.sentences))),
            ("x-mode", alignment.mode),
        ):
            prop = ET.SubElement(tu, "prop", type=name)
            prop.text = value
        for lang, text in (
            (src.lang, side_text(alignment, link.source)),
            (tgt.lang, side_text(alignment, link.target)),
        ):
            tuv = ET.SubElement(tu, "tuv", {"xml:lang": lang})
            seg = ET.SubElement(tuv, "seg")
            seg.text = text
    ET.indent(root, space="  ")
    # XML 1.0 cannot hold control characters, escaped or not: documents read from files
    # have none, but a Document built in memory (or loaded from JSON) may.
    return strip_controls(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n' + ET.tostring(root, encoding="unicode") + "\n"
    )
