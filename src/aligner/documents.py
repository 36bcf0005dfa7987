"""Files and strings to :class:`Document`: decode, drop furniture, identify language, split."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from aligner.errors import InputError
from aligner.furniture import furniture_mask
from aligner.htmltext import html_to_text, looks_like_html
from aligner.langid import check_language, detect_language, normal_code
from aligner.model import Document, Sentence
from aligner.sentences import split_sentences
from aligner.textio import read_text, strip_controls

#: The words every furniture note holds (a batch counts its files by them).
FURNITURE_NOTE = "of page furniture"
_SENTENCE_END = re.compile(r"[.!?:;\"'”’»)\]…]\s*$")
#: A folder's own description of its articles (``seeds/`` has one): per file, the id,
#: title and outlet a person is shown, so a corpus names its articles once, for every
#: way of reading them.
MANIFEST = "manifest.json"


def read_document(
    path: str | Path,
    *,
    lang: str | None = None,
    doc_id: str | None = None,
    one_per_line: bool = False,
    keep_furniture: bool = False,
    trust_lang: bool = False,
    prefer: Sequence[str] = (),
) -> Document:
    """Read a text file into a :class:`Document` (errors are :class:`InputError`).

    An HTML page saved as text is read as the page's text (see :mod:`aligner.htmltext`),
    with a note saying so.
    """
    text, html = _article_text(path, one_per_line)
    p = Path(path)
    doc = document_from_text(
        text,
        lang=lang,
        doc_id=doc_id or p.stem,
        one_per_line=one_per_line,
        keep_furniture=keep_furniture,
        trust_lang=trust_lang,
        name=str(p),
        prefer=prefer,
    )
    if html:
        doc.notes.insert(0, f"{p}: is an HTML page; read its text, not its tags")
    doc.path = str(p)
    return doc


def article_text(path: str | Path, *, one_per_line: bool = False) -> str:
    """The text a file's Document is made of, which its sentences' offsets index: the
    file decoded, an HTML page's text, control characters as spaces."""
    return strip_controls(_article_text(path, one_per_line)[0])


def _article_text(path: str | Path, one_per_line: bool) -> tuple[str, bool]:
    text = read_text(path)
    html = not one_per_line and looks_like_html(text)
    return (html_to_text(text) if html else text), html


def document_from_text(
    text: str,
    *,
    lang: str | None = None,
    doc_id: str = "doc",
    one_per_line: bool = False,
    keep_furniture: bool = False,
    trust_lang: bool = False,
    name: str = "input",
    prefer: Sequence[str] = (),
) -> Document:
    """Build a :class:`Document` from text already in memory.

    A given ``lang`` is checked against the text unless ``trust_lang`` (a curated corpus
    whose manifest is the authority: the check costs the language models' memory).
    Without one, the language is detected; ``prefer`` (the languages of the documents
    this one goes with) settles it for a text too short to tell.
    Lines dropped as page furniture are counted in a note (``keep_furniture`` keeps them).
    """
    if not isinstance(text, str):
        raise InputError(
            f"{name}: text is a {type(text).__name__}, not a str (decode bytes first, or "
            "give the file to aligner.read_document)"
        )
    if not isinstance(doc_id, str) or not doc_id:
        raise InputError(f"{name}: doc_id {doc_id!r}: give a non-empty str (it names the links)")
    if lang is not None:
        lang = normal_code(lang, f"{name}: lang")
    # As a file is read: control characters and lone surrogates become spaces, one for
    # one, so offsets hold and every export can write the text.
    text = strip_controls(text)
    if not text.strip():
        raise InputError(f"{name}: is empty")
    lines = list(_line_spans(text))
    if one_per_line or keep_furniture:
        mask = [False] * len(lines)
    else:
        mask = furniture_mask([text[s:e] for s, e in lines])
    blocks = list(_blocks(text, lines, mask, one_per_line=one_per_line))
    if not blocks:
        raise InputError(f"{name}: has no article text (only page furniture)")
    body = "\n".join(text[s:e] for s, e, _ in blocks[:200])
    if lang is None:
        lang = detect_language(body, name=name, prefer=prefer)
    elif not (one_per_line or trust_lang):
        check_language(body, lang, name=name)
    sentences: list[Sentence] = []
    para = -1
    for start, end, line in blocks:
        if one_per_line:
            # Gold files: a line is a sentence and its number is the paragraph's.
            sentences.append(Sentence(len(sentences), text[start:end], start, end, line))
            continue
        para += 1
        before = None
        for s, e, cut in split_sentences(text[start:end], lang, start):
            # The pieces of an over-long sentence stand alone, each its own paragraph:
            # windows of sentences never cross a paragraph, and joined pieces would only
            # make longer texts to encode.
            if before is not None and (cut or before):
                para += 1
            sentences.append(Sentence(len(sentences), text[s:e], s, e, para))
            before = cut
    if not sentences:
        raise InputError(f"{name}: has no sentences")
    doc = Document(id=doc_id, lang=lang, text=text, sentences=sentences)
    dropped = sum(1 for (s, e), m in zip(lines, mask, strict=True) if m and text[s:e].strip())
    if dropped:
        doc.notes.append(
            f"{name}: left out {dropped} line{'s' if dropped > 1 else ''} {FURNITURE_NOTE} "
            "(share buttons, credits, teasers); --keep-furniture keeps them"
        )
    return doc


