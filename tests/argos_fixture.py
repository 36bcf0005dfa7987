"""A tiny, deterministic Argos package the test suite builds on the spot.

No real model can be downloaded here, so the suite makes one whose output is a known
function of its input: a word-level sentencepiece model trained on a handful of words,
and a one-layer CTranslate2 Transformer with hand-set weights whose decoder step ``t``
attends to source position ``t`` and emits that token through a fixed word swap
(Danish word <-> English word, e.g. ``Hunden`` <-> ``Dog``). Words outside the
vocabulary are unknown tokens, which CTranslate2's ``replace_unknowns`` copies from the
source. So "Hunden spiser Trumps æble." translates to exactly "Dog eats Trumps apple.".
"""

from __future__ import annotations

import http.server
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

#: Danish -> English words of the da->en test package (the model swaps each pair both ways).
DA_EN = {
    "Hunden": "Dog",
    "hunden": "dog",
    "Katten": "Cat",
    "katten": "cat",
    "spiser": "eats",
    "sover": "sleeps",
    "et": "an",
    "æble.": "apple.",
    "i": "in",
    "huset.": "house.",
    "og": "and",
    "er": "is",
    "stor.": "big.",
    "breve": "letters",
    "brev": "letter",
}
#: English -> German words of the en->de test package (pivot tests: da->en->de).
EN_DE = {"Dog": "Hund", "eats": "frisst", "an": "einen", "apple.": "Apfel.", "and": "und"}

MAX_POSITIONS = 256


@dataclass(frozen=True)
class BuiltPackage:
    archive: Path
    from_code: str
    to_code: str
    words: dict[str, str]


