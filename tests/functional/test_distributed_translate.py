"""Translation on a Dask cluster: the same sentences out as one process, even when a
worker dies, with the model loaded once per worker."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from aligner.documents import read_document
from aligner.errors import AlignerError
from aligner.translation import find_translator

distributed = pytest.importorskip("distributed")

import paused_translate  # noqa: E402
from worker_killer import WorkerKiller  # noqa: E402

from aligner.distributed.plugin import ModelPlugin  # noqa: E402
from aligner.distributed.translation import (  # noqa: E402
    ClusterTranslator,
    chunks,
    token_length,
)


def model_loads(client: Any, name: str) -> dict[str, int]:
    """``{worker address: loads}``: how often each worker built the model."""

    def _loads(dask_worker: Any) -> int:
        plugin = dask_worker.plugins.get(name)
        return plugin.loads if isinstance(plugin, ModelPlugin) else 0

    result: dict[str, int] = client.run(_loads)
    return result


#: No cache: every run must make the workers translate, not read earlier results back.
#: Small batches, so that a few sentences still make several chunks.
OPTIONS: dict[str, Any] = {"batch_size": 2, "beam_size": 1, "threads": 1, "use_cache": False}


@pytest.fixture(scope="module")
def cluster(argos_home: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    env = {**argos_home, "ALIGNER_CACHE_DIR": str(tmp_path_factory.mktemp("worker-cache"))}
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=":0",
        silence_logs=50,
        env=env,  # the workers see the test packages, as the client does
    ) as c:
        yield c


@pytest.fixture
def client(cluster: Any) -> Iterator[Any]:
    with distributed.Client(cluster) as c:
        c.wait_for_workers(2, timeout=60)
        yield c


@pytest.fixture
def sentences(argos_installed: dict[str, str]) -> list[str]:
    """36 sentences of varied length made of the test model's words and unknown ones
    (numbers), some repeated as news repeats itself (repeats are sent once). Few: the
    test model decodes slowly and the machine is shared."""
    return _made_up(36)


def _made_up(n: int) -> list[str]:
    subjects, verbs = ["Hunden", "Katten", "Trump"], ["spiser", "sover", "er"]
    objects = ["et æble.", "i huset.", "stor.", "breve og brev i huset."]
    texts = []
    for i in range(n):
        clause = f"{subjects[i % 3]} {verbs[i % 2]} {i} {objects[i % 4]}"
        texts.append(" ".join([clause.rstrip(".") + " og"] * (i % 3) + [clause]))
    return texts + texts[:6]


def _single_process(sentences: list[str]) -> list[str]:
    translator = find_translator("da", "en", **OPTIONS)
    assert translator is not None
    return translator.translate_sentences(sentences)


def test_chunks_are_the_engines_chunks() -> None:
    texts = [f"s{'x' * (i % 5)}" for i in range(50)]
    got = chunks(texts, batch_size=2, length=len)
    assert [len(c) for c in got] == [16, 16, 16, 2]  # batch_size x 8 sentences a chunk
    flat = [t for c in got for t in c]
    assert flat == sorted(texts, key=len)  # a stable sort: ties keep first-seen order


def test_two_workers_translate_as_one_process_does(client: Any, sentences: list[str]) -> None:
    expected = _single_process(sentences)
    progressed: list[int] = []
    local = find_translator("da", "en", **OPTIONS)
    assert local is not None
    length = token_length(str(local.packages[0].tokenizer))
    translator = ClusterTranslator(client, "da", "en", options=OPTIONS, length=length)
    got = translator.translate_sentences(sentences, progress=progressed.append)
    assert got == expected
    assert sum(progressed) == len(sentences)
    assert len(progressed) > 2, "the work was not cut into several chunks"
    assert any(" and " in t for t in got)  # the test model really translated
    # Each worker loaded the model once and reused it for all its chunks.
    assert sorted(model_loads(client, translator.plugin_name).values()) == [1, 1]


def test_a_worker_killed_mid_run_loses_nothing(
    client: Any, argos_installed: dict[str, str]
) -> None:
    # Three times the usual run, so work is still in flight when the killer first looks:
    # with three chunks, a fresh machine's busy client once saw the last two finish first.
    sentences = _made_up(108)
    expected = _single_process(sentences)
    killer = WorkerKiller(client, wait=120)
    translator = ClusterTranslator(client, "da", "en", options=OPTIONS)
    try:
        got = translator.translate_sentences(sentences, progress=killer.progress)
    finally:
        killer.stop()
    assert killer.done_at_kill is not None, "no worker was busy after the first chunk"
    assert killer.done_at_kill < len(sentences), "the worker was killed after the run"
    assert got == expected
    # The victim is gone for good: its nanny restarted it under a new address.
    assert killer.victim not in client.scheduler_info()["workers"]


def test_documents_get_the_translations_of_their_sentences(
    client: Any, argos_installed: dict[str, str], seeds_dir: Path
) -> None:
    path = seeds_dir / "000_dbc28797aa42c4f9.txt"
    local, remote = read_document(path, lang="da"), read_document(path, lang="da")
    reference = find_translator("da", "en", **OPTIONS)
    assert reference is not None
    reference.translate_document(local)
    ClusterTranslator(client, "da", "en", options=OPTIONS).translate_document(remote)
    assert [s.translation for s in remote.sentences] == [s.translation for s in local.sentences]


def test_a_worker_with_another_model_is_refused(client: Any, sentences: list[str]) -> None:
    translator = ClusterTranslator(
        client, "da", "en", options=OPTIONS, expected_model_id="translate-da_en@0.9#feed"
    )
    with pytest.raises(AlignerError, match="install the same package on every worker"):
        translator.translate_sentences(sentences[:8])


def _write_articles(folder: Path, count: int) -> None:
    """Danish articles of the test model's words, one paragraph break each."""
    folder.mkdir(parents=True)
    subjects, verbs = ["Hunden", "Katten"], ["spiser", "sover", "er"]
    for a in range(count):
        sentences = [
            f"{subjects[(a + i) % 2]} {verbs[i % 3]} {a * 10 + i} et æble." for i in range(4)
        ]
        text = " ".join(sentences[:2]) + "\n\n" + " ".join(sentences[2:]) + "\n"
        (folder / f"article_{a}.txt").write_text(text, encoding="utf-8")


