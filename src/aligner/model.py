"""The data model every stage shares: documents, sentences, links and the alignment.

Offsets are character offsets into the decoded text of the file (Python ``str``
indices), so ``document.text[s.start:s.end] == s.text`` holds for every sentence.
The evidence of a link (:class:`Clue`, :class:`Span`) counts from the start of its
sentence instead, so it also holds for a translation, which has no document offsets.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

from aligner.errors import InputError

Mode = Literal["parallel", "comparable"]
#: The modes one may ask for: one of them, or ``auto`` to let the articles decide.
ModeArg = Literal["auto", Mode]
MODE_ARGS: tuple[ModeArg, ...] = get_args(ModeArg)
#: What comparable mode compares with the targets: the source's own sentences
#: (``direct``), their English translation, or both.
Via = Literal["direct", "translation", "both"]
VIAS: tuple[Via, ...] = get_args(Via)
#: What an alignment can be written as (:func:`aligner.export.render`). Named here, not
#: in ``aligner.export``, so that the commands offering them need not import the writers.
Format = Literal["json", "tsv", "tmx", "html", "beads"]
FORMATS: tuple[Format, ...] = get_args(Format)


def format_named(path: str | Path) -> Format | None:
    """The format a file name's extension names (``links.htm``: html), or None."""
    suffix = Path(path).suffix.lower().lstrip(".")
    suffix = {"htm": "html"}.get(suffix, suffix)
    return next((f for f in FORMATS if f == suffix), None)


#: One step of a monotonic alignment: source sentence ids, target sentence ids (either
#: may be empty). Parallel mode searches these; the Text+Berg gold is written in them.
Bead = tuple[list[int], list[int]]


class EvidenceError(InputError, ValueError):
    """A link's clue marks characters its sentence does not have."""


class LinkError(InputError, ValueError):
    """A link names a document or sentence the alignment does not hold, or a score
    outside [0, 1]."""


@dataclass(slots=True)
class Sentence:
    id: int
    text: str
    start: int
    end: int
    paragraph: int = 0
    translation: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "paragraph": self.paragraph,
            "translation": self.translation,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Sentence:
        return cls(
            id=int(d["id"]),
            text=str(d["text"]),
            start=int(d["start"]),
            end=int(d["end"]),
            paragraph=int(d.get("paragraph", 0)),
            translation=_text_or_none(d.get("translation")),
        )


@dataclass(slots=True)
class Document:
    id: str
    lang: str
    text: str
    sentences: list[Sentence]
    path: str | None = None
    title: str | None = None
    outlet: str | None = None
    #: What the person should be told about how the text was read (furniture left out,
    #: HTML tags stripped); for the moment of reading, so never saved.
    notes: list[str] = field(default_factory=list, compare=False, repr=False)

    @property
    def label(self) -> str:
        """What a person calls this article: outlet and title when known."""
        parts = [p for p in (self.outlet, self.title) if p]
        return " · ".join(parts) if parts else (Path(self.path).name if self.path else self.id)

    @property
    def has_translation(self) -> bool:
        return any(s.translation is not None for s in self.sentences)

    def span_text(self, span: Span) -> str | None:
        """The characters ``span`` marks, or None when it does not fit this document."""
        if not 0 <= span.sentence < len(self.sentences):
            return None
        s = self.sentences[span.sentence]
        text = s.translation if span.translation else s.text
        if text is None or not 0 <= span.start < span.end <= len(text):
            return None
        return text[span.start : span.end]

    def to_dict(self, *, with_text: bool = False) -> dict[str, Any]:
        d: dict[str, Any] = {
            "id": self.id,
            "path": self.path,
            "lang": self.lang,
            "title": self.title,
            "outlet": self.outlet,
            "sentences": [s.to_dict() for s in self.sentences],
        }
        if with_text:
            d["text"] = self.text
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Document:
        sentences = [Sentence.from_dict(s) for s in d["sentences"]]
        text = _text_or_none(d.get("text"))
        _check_sentences(str(d["id"]), sentences, text)
        if text is None:
            # Saved without the text: rebuild one whose offsets still hold.
            text = _text_from_spans(sentences)
        return cls(
            id=str(d["id"]),
            lang=str(d["lang"]),
            text=text,
            sentences=sentences,
            path=d.get("path"),
            title=d.get("title"),
            outlet=d.get("outlet"),
        )


#: A document saved without its text is rebuilt from its sentences: its length may be
#: this many times theirs (the rest: furniture, blank lines), plus this many characters.
#: Offsets far beyond are no alignment's, and would take memory for nothing.
SPANNED_RATIO = 8
SPANNED_SLACK = 1_000_000


def _text_or_none(value: Any) -> str | None:
    if value is not None and not isinstance(value, str):
        raise TypeError(f"text expected, not {type(value).__name__}")
    return value


