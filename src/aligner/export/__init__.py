"""Writing an :class:`~aligner.model.Alignment` out: json, tsv, tmx, html, beads (the
Text+Berg format, which :mod:`aligner.export.beads` also reads back for the evaluation)."""

from __future__ import annotations

from aligner.errors import InputError
from aligner.export.beads import format_beads, links_to_beads
from aligner.export.html import to_html
from aligner.export.tmx import to_tmx
from aligner.export.tsv import to_tsv
from aligner.model import FORMATS, Alignment, Format


def to_beads(alignment: Alignment) -> str:
    """The Text+Berg bead format of a two-document alignment: ``[src ids]:[tgt ids]`` per line."""
    if len(alignment.documents) != 2:
        raise InputError("the beads format holds exactly one source and one target")
    src, tgt = alignment.documents
    try:
        beads = links_to_beads(alignment.links, len(src.sentences), len(tgt.sentences))
    except ValueError as e:
        # Comparable links go in any order; beads are a path through both documents.
        raise InputError(
            f"{e} ({alignment.mode} mode); align with --mode parallel for beads, "
            "or write json, tsv, tmx or html"
        ) from e
    return format_beads(beads)


def render(alignment: Alignment, fmt: str) -> str:
    if not isinstance(alignment, Alignment):
        raise InputError(f"cannot render a {type(alignment).__name__}: give an aligner.Alignment")
    if fmt == "json":
        return alignment.to_json() + "\n"
    if fmt == "tsv":
        return to_tsv(alignment)
    if fmt == "tmx":
        return to_tmx(alignment)
    if fmt == "html":
        return to_html(alignment)
    if fmt == "beads":
        return to_beads(alignment)
    raise InputError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


__all__ = ["FORMATS", "Format", "render", "to_beads", "to_html", "to_tmx", "to_tsv"]
