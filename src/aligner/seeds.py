"""The bundled corpus: the Danish source and the four English articles of ``seeds/``.

Their ids, titles and outlets are the folder's manifest (:data:`aligner.documents.MANIFEST`),
which every folder of articles may have: a seed file read by path is named by it too.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from aligner.documents import MANIFEST, read_document
from aligner.model import Document
from aligner.paths import seeds_dir


def manifest() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((seeds_dir() / MANIFEST).read_text("utf-8"))
    return data


def seed_paths() -> list[Path]:
    """The seed files, source first."""
    d = seeds_dir()
    return [d / entry["file"] for entry in manifest()["documents"]]


def load_seeds() -> list[Document]:
    """The seed documents with their ids, outlets and titles from the manifest, source first."""
    d = seeds_dir()
    docs = []
    for entry in manifest()["documents"]:
        doc = read_document(
            d / entry["file"], lang=entry["lang"], doc_id=entry["id"], trust_lang=True
        )
        doc.title = entry.get("title")
        doc.outlet = entry.get("outlet")
        docs.append(doc)
    return docs