def build_package(
    dest: Path, from_code: str, to_code: str, words: dict[str, str], *, version: str = "1.0"
) -> BuiltPackage:
    """Build ``dest/translate-{from}_{to}-{version}.argosmodel`` with the word swap ``words``."""
    import ctranslate2.specs.transformer_spec as ts
    import sentencepiece as spm

    from aligner.translation.archive import write_archive

    name = f"translate-{from_code}_{to_code}-{version.replace('.', '_')}"
    work = dest / f"{name}.build"
    pkg = work / name
    (pkg / "model").mkdir(parents=True, exist_ok=True)
    corpus = work / "corpus.txt"
    vocab = sorted(set(words) | set(words.values()))
    corpus.write_text("\n".join(" ".join(vocab) for _ in range(3)) + "\n", encoding="utf-8")
    spm.SentencePieceTrainer.train(
        input=str(corpus), model_prefix=str(pkg / "sentencepiece"), model_type="word",
        vocab_size=len(vocab) + 3, hard_vocab_limit=False, minloglevel=2,
    )  # fmt: skip
    (pkg / "sentencepiece.vocab").unlink()
    sp = spm.SentencePieceProcessor(model_file=str(pkg / "sentencepiece.model"))
    pieces = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    index = {p: i for i, p in enumerate(pieces)}
    swap = list(range(len(pieces)))
    for a, b in words.items():
        swap[index["▁" + a]], swap[index["▁" + b]] = index["▁" + b], index["▁" + a]

    spec = _copy_swap_spec(len(pieces), swap)
    spec.register_source_vocabulary(pieces)
    spec.register_target_vocabulary(pieces)
    spec.validate()
    spec.optimize()
    spec.save(str(pkg / "model"))
    meta = {
        "package_version": version, "argos_version": "1.9", "type": "translate",
        "from_code": from_code, "from_name": from_code.upper(),
        "to_code": to_code, "to_name": to_code.upper(), "links": [],
    }  # fmt: skip
    (pkg / "metadata.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
    archive = write_archive(pkg, dest / f"{name}.argosmodel")
    del ts
    return BuiltPackage(archive, from_code, to_code, dict(words))


def _copy_swap_spec(vocab: int, swap: list[int]) -> object:
    """Hand-set weights: hard attention from target step t to source position t, then emit
    ``swap[source token]``. Every residual vector is a sum of one-hot blocks, and the layer
    norms' gamma/beta are set so that they return such vectors unchanged."""
    from ctranslate2.specs import transformer_spec

    f32 = np.float32
    big_l = MAX_POSITIONS
    d = 2 * vocab + big_l  # [token block | position block | attended-token block]
    tok0, pos0, att0 = 0, vocab, vocab + big_l

    def norm(spec: object, hot: int) -> None:
        mean = hot / d
        var = hot / d - mean * mean
        spec.gamma = np.full(d, np.sqrt(var + 1e-6), f32)  # type: ignore[attr-defined]
        spec.beta = np.full(d, mean, f32)  # type: ignore[attr-defined]

    def linear(spec: object, weight: np.ndarray) -> None:
        spec.weight = weight.astype(f32)  # type: ignore[attr-defined]
        spec.bias = np.zeros(weight.shape[0], f32)  # type: ignore[attr-defined]

    def silent_ffn(ffn: object, hot: int) -> None:
        norm(ffn.layer_norm, hot)  # type: ignore[attr-defined]
        linear(ffn.linear_0, np.zeros((4, d)))  # type: ignore[attr-defined]
        linear(ffn.linear_1, np.zeros((d, 4)))  # type: ignore[attr-defined]

    spec = transformer_spec.TransformerSpec.from_config((1, 1), 1)
    spec.config.add_source_eos = True  # the source's </s> sits where the output must end
    emb = np.zeros((vocab, d), f32)
    emb[np.arange(vocab), tok0 + np.arange(vocab)] = 1
    pos = np.zeros((big_l, d), f32)
    pos[np.arange(big_l), pos0 + np.arange(big_l)] = 1
    enc, dec = spec.encoder, spec.decoder
    enc.embeddings[0].weight = emb
    dec.embeddings.weight = emb.copy()
    enc.scale_embeddings = dec.scale_embeddings = False
    enc.position_encodings.encodings = pos
    dec.position_encodings.encodings = pos.copy()

    for layer in (enc.layer[0], dec.layer[0]):
        norm(layer.self_attention.layer_norm, 2)
        linear(layer.self_attention.linear[0], np.zeros((3 * d, d)))
        linear(layer.self_attention.linear[1], np.zeros((d, d)))
    norm(enc.layer_norm, 2)
    silent_ffn(enc.layer[0].ffn, 2)

    cross = dec.layer[0].attention
    norm(cross.layer_norm, 2)
    query = np.zeros((d, d))
    query[pos0 + np.arange(big_l), pos0 + np.arange(big_l)] = 100 * np.sqrt(d)
    linear(cross.linear[0], query)
    kv = np.zeros((2 * d, d))
    kv[pos0 + np.arange(big_l), pos0 + np.arange(big_l)] = 1  # keys: positions
    kv[d + att0 + np.arange(vocab), tok0 + np.arange(vocab)] = 1  # values: tokens
    linear(cross.linear[1], kv)
    linear(cross.linear[2], np.eye(d))
    silent_ffn(dec.layer[0].ffn, 3)
    norm(dec.layer_norm, 3)
    proj = np.zeros((vocab, d))
    for s in range(vocab):
        proj[swap[s], att0 + s] = 10
    linear(dec.projection, proj)
    return spec


def argos_env(root: Path) -> dict[str, str]:
    """Environment variables that put every Argos and aligner folder under ``root``."""
    return {
        "XDG_DATA_HOME": str(root / "data"),
        "XDG_CONFIG_HOME": str(root / "config"),
        "XDG_CACHE_HOME": str(root / "xdg-cache"),
        "ARGOS_PACKAGES_DIR": str(root / "data" / "argos-translate" / "packages"),
        "ALIGNER_MODELS_DIR": str(root / "models"),
        "ALIGNER_CACHE_DIR": str(root / "cache"),
    }


def install_with_argostranslate(archives: list[Path], env: dict[str, str]) -> None:
    """Install through argostranslate's own ``install_from_path``, in a fresh interpreter:
    argostranslate reads its settings at import time, so only a new process sees ``env``.
    All in one: importing argostranslate takes about 8 s."""
    code = "import sys, argostranslate.package as p\nfor a in sys.argv[1:]: p.install_from_path(a)"
    subprocess.run(
        [sys.executable, "-c", code, *map(str, archives)], env={**os.environ, **env},
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip


@pytest.fixture(scope="session")
def argos_packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BuiltPackage]:
    """The test packages, built once: ``da-en`` and ``en-de``."""
    d = tmp_path_factory.mktemp("argos-build")
    return {
        "da-en": build_package(d, "da", "en", DA_EN),
        "en-de": build_package(d, "en", "de", EN_DE),
    }


@pytest.fixture(scope="session")
def argos_home(
    tmp_path_factory: pytest.TempPathFactory, argos_packages: dict[str, BuiltPackage]
) -> dict[str, str]:
    """An Argos home with both test packages installed by argostranslate itself (treat as
    read-only: tests that install or remove use ``argos_empty``)."""
    env = argos_env(tmp_path_factory.mktemp("argos-home"))
    install_with_argostranslate([built.archive for built in argos_packages.values()], env)
    return env


@pytest.fixture
def argos_installed(
    argos_home: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[dict[str, str]]:
    """This test sees the installed test packages, and a cold private cache."""
    env = {**argos_home, "ALIGNER_CACHE_DIR": str(tmp_path / "cache"),
           "ALIGNER_MODELS_DIR": str(tmp_path / "models")}  # fmt: skip
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    yield env


@pytest.fixture
def argos_empty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """No package installed; every Argos folder is private to this test."""
    env = argos_env(tmp_path / "argos")
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    monkeypatch.delenv("ARGOS_PACKAGE_INDEX", raising=False)
    return env


class PackageIndex:
    """Files served at http://127.0.0.1:PORT/ from a dict, one thread, stopped by the fixture."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.hits: list[str] = []
        #: Paths whose body breaks off after this many bytes (the header says it all).
        self.cut: dict[str, int] = {}
        files, hits, cut = self.files, self.hits, self.cut

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                hits.append(self.path)
                body = files.get(self.path)
                if body is None:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body[: cut.get(self.path, len(body))])

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.timeout = 5
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def publish(self, built: BuiltPackage, body: bytes | None = None) -> None:
        name = f"/{built.archive.name}"
        self.files[name] = built.archive.read_bytes() if body is None else body
        meta = {
            "from_code": built.from_code, "to_code": built.to_code, "package_version": "1.0",
            "type": "translate", "links": [self.url + name.lstrip("/")],
        }  # fmt: skip
        index = json.loads(self.files.get("/index.json", b"[]"))
        self.files["/index.json"] = json.dumps([*index, meta]).encode()


@pytest.fixture
def index(argos_empty: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Iterator[PackageIndex]:
    served = PackageIndex()
    served.thread.start()
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", served.url)
    try:
        yield served
    finally:
        served.server.shutdown()
        served.server.server_close()
        served.thread.join(timeout=10)
