"""``aligner translate ... --scheduler``: the batch runner of :mod:`aligner.translation.batch`,
with its model calls on a Dask cluster.

The runner keeps everything else where it is, on the client: planning, resuming,
reading and splitting, writing each file atomically. Only translation moves, through a
:class:`ClusterTranslator` per source language. So outputs, resume rules and progress
are those of a local run, and the files equal a local run's byte for byte.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from typing import Any

from aligner.callbacks import Notify
from aligner.distributed.cluster import open_client, require_workers, worker_threads
from aligner.distributed.scheduler import SchedulerSpec
from aligner.distributed.translation import (
    ClusterTranslator,
    Length,
    PendingTranslation,
    token_length,
)
from aligner.errors import AlignerError
from aligner.model import Document, Sentence
from aligner.translation import find_translator
from aligner.translation.batch import BatchProgress, BatchTranslator, Job, TranslateReport


def _worker_model_id(from_code: str, to_code: str, options: dict[str, Any]) -> str | None:
    """On a worker: the id of its model for the pair, or ``None`` when it has none."""
    translator = find_translator(from_code, to_code, **options)
    return translator.model_id if translator is not None else None


class _AlreadyTranslated:
    """Stands in for the translator when a group's translations have come back."""

    def translate_documents(self, docs: Sequence[Document], *, progress: Any = None) -> None:
        return None


#: One group of files in flight: the runner's (job, document) pairs, and per language
#: the sentences sent and their pending translation.
_Pending = tuple[list[tuple[Job, Document]], list[tuple[list[Sentence], PendingTranslation]]]


class ClusterBatchTranslator(BatchTranslator):
    """A :class:`BatchTranslator` whose translators run on the workers of ``client``.

    The runner reads files in groups of a couple of thousand sentences, and translates
    and writes each group in turn. Here a group's chunks are sent off and the runner goes
    on reading the next groups while the workers translate; a group is written once its
    translations are back, oldest first. Groups and chunks are the same as in a local
    run, so the outputs are too; only the waiting overlaps.
    """

    def __init__(self, client: Any, to_code: str, **kwargs: Any) -> None:
        super().__init__(to_code, **kwargs)
        self.client = client
        self._cluster: dict[str, ClusterTranslator | None] = {}
        self._pending: deque[_Pending] = deque()
        self._writing = False

    # The runner only calls translate_documents() on what this returns, which both
    # stand-ins have: the override widens the type, not the behaviour.
    def translator(self, lang: str) -> ClusterTranslator | _AlreadyTranslated | None:  # type: ignore[override]
        if self._writing:
            return _AlreadyTranslated()
        if lang not in self._cluster:
            self._cluster[lang] = self._make(lang)
        return self._cluster[lang]

    def run(self, jobs: Sequence[Job], *, force: bool = False) -> TranslateReport:
        report = super().run(jobs, force=force)
        while self._pending:
            self._write_oldest(report)
        return report

    def _translate_group(self, group: list[tuple[Job, Document]], report: TranslateReport) -> None:
        by_lang: dict[str, list[Document]] = {}
        for _, doc in group:
            by_lang.setdefault(doc.lang, []).append(doc)
        advance = self.progress.sentences_done if self.progress else None
        started: list[tuple[list[Sentence], PendingTranslation]] = []
        for lang, docs in by_lang.items():
            translator = self._cluster.get(lang)
            assert translator is not None  # checked when the file was read
            sentences = [s for d in docs for s in d.sentences]
            started.append((sentences, translator.start([s.text for s in sentences],
                                                        progress=advance)))  # fmt: skip
        self._pending.append((group, started))
        # Write what is back; wait for the oldest group only while the newer ones alone
        # give every worker thread two chunks to chew on.
        window = 2 * worker_threads(self.client)
        while self._pending and (
            _unfinished([self._pending[0]]) == 0
            or (len(self._pending) > 1 and _unfinished(list(self._pending)[1:]) >= window)
        ):
            self._write_oldest(report)

    def _write_oldest(self, report: TranslateReport) -> None:
        group, started = self._pending.popleft()
        for sentences, pending in started:
            for sentence, translation in zip(sentences, pending.result(), strict=True):
                sentence.translation = translation
        # The runner's own writing (and reporting) of a translated group, unchanged.
        self._writing = True
        try:
            super()._translate_group(group, report)
        finally:
            self._writing = False

    def _make(self, lang: str) -> ClusterTranslator | None:
        """``None`` when no worker has a model for the pair (the file is reported, as locally)."""
        ids: dict[str, str | None] = self.client.run(
            _worker_model_id, lang, self.to_code, self.options
        )
        found = {i for i in ids.values() if i is not None}
        if not found:
            return None
        if len(found) > 1 or None in ids.values():
            detail = ", ".join(f"{w}: {i or 'none'}" for w, i in sorted(ids.items()))
            raise AlignerError(
                f"the Dask workers do not all have the same {lang}->{self.to_code} model "
                f"({detail}); install the same package on every worker"
            )
        model_id = found.pop()
        return ClusterTranslator(
            self.client, lang, self.to_code, options=self.options, expected_model_id=model_id,
            length=self._local_length(lang, model_id),
        )  # fmt: skip

    def _local_length(self, lang: str, model_id: str) -> Length | None:
        """The token counter of this machine's copy of the workers' model, if it has one."""
        local = find_translator(lang, self.to_code, **self.options)
        if local is None or local.model_id != model_id or len(local.packages) != 1:
            return None
        return token_length(str(local.packages[0].tokenizer))


def _unfinished(groups: list[_Pending]) -> int:
    return sum(p.unfinished() for _, started in groups for _, p in started)


def run_translate_batch(
    jobs: Sequence[Job],
    scheduler: SchedulerSpec,
    *,
    to_code: str,
    from_code: str | None = None,
    options: dict[str, Any] | None = None,
    progress: BatchProgress | None = None,
    force: bool = False,
    notify: Notify | None = None,
    dashboard: bool = True,
) -> TranslateReport:
    """What ``BatchTranslator(...).run(jobs)`` does, with the translating on ``scheduler``."""
    opts = dict(options or {})
    # One CTranslate2 thread per worker thread: workers are one per core; more threads
    # would make them fight over the cores (CTranslate2's 0 means "all of them").
    if not opts.get("threads"):
        opts["threads"] = 1
    with open_client(scheduler, notify=notify, dashboard=dashboard) as client:
        require_workers(client, scheduler)
        runner = ClusterBatchTranslator(
            client, to_code, from_code=from_code, options=opts, progress=progress
        )
        return runner.run(jobs, force=force)
