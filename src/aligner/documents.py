"""Files and strings to :class:`Document`: decode, drop furniture, identify language, split."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from aligner.errors import InputError
from aligner.furniture import furniture_mask
from aligner.langid import check_language, detect_language
from aligner.model import Document, Sentence
from aligner.sentences import split_spans
from aligner.textio import read_text

_SENTENCE_END = re.compile(r"[.!?:;\"'”’»)\]…]\s*$")


def read_document(
    path: str | Path,
    *,
    lang: str | None = None,
    doc_id: str | None = None,
    one_per_line: bool = False,
    keep_furniture: bool = False,
    trust_lang: bool = False,
) -> Document:
    """Read a text file into a :class:`Document` (errors are :class:`InputError`)."""
    p = Path(path)
    text = read_text(p)
    doc = document_from_text(
        text,
        lang=lang,
        doc_id=doc_id or p.stem,
        one_per_line=one_per_line,
        keep_furniture=keep_furniture,
        trust_lang=trust_lang,
        name=str(p),
    )
    doc.path = str(p)
    return doc


def document_from_text(
    text: str,
    *,
    lang: str | None = None,
    doc_id: str = "doc",
    one_per_line: bool = False,
    keep_furniture: bool = False,
    trust_lang: bool = False,
    name: str = "input",
) -> Document:
    """Build a :class:`Document` from text already in memory.

    A given ``lang`` is checked against the text unless ``trust_lang`` (a curated corpus
    whose manifest is the authority: the check costs the language models' memory).
    """
    if not text.strip():
        raise InputError(f"{name}: is empty")
    blocks = list(_blocks(text, one_per_line=one_per_line, keep_furniture=keep_furniture))
    if not blocks:
        raise InputError(f"{name}: has no article text (only page furniture)")
    body = "\n".join(text[s:e] for s, e, _ in blocks[:200])
    if lang is None:
        lang = detect_language(body, name=name)
    elif not (one_per_line or trust_lang):
        check_language(body, lang, name=name)
    sentences: list[Sentence] = []
    for start, end, para in blocks:
        spans = [(start, end)] if one_per_line else split_spans(text[start:end], lang, start)
        for s, e in spans:
            sentences.append(
                Sentence(id=len(sentences), text=text[s:e], start=s, end=e, paragraph=para)
            )
    if not sentences:
        raise InputError(f"{name}: has no sentences")
    return Document(id=doc_id, lang=lang, text=text, sentences=sentences)


def _blocks(
    text: str, *, one_per_line: bool, keep_furniture: bool
) -> Iterator[tuple[int, int, int]]:
    """Spans of article paragraphs as ``(start, end, paragraph_number)``.

    A line is a paragraph unless the text is hard-wrapped: a line that does not end a
    sentence, followed by one that starts in lower case or with a digit, continues it.
    """
    lines = list(_line_spans(text))
    if one_per_line:
        # Gold-standard files: every line is a sentence and line numbers are ids, blank or not.
        for i, (s, e) in enumerate(lines):
            yield s, e, i
        return
    mask = [False] * len(lines) if keep_furniture else furniture_mask([text[s:e] for s, e in lines])
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