def _check_sentences(doc_id: str, sentences: list[Sentence], text: str | None) -> None:
    """Links name sentences by place, and offsets point into the text: an alignment
    whose sentences break either would link or mark the wrong words."""
    if [s.id for s in sentences] != list(range(len(sentences))):
        raise InputError(f"{doc_id}: sentence ids must be 0, 1, 2... in order")
    if text is None:
        spanned = SPANNED_RATIO * sum(len(s.text) for s in sentences) + SPANNED_SLACK
        if (last := max((s.end for s in sentences), default=0)) > spanned:
            raise InputError(
                f"{doc_id}: a sentence ends at character {last}, far past what its "
                "sentences could span"
            )
    for s in sentences:
        fits = (
            s.text == text[s.start : s.end] if text is not None else s.end - s.start == len(s.text)
        )
        if s.start < 0 or not fits:
            raise InputError(
                f"{doc_id}: sentence {s.id}'s offsets ({s.start}-{s.end}) do not hold its text"
            )


def _text_from_spans(sentences: list[Sentence]) -> str:
    end = max((s.end for s in sentences), default=0)
    buf = [" "] * end
    for s in sentences:
        buf[s.start : s.end] = list(s.text)
    return "".join(buf)


@dataclass(slots=True, frozen=True)
class Side:
    """One side of a link: some sentences of one document."""

    doc: str
    sentences: tuple[int, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"doc": self.doc, "sentences": list(self.sentences)}


@dataclass(slots=True, frozen=True)
class Span:
    """Characters of one sentence: ``sentence.text[start:end]`` (or of its translation)."""

    sentence: int
    #: Offsets into the sentence's own text, not the document's, so a span survives a
    #: document saved without its text.
    start: int
    end: int
    #: True: the offsets are into ``sentence.translation``, not ``sentence.text``.
    translation: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "translation": self.translation,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Span:
        return cls(
            sentence=int(d["sentence"]),
            start=int(d["start"]),
            end=int(d["end"]),
            translation=bool(d.get("translation", False)),
        )


#: What kind of match a clue is; readers may style each apart.
CLUE_KINDS = ("number", "name", "word", "lexicon", "dictionary")


@dataclass(slots=True, frozen=True)
class Clue:
    """One piece of evidence behind a link: what matched on each side, and why.

    ``kind`` is one of :data:`CLUE_KINDS`: ``number``, ``name``, ``word`` (same or cognate
    spelling), ``lexicon`` (a translation pair induced from the encoder) or ``dictionary``.
    """

    kind: str
    source: Span
    target: Span
    #: What a reader is told: ``"25 = 25"``, ``"breve ≈ letters"``, ``"Woodward"``.
    label: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "source": self.source.to_dict(),
            "target": self.target.to_dict(),
            "label": self.label,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Clue:
        return cls(
            kind=str(d["kind"]),
            source=Span.from_dict(d["source"]),
            target=Span.from_dict(d["target"]),
            label=str(d["label"]),
        )


#: Decimal places a link's score keeps.
SCORE_DIGITS = 4


def hundredths(score: float) -> int:
    """A score (or threshold) in whole hundredths, rounded down: what the reader and
    ``aligner find`` print, and what the reader's threshold compares. Rounded to nearest,
    0.9469 printed "0.95" yet went at ≥0.95; rounded down, a link printed 0.95 is kept at
    ≥0.95 and no other is."""
    # The nudge: 0.95 is held as 0.94999…, which is 0.95 to whoever typed it.
    return math.floor(score * 100 + 1e-9)


def score_text(score: float) -> str:
    """A score as people read it: two decimals, rounded down (:func:`hundredths`)."""
    return f"{hundredths(score) / 100:.2f}"


@dataclass(slots=True, frozen=True)
class Link:
    """Source sentences that state what target sentences state. ``score`` in [0, 1].

    ``evidence``: the clues that made the link, in the order a reader should be told
    them (strongest first); empty when the aligner gives none.
    """

    source: Side
    target: Side
    score: float
    evidence: tuple[Clue, ...] = ()

    def __post_init__(self) -> None:
        # Kept as the JSON writes it, so an alignment read back from its JSON is equal to
        # it, whichever aligner made the link.
        object.__setattr__(self, "score", round(float(self.score), SCORE_DIGITS))

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source.to_dict(),
            "target": self.target.to_dict(),
            "score": self.score,
            "evidence": [clue.to_dict() for clue in self.evidence],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Link:
        return cls(
            source=_side_from_dict(d["source"]),
            target=_side_from_dict(d["target"]),
            score=float(d["score"]),
            # Files written before links carried evidence have no such key.
            evidence=tuple(Clue.from_dict(c) for c in d.get("evidence") or ()),
        )


