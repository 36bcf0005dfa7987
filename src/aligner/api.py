"""The library's front door: ``aligner.align(source, *targets)`` -> :class:`Alignment`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Literal

from aligner.documents import document_from_text, read_document
from aligner.embed import Encoder, load_encoder
from aligner.errors import InputError
from aligner.model import Alignment, Document, Link, Mode
from aligner.seeds import describe

DocLike = str | Path | Document
#: The probability a comparable link needs by default: more likely right than wrong.
LINK_THRESHOLD = 0.5
ModeArg = Literal["auto", "parallel", "comparable"]
Via = Literal["direct", "translation", "both"]
#: ``notify(message)``: one line for the person waiting (which mode was chosen, missing models).
Notify = Callable[[str], None]


def load(
    item: DocLike, *, doc_id: str, lang: str | None = None, one_per_line: bool = False
) -> Document:
    """A path (``Path``, or a ``str`` naming an existing file), text, or a Document.

    A file's id is its stem (a seed's, its manifest id); ``doc_id`` names text given inline.
    """
    if isinstance(item, Document):
        return item
    if isinstance(item, Path) or (
        isinstance(item, str) and "\n" not in item and len(item) < 4096 and Path(item).is_file()
    ):
        doc = read_document(item, lang=lang, one_per_line=one_per_line)
        describe(doc)
        return doc
    if isinstance(item, str) and len(item) < 4096 and "\n" not in item and _looks_like_path(item):
        raise InputError(f"{item}: no such file")
    return document_from_text(item, lang=lang, doc_id=doc_id, one_per_line=one_per_line)


def _looks_like_path(s: str) -> bool:
    return s.endswith((".txt", ".md", ".json")) or ("/" in s and " " not in s)


def load_documents(
    source: DocLike,
    targets: Sequence[DocLike],
    *,
    source_lang: str | None = None,
    target_lang: str | None = None,
    one_per_line: bool = False,
) -> list[Document]:
    """Source and targets as Documents with unique ids (file stems, else src/tgt1...)."""
    docs = [load(source, doc_id="src", lang=source_lang, one_per_line=one_per_line)]
    for i, t in enumerate(targets, 1):
        docs.append(load(t, doc_id=f"tgt{i}", lang=target_lang, one_per_line=one_per_line))
    seen: dict[str, int] = {}
    for d in docs:
        if d.id in seen:
            seen[d.id] += 1
            d.id = f"{d.id}-{seen[d.id]}"
        else:
            seen[d.id] = 1
    return docs


def align(
    source: DocLike,
    *targets: DocLike,
    mode: ModeArg = "auto",
    encoder: Encoder | str | None = None,
    via: Via | None = None,
    translate: bool = True,
    source_lang: str | None = None,
    target_lang: str | None = None,
    one_per_line: bool = False,
    threshold: float = LINK_THRESHOLD,
    notify: Notify | None = None,
) -> Alignment:
    """Align ``source`` with each of ``targets``.

    At least one target is needed. ``via``: align through the source's English
    translation, directly across languages, or both (the default when a translation
    model is installed). ``threshold``: in comparable mode, the probability a link needs
    (scores are calibrated: links at 0.8 are right about four times in five).
    """
    if not 0.0 <= threshold <= 1.0:
        raise InputError(f"threshold {threshold}: give a probability between 0 and 1")
    if not targets:
        raise InputError("give at least one target article to align with")
    say = notify or (lambda _msg: None)
    docs = load_documents(
        source, targets, source_lang=source_lang, target_lang=target_lang, one_per_line=one_per_line
    )
    enc = encoder if encoder is not None and not isinstance(encoder, str) else load_encoder(encoder)
    info: dict[str, object] = {"encoder": enc.id}

    translated = False
    if translate and via != "direct":
        translated = _fill_translations(docs, say)
    if via is None:
        via = "both" if translated else "direct"
    elif via in ("translation", "both") and not translated:
        raise InputError(
            f"--via {via} needs a {docs[0].lang}->en translation model; "
            "install one with `aligner models install` or use --via direct"
        )
    info["via"] = via

    chosen: Mode
    if mode == "auto":
        from aligner.aligners.auto import choose_mode

        chosen, reason = choose_mode(docs[0], docs[1:], enc)
        say(f"mode: {chosen} ({reason})")
        info["mode_reason"] = reason
    else:
        chosen = mode

    links: list[Link] = []
    if chosen == "parallel":
        from aligner.aligners.parallel import align_parallel

        for tgt in docs[1:]:
            links.extend(align_parallel(docs[0], tgt, enc))
    else:
        from aligner.aligners.comparable import DEFAULT, align_comparable

        settings = replace(DEFAULT, threshold=threshold)
        links = align_comparable(docs[0], docs[1:], enc, via=via, settings=settings)
    return Alignment(documents=docs, links=links, mode=chosen, info=info)


def _fill_translations(docs: list[Document], say: Notify) -> bool:
    """Translate the source into the targets' language when a model is installed."""
    src = docs[0]
    target_lang = docs[1].lang if len(docs) > 1 else "en"
    if src.lang == target_lang:
        return False
    from aligner.translation import shared_translator

    translator = shared_translator(src.lang, target_lang)
    if translator is None:
        say(
            f"no {src.lang}->{target_lang} translation model installed: translations are absent "
            f"(add one with `aligner models install {src.lang} {target_lang}` "
            "or a .argosmodel in models/)"
        )
        return False
    translator.translate_document(src)
    return True
