"""What people call each document on screen and on the page: its outlet or id, else
its file's name, told apart by folder where two share one. The reader and the HTML page
use the same names, so an article is called alike in both."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from aligner.model import Document


def told_apart(names: list[str], docs: Sequence[Document]) -> list[str]:
    """``names`` (one per document), each that two documents share prefixed with its
    file's folder: ``a/story.txt`` and ``b/story.txt`` are two articles, not one twice.
    Folders of one name (``x/seeds`` and ``y/seeds``) go up until they differ."""
    out = list(names)
    for name in set(names):
        same = [i for i, n in enumerate(names) if n == name]
        if len(same) < 2:
            continue
        # Absolute: "story.txt" beside "b/story.txt" has a folder too, the current one.
        paths = [docs[i].path for i in same]
        parents = [Path(p).absolute().parent.parts if p else () for p in paths]
        # Only where the folders differ: two VOA articles of one folder stay "VOA".
        if not all(parents) or len(set(parents)) < len(same):
            continue
        depth = 1
        while len({p[-depth:] for p in parents}) < len(same):
            depth += 1
        for i, folders in zip(same, parents, strict=True):
            # Path joins a root part ("/" or "C:\\") without doubling its separator.
            out[i] = Path(*folders[-depth:], name).as_posix()
    return out


def status_names(docs: Sequence[Document]) -> list[str]:
    """What the status line calls each document (:func:`_name`); two of one name are
    told apart by their files' names (``002.da``, ``002.txt``), else by folder."""
    ids = {d.id for d in docs}
    # An id numbered to tell it from another's (story, story-2) names neither file:
    # the whole family goes by file names.
    family = {_family(d.id, ids) for d in docs if _family(d.id, ids) != d.id}
    names = [_name(d, _family(d.id, ids) in family) for d in docs]
    for name in set(names):
        same = [i for i, n in enumerate(names) if n == name]
        files = [Path(docs[i].path or "").name for i in same]
        if len(same) > 1 and all(files) and len(set(files)) == len(same):
            for i, file in zip(same, files, strict=True):
                names[i] = file
    return told_apart(names, docs)


def _family(doc_id: str, ids: set[str]) -> str:
    """The id ``doc_id`` was numbered from (``story`` for ``story-2``), else itself."""
    numbered = re.fullmatch(r"(.+)-\d+", doc_id)
    return numbered.group(1) if numbered and numbered.group(1) in ids else doc_id


def _name(doc: Document, numbered: bool) -> str:
    """What the status line calls an article: its id, unless that is only a position
    (``src``, ``tgt2``, given by ``load_documents``) or one of ids numbered apart
    (``numbered``: "-2" says nothing of which file), then its file's name."""
    if not doc.path:
        return doc.id
    if numbered or re.fullmatch(r"src|tgt\d+(-\d+)?", doc.id):
        return Path(doc.path).stem
    return doc.id