CLI_OPTIONS = ["--from", "da", "--to", "en", "--beam-size", "1", "--batch-size", "2"]


def _files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}


def test_cli_translate_on_a_cluster_writes_what_a_local_run_writes(
    argos_installed: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import aligner.translation.batch as batch
    from aligner.cli import main

    # A group per article: several groups are in flight on the cluster at once.
    monkeypatch.setattr(batch, "GROUP_SENTENCES", 4)
    _write_articles(tmp_path / "in", 6)
    assert main(["translate", str(tmp_path / "in"), "--out", str(tmp_path / "local"),
                 *CLI_OPTIONS]) == 0  # fmt: skip
    local = _files(tmp_path / "local")
    assert len(local) == 12 and b"Dog eats 0 an apple." in local["article_0.en.txt"]

    # A cold cache: the workers must translate, not read the local run's results back.
    monkeypatch.setenv("ALIGNER_CACHE_DIR", str(tmp_path / "cluster-cache"))
    capsys.readouterr()
    args = ["translate", str(tmp_path / "in"), "--out", str(tmp_path / "cluster"),
            *CLI_OPTIONS, "--scheduler", "local:2"]  # fmt: skip
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "running on a local Dask cluster of 2 workers" in err
    assert "6 translated" in err
    assert _files(tmp_path / "cluster") == local


def test_a_plain_translate_never_imports_dask(
    argos_installed: dict[str, str], tmp_path: Path
) -> None:
    _write_articles(tmp_path / "in", 1)
    code = (
        "import sys\n"
        "from aligner.cli import main\n"
        f"rc = main(['translate', {str(tmp_path / 'in')!r}, '--out', "
        f"{str(tmp_path / 'out')!r}, *{CLI_OPTIONS!r}])\n"
        "assert rc == 0, rc\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('dask', 'distributed'))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=300
    )
    assert done.stdout.strip() == ""
    assert (tmp_path / "out" / "article_0.en.txt").is_file()


def test_a_killed_client_resumes_on_rerun(
    argos_installed: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """kill -9 the client (and with it its local cluster) mid-run; the rerun completes
    the rest and the outputs equal an uninterrupted local run's."""
    import psutil

    from aligner.cli import main

    _write_articles(tmp_path / "in", 6)
    assert main(["translate", str(tmp_path / "in"), "--out", str(tmp_path / "local"),
                 *CLI_OPTIONS]) == 0  # fmt: skip
    monkeypatch.setenv("ALIGNER_CACHE_DIR", str(tmp_path / "cluster-cache"))
    out = tmp_path / "cluster"
    args = [str(tmp_path / "in"), "--out", str(out), *CLI_OPTIONS, "--scheduler", "local:2"]
    # Killed once the run has reported its first file done (it waits there for the kill).
    client = paused_translate.start(args, after=1, env={}, log=tmp_path / "killed.log")
    children: list[Any] = []
    try:
        paused_translate.wait_paused(client)
        children = psutil.Process(client.pid).children(recursive=True)
    finally:
        client.kill()
        client.wait(timeout=30)
        # The local cluster's processes die with their client or soon after; make sure.
        for child in children:
            with contextlib.suppress(psutil.NoSuchProcess):
                child.kill()
    written = set(_files(out))
    assert 0 < len(written) < 12, "the kill did not land mid-run"
    command = [sys.executable, "-m", "aligner", "translate", *args]
    rerun = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert "already done" in rerun.stderr
    assert _files(out) == _files(tmp_path / "local")
