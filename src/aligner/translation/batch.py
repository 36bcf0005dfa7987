"""Translating many files: one batched stream of sentences across files, atomic outputs,
resumable.

Per input file two outputs are written, each atomically (temporary file + rename): the
JSONL of (source sentence, translation, spans), then the translated text. A file counts
as done when both exist, are newer than its source and the JSONL holds the source as it
is, so a run killed at any moment (``kill -9``) leaves only complete outputs, and the
same command run again translates only what is missing; the translation cache makes
re-reading the rest cheap.
"""

from __future__ import annotations

import contextlib
import glob
import json
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

from aligner.documents import FURNITURE_NOTE, article_text, read_document
from aligner.errors import AlignerError, InputError, LanguageMismatchError
from aligner.fsutil import atomic_write_text
from aligner.langid import known_codes
from aligner.model import Document
from aligner.translation.discovery import find_translator
from aligner.translation.engine import Translator
from aligner.translation.rendering import translated_text

#: Suffixes picked up when a folder is given (files named one by one are always tried).
TEXT_SUFFIXES = (".txt", ".text", ".md")
#: Sentences read before a stream of model calls: many files share each batch, and a kill
#: loses at most this much work (which the cache mostly keeps anyway).
GROUP_SENTENCES = 2000

#: "in target": the file is in the language asked for already; it is left as it is, and
#: a folder mixing languages is no failure (a script's `translate dir && next` goes on).
Status = Literal["translated", "done before", "in target", "failed"]


@dataclass(frozen=True, slots=True)
class Job:
    source: Path
    text_out: Path
    jsonl_out: Path

    def is_done(self) -> bool:
        """Both outputs are newer than the source (the text, written last, ends the
        job), and made from the source as it is: every sentence the JSONL records is
        still at its place in it. Dates alone took a source replaced by another with an
        older date (``cp -p``, ``rsync -a``, git) for done; the JSONL alone, a source
        with a paragraph added at its end."""
        try:
            src = self.source.stat().st_mtime_ns
            if any(p.stat().st_mtime_ns < src for p in (self.jsonl_out, self.text_out)):
                return False
            lines = self.jsonl_out.read_text(encoding="utf-8").splitlines()
            rows = [json.loads(line) for line in lines if line.strip()]
            text = article_text(self.source)
            return bool(rows) and all(text[r["start"] : r["end"]] == r["source"] for r in rows)
        except (OSError, ValueError, KeyError, TypeError, AlignerError):
            return False


@dataclass(frozen=True, slots=True)
class FileResult:
    job: Job
    status: Status
    message: str = ""
    sentences: int = 0


@dataclass(slots=True)
class TranslateReport:
    results: list[FileResult] = field(default_factory=list)
    #: How files were read (furniture left out, HTML stripped), one line per file.
    notes: list[str] = field(default_factory=list)

    def count(self, status: Status) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "failed"]

    @property
    def sentences(self) -> int:
        return sum(r.sentences for r in self.results if r.status == "translated")

    def summary(self) -> str:
        furnished = sum(1 for n in self.notes if FURNITURE_NOTE in n)
        extra = (
            f"; page furniture left out of {furnished} file{'s' if furnished > 1 else ''} "
            "(--keep-furniture keeps it)"
            if furnished
            else ""
        )
        there = self.count("in target")
        left = f", {there} already in the language asked for, left as they are" if there else ""
        return (
            f"{self.count('translated')} translated ({self.sentences} sentences), "
            f"{self.count('done before')} already done{left}, "
            f"{self.count('failed')} failed{extra}"
        )


class BatchProgress(Protocol):
    def planned(self, files: int) -> None: ...
    def sentences_found(self, n: int) -> None: ...
    def sentences_done(self, n: int) -> None: ...
    def file_done(self, result: FileResult) -> None: ...