#: Half of a UTF-16 pair alone: JSON's escapes can spell it, UTF-8 cannot write it.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _side_from_dict(d: dict[str, Any]) -> Side:
    ids = d["sentences"]
    if not isinstance(ids, list):
        # A string would be read digit by digit: "12" as sentences 1 and 2.
        raise InputError(f"a link's sentences are a list of ids, not a {type(ids).__name__}")
    return Side(str(d["doc"]), tuple(int(i) for i in ids))


@dataclass(slots=True)
class Alignment:
    """Documents (the first is the source) and the links between their sentences."""

    documents: list[Document]
    links: list[Link]
    mode: Mode = "comparable"
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def source(self) -> Document:
        return self.documents[0]

    @property
    def targets(self) -> list[Document]:
        return self.documents[1:]

    def document(self, doc_id: str) -> Document:
        for d in self.documents:
            if d.id == doc_id:
                return d
        raise KeyError(doc_id)

    def to_dict(self, *, with_text: bool = False) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "info": self.info,
            "documents": [d.to_dict(with_text=with_text) for d in self.documents],
            "links": [link.to_dict() for link in self.links],
        }

    def to_json(self, *, indent: int | None = 2, with_text: bool = False) -> str:
        return json.dumps(self.to_dict(with_text=with_text), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Alignment:
        """The alignment ``d`` holds (as :meth:`to_dict` writes it); an :class:`InputError`
        that says what is wrong when it holds none."""
        try:
            alignment = cls(
                documents=[Document.from_dict(x) for x in d["documents"]],
                links=[Link.from_dict(x) for x in d["links"]],
                mode=d.get("mode", "comparable"),
                info=dict(d.get("info", {})),
            )
        except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as e:
            raise InputError(
                "not an alignment (write one with `aligner align --format json` or "
                "Alignment.to_json)"
            ) from e
        if alignment.mode not in get_args(Mode):
            raise InputError(f"mode {alignment.mode!r}: an alignment is parallel or comparable")
        if len(alignment.documents) < 2:
            raise InputError("an alignment needs a source and at least one target")
        for doc in alignment.documents:
            texts = [doc.text, *(t for x in doc.sentences for t in (x.text, x.translation) if t)]
            if any(_SURROGATE.search(t) for t in texts):
                raise InputError(f"{doc.id}: its text holds a lone surrogate (\\ud800-\\udfff)")
        ids = [doc.id for doc in alignment.documents]
        if twice := sorted({i for i in ids if ids.count(i) > 1}):
            raise InputError(
                f"document id {twice[0]!r} is given twice: links could not tell them apart"
            )
        alignment.check_links()
        alignment.check_evidence()
        return alignment

    def check_links(self) -> None:
        """Raise :class:`LinkError` if a link points at nothing or scores outside [0, 1]:
        a reader would select a sentence that is not there."""
        sizes = {d.id: len(d.sentences) for d in self.documents}
        for n, link in enumerate(self.links):
            if not 0.0 <= link.score <= 1.0:  # NaN too
                raise LinkError(f"link {n}: score {link.score} is not between 0 and 1")
            for side in (link.source, link.target):
                if side.doc not in sizes:
                    raise LinkError(f"link {n}: no document {side.doc!r}")
                bad = [i for i in side.sentences if not 0 <= i < sizes[side.doc]]
                if bad or not side.sentences:
                    raise LinkError(
                        f"link {n}: {side.doc!r} has no sentence {bad[0] if bad else '(none)'}"
                    )

    def check_evidence(self) -> None:
        """Raise :class:`EvidenceError` if a clue marks characters its sentence does not have.

        Readers slice sentences by these offsets: a clue that points past its sentence
        would mark the wrong words, so it is refused when an alignment is read.
        """
        docs = {d.id: d for d in self.documents}
        for n, link in enumerate(self.links):
            for m, clue in enumerate(link.evidence):
                for role, side, span in (
                    ("source", link.source, clue.source),
                    ("target", link.target, clue.target),
                ):
                    doc = docs.get(side.doc)
                    if doc is None or doc.span_text(span) is None:
                        text = "translation" if span.translation else "text"
                        raise EvidenceError(
                            f"link {n}, clue {m} ({clue.label!r}): {role} span "
                            f"{span.start}..{span.end} is not within the {text} of "
                            f"sentence {span.sentence} of {side.doc!r}"
                        )

    @classmethod
    def from_json(cls, text: str | bytes) -> Alignment:
        """The alignment :meth:`to_json` wrote; an :class:`InputError` for anything else."""
        if not isinstance(text, str | bytes | bytearray):
            raise InputError(
                f"cannot read an alignment from a {type(text).__name__}: give JSON text"
            )
        try:
            data = json.loads(text)
        except UnicodeDecodeError as e:
            raise InputError("not UTF-8 text, not an alignment .json") from e
        except json.JSONDecodeError as e:
            raise InputError(f"not JSON ({e.msg} at line {e.lineno})") from e
        except RecursionError as e:
            raise InputError("not an alignment (nested too deep)") from e
        return cls.from_dict(data)
