"""A translated document as text: its paragraphs kept, its sentences in order."""

from __future__ import annotations

from aligner.model import Document


def translated_text(doc: Document) -> str:
    """Sentences of a paragraph joined by a space; paragraphs separated as in the original."""
    out: list[str] = []
    prev = None
    for s in doc.sentences:
        piece = s.translation if s.translation is not None else s.text
        if prev is None:
            out.append(piece)
        elif s.paragraph == prev.paragraph:
            out.append(" " + piece)
        else:
            out.append(_paragraph_break(doc.text[prev.end : s.start]) + piece)
        prev = s
    return "".join(out) + "\n"


def _paragraph_break(gap: str) -> str:
    """A blank line stays a blank line; a single newline stays one (removed furniture: a blank)."""
    if gap.strip() or gap.count("\n") >= 2:
        return "\n\n"
    return "\n" if "\n" in gap else "\n\n"