def _earlier_output(f: Path, out_dir: Path) -> bool:
    """Whether ``f`` is a translation an earlier run wrote: ``NAME.CODE.txt`` inside the
    output folder, beside the ``NAME.CODE.jsonl`` written before it. Only those: ``--out``
    may be the input folder itself, and an article may be called ``000.da.txt``."""
    name = f.name.rsplit(".", 2)
    return (
        len(name) == 3
        and name[2] == "txt"
        and name[1] in known_codes()
        and f.with_suffix(".jsonl").is_file()
        and f.resolve().is_relative_to(out_dir)
    )


def plan_jobs(inputs: Sequence[str], out_dir: Path, to_code: str) -> list[Job]:
    """Files named by ``inputs`` (files, folders, globs) and where their outputs go.

    A folder's files keep their path relative to it under ``out_dir``; a file's output
    is named after it. Two inputs that would write the same output are an InputError.
    """
    pairs: list[tuple[Path, Path]] = []
    out_resolved = out_dir.resolve()
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            # Outputs of an earlier run inside an input folder are not inputs of this one.
            found = sorted(
                f for f in p.rglob("*")
                if f.is_file() and f.suffix.lower() in TEXT_SUFFIXES
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
                and not _earlier_output(f, out_resolved)
            )  # fmt: skip
            pairs.extend((f, f.relative_to(p)) for f in found)
        elif p.exists() or not glob.has_magic(item):
            pairs.append((p, Path(p.name)))
        else:
            matches = sorted(Path(m) for m in glob.glob(item, recursive=True))
            if not matches:
                raise InputError(f"{item}: matches no file")
            pairs.extend((m, Path(m.name)) for m in matches if m.is_file())
    jobs: list[Job] = []
    seen: dict[Path, Path] = {}
    for src, rel in pairs:
        stem = out_dir / rel.parent / rel.stem
        if stem in seen and seen[stem].resolve() != src.resolve():
            raise InputError(
                f"{src} and {seen[stem]} would both write {stem}.{to_code}.txt; "
                "translate them in separate runs or give their folder instead"
            )
        if stem in seen:
            continue
        seen[stem] = src
        jobs.append(Job(src, Path(f"{stem}.{to_code}.txt"), Path(f"{stem}.{to_code}.jsonl")))
    if not jobs:
        raise InputError("no input files found (give files, folders or glob patterns)")
    # report.txt's translation is report.en.txt: where that is an input too (the person's
    # own English article, not an earlier run's output), writing it would destroy it.
    sources = {j.source.resolve(): j.source for j in jobs}
    # Named or matched by a glob, not found in a folder: an earlier run's output
    # (articles/*.txt run again into articles/) is this run's output, not an input.
    earlier = {
        out
        for j in jobs
        if (out := j.text_out.resolve()) in sources and _earlier_output(j.text_out, out_resolved)
    }
    jobs = [j for j in jobs if j.source.resolve() not in earlier]
    if not jobs:
        raise InputError("no input files found: only an earlier run's translations")
    for j in jobs:
        for out in (j.text_out.resolve(), j.jsonl_out.resolve()):
            if out in sources and out not in earlier:
                raise InputError(
                    f"{j.source}'s translation would replace the input {sources[out]}; "
                    "give --out another folder"
                )
    return jobs


def jsonl_lines(doc: Document) -> str:
    """One JSON object per sentence: its id, paragraph, span, source text and translation."""
    out: list[str] = []
    for s in doc.sentences:
        row = {"id": s.id, "paragraph": s.paragraph, "start": s.start, "end": s.end}
        row_text = {"source": s.text, "translation": s.translation}
        out.append(json.dumps({**row, **row_text}, ensure_ascii=False) + "\n")
    return "".join(out)


