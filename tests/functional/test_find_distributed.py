"""`aligner find --scheduler`: the archive's new articles are encoded on the cluster's workers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from aligner.coverage import Archive, find
from aligner.documents import read_document
from aligner.embed import cached

distributed = pytest.importorskip("distributed")


def test_cluster_encoding_ranks_as_a_local_run(
    tmp_cache: Path, tmp_path: Path, ntrex_dir: Path
) -> None:
    from aligner.distributed.encode_batch import cluster_encoding
    from aligner.distributed.scheduler import SchedulerSpec

    ntrex = ntrex_dir
    archive = tmp_path / "archive"
    archive.mkdir()
    for i in range(4):
        shutil.copy(ntrex / f"{i:03d}.en", archive / f"{i:03d}.txt")
    here = cached(None)  # the client's: a cold cache (tmp_cache), so the workers must encode
    with cluster_encoding(SchedulerSpec(workers=1), None, here) as encode:
        opened = Archive.open([archive], here, encode=encode)
    sentences = int(opened.index.offsets[-1])
    # Every article sentence came back from the worker into the client's cache, once each.
    assert here.encoded == len({k.tobytes() for k in opened.index.keys}) > 0
    assert sentences >= here.encoded
    # With everything cached, encoding needs no cluster: a bad address is never dialled.
    unreachable = SchedulerSpec(address="tcp://127.0.0.1:9")
    with cluster_encoding(unreachable, None, here) as encode:
        assert len(encode([[s.text for s in read_document(ntrex / "000.en").sentences]])) == 1
    ranking = find(ntrex / "002.da", opened, top=4)
    assert ranking[0].name == "002.txt"
    # A local run of the same archive finds the vectors cached and ranks the same way.
    local = cached(None)
    again = find(ntrex / "002.da", archive, top=4, encoder=local)
    assert local.encoded == 0
    assert [(m.name, m.score) for m in again] == [(m.name, m.score) for m in ranking]