def _blocks(
    text: str, lines: list[tuple[int, int]], mask: list[bool], *, one_per_line: bool
) -> Iterator[tuple[int, int, int]]:
    """Spans of article paragraphs as ``(start, end, paragraph_number)``.

    A line is a paragraph unless the text is hard-wrapped: a line that does not end a
    sentence, followed by one that starts in lower case or with a digit, continues it.
    Lines flagged in ``mask`` (page furniture) end a paragraph and are left out.
    """
    if one_per_line:
        # Gold-standard files: every line is a sentence and line numbers are ids, blank or not.
        for i, (s, e) in enumerate(lines):
            yield s, e, i
        return
    para = -1
    cur: tuple[int, int] | None = None
    for (s, e), furniture in zip(lines, mask, strict=True):
        line = text[s:e]
        if furniture or not line.strip():
            if cur:
                para += 1
                yield cur[0], cur[1], para
                cur = None
            continue
        s += len(line) - len(line.lstrip())
        e -= len(line) - len(line.rstrip())
        continues = text[s].islower() or text[s].isdigit()
        if cur and continues and not _SENTENCE_END.search(text[cur[0] : cur[1]]):
            cur = (cur[0], e)
            continue
        if cur:
            para += 1
            yield cur[0], cur[1], para
        cur = (s, e)
    if cur:
        para += 1
        yield cur[0], cur[1], para


def _line_spans(text: str) -> Iterator[tuple[int, int]]:
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        yield pos, pos + len(body)
        pos += len(line)


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """The manifest of ``folder``; None when it has none, or a ``manifest.json`` of
    something else (no ``documents`` list), which is no business of ours."""
    try:
        data = json.loads((folder / MANIFEST).read_text("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("documents"), list):
        return None
    return data


def named_by_manifest(doc: Document) -> Document:
    """``doc`` as its folder's manifest names it: its id, and the title and outlet it
    lacks. Without a manifest entry for its file, ``doc`` itself."""
    entry = manifest_entry(doc.path) if doc.path else None
    if entry is None:
        return doc
    return replace(
        doc,
        id=str(entry["id"]),
        title=doc.title or entry.get("title"),
        outlet=doc.outlet or entry.get("outlet"),
    )


def manifest_entry(path: str | Path) -> dict[str, Any] | None:
    """The entry (with an ``id``) its folder's ``manifest.json`` gives a file, if any."""
    p = Path(path)
    try:
        folder = p.resolve().parent
    except OSError:
        return None
    manifest = read_manifest(folder)
    for entry in manifest["documents"] if manifest else ():
        if isinstance(entry, dict) and entry.get("file") == p.name and entry.get("id"):
            return entry
    return None