class BatchTranslator:
    """Runs jobs: reads files, translates them in groups, writes each file's outputs."""

    def __init__(
        self,
        to_code: str,
        *,
        from_code: str | None = None,
        options: dict[str, Any] | None = None,
        progress: BatchProgress | None = None,
        keep_furniture: bool = False,
    ) -> None:
        self.to_code = to_code
        self.keep_furniture = keep_furniture
        self.from_code = from_code
        self.options = options or {}
        self.progress = progress
        self._translators: dict[str, Translator | None] = {}

    def translator(self, lang: str) -> Translator | None:
        if lang not in self._translators:
            self._translators[lang] = find_translator(lang, self.to_code, **self.options)
        return self._translators[lang]

    def run(self, jobs: Sequence[Job], *, force: bool = False) -> TranslateReport:
        report = TranslateReport()
        _sweep_partial({j.text_out.parent for j in jobs})
        if self.progress:
            self.progress.planned(len(jobs))
        todo: list[Job] = []
        for job in jobs:
            if not force and job.is_done():
                self._finish(report, FileResult(job, "done before"))
            else:
                todo.append(job)
        group: list[tuple[Job, Document]] = []
        size = 0
        for job in todo:
            doc = self._read(job, report)
            if doc is None:
                continue
            group.append((job, doc))
            size += len(doc.sentences)
            if self.progress:
                self.progress.sentences_found(len(doc.sentences))
            if size >= GROUP_SENTENCES:
                self._translate_group(group, report)
                group, size = [], 0
        if group:
            self._translate_group(group, report)
        return report

    def _read(self, job: Job, report: TranslateReport) -> Document | None:
        try:
            doc = read_document(job.source, lang=self.from_code, keep_furniture=self.keep_furniture)
        except LanguageMismatchError as e:
            # `translate folder/ --from da`: the folder's English files are what the run
            # makes, not mistakes; a file in a third language is one.
            if e.found == self.to_code:
                msg = f"{job.source}: is already in '{e.found}'"
                self._finish(report, FileResult(job, "in target", msg))
            else:
                self._finish(report, FileResult(job, "failed", str(e)))
            return None
        except InputError as e:
            self._finish(report, FileResult(job, "failed", str(e)))
            return None
        if doc.lang == self.to_code:
            msg = f"{job.source}: is already in '{doc.lang}'"
            self._finish(report, FileResult(job, "in target", msg))
            return None
        if self.translator(doc.lang) is None:
            msg = (
                f"{job.source}: no {doc.lang}->{self.to_code} model installed "
                f"(`aligner models install {doc.lang} {self.to_code}`)"
            )
            self._finish(report, FileResult(job, "failed", msg))
            return None
        if doc.notes:
            report.notes.extend(doc.notes)
        return doc

    def _translate_group(self, group: list[tuple[Job, Document]], report: TranslateReport) -> None:
        by_lang: dict[str, list[Document]] = {}
        for _, doc in group:
            by_lang.setdefault(doc.lang, []).append(doc)
        advance = self.progress.sentences_done if self.progress else None
        for lang, docs in by_lang.items():
            translator = self.translator(lang)
            assert translator is not None  # checked when the file was read
            translator.translate_documents(docs, progress=advance)
        for job, doc in group:
            try:
                # The text last: a file is done once both are newer than its source.
                atomic_write_text(job.jsonl_out, jsonl_lines(doc))
                atomic_write_text(job.text_out, translated_text(doc))
            except OSError as e:
                raise AlignerError(f"cannot write {job.text_out}: {e.strerror or e}") from e
            self._finish(report, FileResult(job, "translated", sentences=len(doc.sentences)))

    def _finish(self, report: TranslateReport, result: FileResult) -> None:
        report.results.append(result)
        if self.progress:
            self.progress.file_done(result)


#: A temporary file this old is a killed run's: a write lasts well under a second.
#: Younger ones may be another run's (two runs into one folder), being written now.
PARTIAL_AGE = 600.0


def _sweep_partial(dirs: Iterable[Path]) -> None:
    """Temporary files a killed run left behind (``atomic_write``'s ``.NAME.*.part``)."""
    now = time.time()
    for d in dirs:
        if d.is_dir():
            for stale in d.glob(".*.part"):
                with contextlib.suppress(OSError):  # gone already: another run swept it
                    if now - stale.stat().st_mtime > PARTIAL_AGE:
                        stale.unlink()
