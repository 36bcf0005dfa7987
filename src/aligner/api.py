"""The library's front door: ``aligner.align(source, *targets)`` -> :class:`Alignment`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from aligner.cache import check_location
from aligner.callbacks import Notify
from aligner.documents import named_by_manifest, read_document
from aligner.embed import Encoder, as_encoder, check_encoder
from aligner.errors import AlignerError, InputError
from aligner.langid import normal_code
from aligner.model import (
    MODE_ARGS,
    VIAS,
    Alignment,
    Document,
    Link,
    Mode,
    ModeArg,
    Sentence,
    Via,
)
from aligner.paths import drop_in_folder
from aligner.translation import shared_translator
from aligner.translation.packages import check_known_code

DocLike = str | Path | Document
#: The probability a comparable link needs by default: more likely right than wrong.
LINK_THRESHOLD = 0.5


def load(
    item: DocLike,
    *,
    lang: str | None = None,
    one_per_line: bool = False,
    keep_furniture: bool = False,
    prefer: Sequence[str] = (),
) -> Document:
    """A new Document: a copy of a Document given, or one read from a path (``str`` or
    ``Path``). What aligning fills in (ids, translations) goes into the copy, so the
    caller's Document stays as it was.

    A ``str`` is always a path: a missing file is "no such file", never text to align
    (text in memory goes through :func:`aligner.document_from_text`). A file's id is its stem,
    or the one its folder's manifest gives it (the seeds have one).
    """
    if lang is not None:
        lang = check_known_code(normal_code(lang), "lang")
    if isinstance(item, Document):
        if not isinstance(item.id, str) or not item.id:
            raise InputError(f"a Document's id {item.id!r}: give a non-empty str (it names links)")
        if not item.sentences:
            raise InputError(f"{item.id}: has no sentences to align")
        if not all(isinstance(x, Sentence) and isinstance(x.text, str) for x in item.sentences):
            raise InputError(f"{item.id}: its sentences must be aligner.Sentence, each with a text")
        if not isinstance(item.lang, str) or not item.lang:
            raise InputError(f"{item.id}: has no language code (lang='da', 'en', ...)")
        doc = _copy(item)
        doc.lang = check_known_code(normal_code(item.lang, f"{item.id}: lang"), f"{item.id}: lang")
        return doc
    if not isinstance(item, str | Path):
        raise InputError(
            f"cannot align a {type(item).__name__}: give a path or an aligner.Document "
            "(aligner.document_from_text for text in memory)"
        )
    if isinstance(item, str) and "\n" in item and not _exists(item):
        # Text passed for a path: say so in one line, not echo it as a file name.
        raise InputError(
            f"{item[:40]!r}...: no such file; a str is a path (for text in memory: "
            "aligner.document_from_text(text, lang=...))"
        )
    doc = read_document(
        item,
        lang=lang,
        one_per_line=one_per_line,
        keep_furniture=keep_furniture,
        prefer=prefer,
    )
    return named_by_manifest(doc)


def _say_if_no_translation(docs: list[Document], enc: Encoder, say: Notify) -> None:
    """Parallel mode asked for texts that do not read as translations: it pairs their
    sentences in order all the same, with scores that look as good (0.77-0.79 between
    two unrelated NTREX stories, 0.86-0.96 for translations), so the person is told."""
    from aligner.aligners.auto import translates  # deferred: see align's imports

    for tgt in docs[1:]:
        ok, why = translates(docs[0], tgt, enc)
        if not ok:
            say(
                f"{tgt.id} does not read as a translation of {docs[0].id} ({why}); parallel "
                "mode pairs its sentences in order all the same: --mode comparable is for "
                "articles that only share a story"
            )


def _exists(path: str) -> bool:
    try:
        return Path(path).exists()
    except (OSError, ValueError):  # too long a name, a NUL in it
        return False


def _copy(doc: Document) -> Document:
    # The sentences too: translating one writes to it. Links name sentences by their
    # place in the list, and the aligners by id: a list filtered or numbered from 1 is
    # numbered again, in the copy, so the two agree.
    sentences = [replace(s, id=i) for i, s in enumerate(doc.sentences)]
    return replace(doc, sentences=sentences, notes=list(doc.notes))


def load_documents(
    source: DocLike,
    targets: Sequence[DocLike],
    *,
    source_lang: str | None = None,
    target_lang: str | None = None,
    one_per_line: bool = False,
    keep_furniture: bool = False,
) -> list[Document]:
    """Source and targets as new Documents (see :func:`load`) with unique ids (file stems
    or the Documents' own, a repeated one suffixed ``-2``, ``-3``...).

    A text too short to tell its language by (one sentence) leans on the languages
    given, then on those of the documents read before it.
    """
    if isinstance(targets, str | Path | Document):
        targets = [targets]  # one target, not a sequence of its path's letters
    hints = [x for x in (source_lang, target_lang) if x]
    options = {"one_per_line": one_per_line, "keep_furniture": keep_furniture}
    docs = [load(source, lang=source_lang, prefer=hints[::-1], **options)]
    for t in targets:
        prefer = [*hints, docs[0].lang]
        docs.append(load(t, lang=target_lang, prefer=prefer, **options))
    seen: dict[str, int] = {}
    for i, d in enumerate(docs):
        if d.id in seen:
            seen[d.id] += 1
            docs[i] = replace(d, id=f"{d.id}-{seen[d.id]}")
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
    keep_furniture: bool = False,
    threshold: float = LINK_THRESHOLD,
    notify: Notify | None = None,
) -> Alignment:
    """Align ``source`` with each of ``targets``: paths (``str`` or ``Path``) or
    :class:`Document` objects (``aligner.document_from_text`` for text in memory).

    At least one target is needed. ``via``: in comparable mode, align through the
    source's English translation, directly across languages, or both (the default when a
    translation model is installed); parallel mode aligns the texts themselves.
    ``threshold``: in comparable mode, the probability a link needs (scores are
    calibrated: links at 0.8 are right about four times in five). ``notify`` hears what
    the person should know: the mode chosen, furniture left out, a missing or broken
    translation model.
    """
    if mode not in MODE_ARGS:
        raise InputError(f"mode {mode!r}: give one of {', '.join(MODE_ARGS)}")
    if via is not None and via not in VIAS:
        raise InputError(f"via {via!r}: give one of {', '.join(VIAS)}, or None")
    if isinstance(threshold, bool) or not isinstance(threshold, int | float):
        raise InputError(f"threshold {threshold!r}: give a probability between 0 and 1")
    if not 0.0 <= threshold <= 1.0:
        raise InputError(f"threshold {threshold}: give a probability between 0 and 1")
    check_encoder(encoder)
    if not targets:
        raise InputError("give at least one target article to align with")
    say = notify or (lambda _msg: None)
    docs = load_documents(
        source,
        targets,
        source_lang=source_lang,
        target_lang=target_lang,
        one_per_line=one_per_line,
        keep_furniture=keep_furniture,
    )
    check_location()  # a bad cache path fails now, not after the notes below
    for doc in docs:
        for note in doc.notes:
            say(note)
    enc = as_encoder(encoder)
    info: dict[str, object] = {"encoder": enc.id}

    asked = via
    if mode == "parallel" and via in ("translation", "both"):
        # bertalign reads the texts themselves: a translation would only be shown, so
        # the lack of a model is no error here (the parallel branch below says so).
        via = None
    # None: translated; else why not.
    untranslated: _Untranslated | None = _Untranslated("")
    if translate and via != "direct":
        untranslated = _fill_translations(docs, say)
    if via is None:
        if untranslated is not None and untranslated.why:
            say(untranslated.why)
        via = "direct" if untranslated is not None else "both"
    elif via in ("translation", "both") and untranslated is not None:
        # One line: the reason is the error, not a note before it.
        src_lang, tgt_lang = docs[0].lang, docs[1].lang
        if untranslated.no_model:
            why = (
                f"a {src_lang}->{tgt_lang} translation model, and none is installed "
                f"(`aligner models install {src_lang} {tgt_lang}`)"
            )
        else:
            why = "the source's translation: " + (
                untranslated.cause
                or untranslated.why
                or (
                    "the source is in the targets' language"
                    if translate
                    else "translation is turned off (--no-translate, translate=False)"
                )
            )
        # Said to a library caller and a command line alike: "via", not "--via".
        raise InputError(f"via {via} needs {why}; or align with via direct")
    info["via"] = via

    chosen: Mode
    if mode == "auto":
        # Deferred, as each mode's aligner below: `import aligner`, and so every command,
        # would pay them (auto ~10 ms, parallel ~10 ms, comparable ~40 ms; bench/startup.py),
        # and a run needs one mode's only.
        from aligner.aligners.auto import choose_mode

        chosen, reason = choose_mode(docs[0], docs[1:], enc)
        say(f"mode: {chosen} ({reason})")
        info["mode_reason"] = reason
    else:
        chosen = mode
        if mode == "parallel" and notify is not None:  # a check no one hears costs for nothing
            _say_if_no_translation(docs, enc, say)

    links: list[Link] = []
    if chosen == "parallel":
        if asked in ("translation", "both"):
            say(
                f"via {asked} is for comparable mode: parallel mode aligns the texts "
                "themselves (a translation is only shown beside its sentence)"
            )
        info["via"] = "direct"
        # Deferred: see choose_mode's import above.
        from aligner.aligners.auto import single_sentence_link
        from aligner.aligners.parallel import align_parallel

        for tgt in docs[1:]:
            # Two one-liners form one bead at most; bertalign's import and compilation
            # alone took 17 s and 1.4 GB for it.
            single = single_sentence_link(docs[0], tgt, enc)
            links.extend(single if single is not None else align_parallel(docs[0], tgt, enc))
    else:
        # Deferred: see choose_mode's import above.
        from aligner.aligners.comparable import DEFAULT, align_comparable

        settings = replace(DEFAULT, threshold=threshold)
        # The least probability a link needed: below it the result holds none (the
        # reader's `-` stops there).
        info["threshold"] = threshold
        groups = _by_language(docs[1:])
        vias: dict[str, Via] = {
            # The translation is into the first target's language; the others' articles
            # are matched with the original.
            lang: via if lang == docs[1].lang else "direct"
            for lang in groups
        }
        if len(groups) > 1:
            say(_languages_note(groups, translated=via != "direct"))
            info["via_by_language"] = dict(vias)
        for lang, group in groups.items():
            links.extend(align_comparable(docs[0], group, enc, via=vias[lang], settings=settings))
        links.sort(key=lambda lk: (lk.source.sentences, lk.target.doc, lk.target.sentences))
    return Alignment(documents=docs, links=links, mode=chosen, info=info)


def _by_language(targets: Sequence[Document]) -> dict[str, list[Document]]:
    """Targets by language, in order of first appearance. Comparable mode matches words,
    picks a dictionary and a scorer for one language pair, so each language's articles
    are aligned apart."""
    groups: dict[str, list[Document]] = {}
    for doc in targets:
        groups.setdefault(doc.lang, []).append(doc)
    return groups


def _languages_note(groups: dict[str, list[Document]], *, translated: bool) -> str:
    langs = ", ".join(f"{lang} ({len(docs)})" for lang, docs in groups.items())
    first = next(iter(groups))
    note = f"the targets are in more than one language: {langs}; each language's are aligned apart"
    if translated:
        note += f", and the source's translation (into {first}) serves the {first} ones only"
    return note


@dataclass(frozen=True, slots=True)
class _Untranslated:
    """Why the source was not translated: ``why`` is "" where a person need not be told."""

    why: str
    no_model: bool = False
    #: The cause alone, for an error that stops the run (``why`` says the run goes on).
    cause: str = ""


def _fill_translations(docs: list[Document], say: Notify) -> _Untranslated | None:
    """Translate the source into the targets' language when a model is installed: None,
    else why not."""
    src = docs[0]
    target_lang = docs[1].lang if len(docs) > 1 else "en"
    if src.lang == target_lang:
        return _Untranslated("")
    try:
        translator = shared_translator(src.lang, target_lang, notify=say)
        if translator is None:
            return _Untranslated(_no_model(src.lang, target_lang), no_model=True)
        translator.translate_document(src)
    except AlignerError as e:
        # Alignment needs no model: a broken package costs the translations, not the result.
        for s in src.sentences:
            s.translation = None
        return _Untranslated(f"{e}; aligning without translation", cause=str(e))
    return None


def _no_model(src: str, tgt: str) -> str:
    return (
        f"no {src}->{tgt} translation model installed: translations are absent (add one "
        f"with `aligner models install {src} {tgt}` or a .argosmodel in {drop_in_folder()})"
    )
