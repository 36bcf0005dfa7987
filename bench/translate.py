"""Translation throughput: `aligner translate` against a bare CTranslate2 loop and against
argostranslate's own ``translate()``, and a warm-cache rerun against a cold run.

The model is transformer-base sized (6+6 layers, d_model 512, 8 heads, FFN 2048, int8)
with random weights, so no download is needed. Random weights would decode to whatever
length the decoding limit allows; instead the decoder's learned position table carries a
marker from position ``--decode-len`` on that the output layer maps to ``</s>``, so every
sentence decodes exactly that many tokens under every caller's settings (argostranslate
passes no length limit of its own).

Sentences: ``--sentences`` distinct Danish sentences whose word counts follow the seeds'
sentence lengths, made from the seeds' words, grouped into articles of ~20 sentences.
The contenders take turns in rounds of ``--round-articles`` articles, so that the load
of a shared machine falls on all of them alike; argostranslate, being slow, translates
one article per ``--argos-every`` rounds (throughputs are compared, not totals).

    .venv/bin/python bench/translate.py               # 2,000 sentences (~9 minutes here)
    .venv/bin/python bench/translate.py --sentences 200 --skip-argos   # quick look
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
ARTICLE_SENTENCES = 20
MODEL_SECONDS = [0.0]


def seed_sentences() -> list[str]:
    from aligner.documents import read_document

    doc = read_document(SEEDS / "000_dbc28797aa42c4f9.txt", lang="da")
    return [s.text for s in doc.sentences]


def make_corpus(n: int, rng: random.Random) -> list[str]:
    seeds = seed_sentences()
    lengths = [len(s.split()) for s in seeds]
    # Words without sentence-ending marks, so our splitter finds exactly the sentences made.
    words = sorted({w.strip(".!?:;\"'()") for s in seeds for w in s.split()} - {""})
    out: list[str] = []
    seen: set[str] = set()
    while len(out) < n:
        s = " ".join(rng.choice(words) for _ in range(rng.choice(lengths))).rstrip(",") + "."
        s = s[0].upper() + s[1:]
        if s not in seen:
            seen.add(s)
            out.append(s)
    return out


def build_package(dest: Path, decode_len: int, rng: np.random.Generator) -> Path:
    """A da->en Argos package folder (unpacked) and its .argosmodel beside it."""
    import sentencepiece as spm
    from ctranslate2.specs import transformer_spec

    from aligner.translation.archive import write_archive

    pkg = dest / "translate-da_en-bench"
    (pkg / "model").mkdir(parents=True)
    corpus = dest / "sp-corpus.txt"
    text = "\n".join(
        (SEEDS / f).read_text("utf-8") for f in sorted(os.listdir(SEEDS)) if f.endswith(".txt")
    )
    corpus.write_text(text, encoding="utf-8")
    spm.SentencePieceTrainer.train(
        input=str(corpus), model_prefix=str(pkg / "sentencepiece"), vocab_size=2000,
        model_type="unigram", hard_vocab_limit=False, minloglevel=2,
    )  # fmt: skip
    sp = spm.SentencePieceProcessor(model_file=str(pkg / "sentencepiece.model"))
    vocab = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    d, ffn, heads, layers, max_pos = 512, 2048, 8, 6, 512

    spec = transformer_spec.TransformerSpec.from_config(layers, heads)

    def lin(spec_: object, out_dim: int, in_dim: int) -> None:
        spec_.weight = (rng.standard_normal((out_dim, in_dim)) / np.sqrt(in_dim)).astype(np.float32)  # type: ignore[attr-defined]
        spec_.bias = np.zeros(out_dim, np.float32)  # type: ignore[attr-defined]

    def norm(spec_: object) -> None:
        spec_.gamma = np.ones(d, np.float32)  # type: ignore[attr-defined]
        spec_.beta = np.zeros(d, np.float32)  # type: ignore[attr-defined]

    def block(layer: object, cross: bool) -> None:
        sa = layer.self_attention  # type: ignore[attr-defined]
        norm(sa.layer_norm)
        lin(sa.linear[0], 3 * d, d)
        lin(sa.linear[1], d, d)
        if cross:
            ca = layer.attention  # type: ignore[attr-defined]
            norm(ca.layer_norm)
            lin(ca.linear[0], d, d)
            lin(ca.linear[1], 2 * d, d)
            lin(ca.linear[2], d, d)
        f = layer.ffn  # type: ignore[attr-defined]
        norm(f.layer_norm)
        lin(f.linear_0, ffn, d)
        lin(f.linear_1, d, ffn)
        # Dimension 0 carries the end-of-output marker: no layer may write into it.
        for out_proj in ([ca.linear[2]] if cross else []) + [sa.linear[1], f.linear_1]:
            out_proj.weight[0, :] = 0

    enc, dec = spec.encoder, spec.decoder
    emb = (rng.standard_normal((len(vocab), d))).astype(np.float32)
    emb[:, 0] = 0
    enc.embeddings[0].weight = emb
    dec.embeddings.weight = emb.copy()
    for layer in enc.layer:
        block(layer, cross=False)
    for layer in dec.layer:
        block(layer, cross=True)
    norm(enc.layer_norm)
    norm(dec.layer_norm)
    pos = _sinusoids(max_pos, d)
    pos[:, 0] = 0
    pos[decode_len:, 0] = 1000.0  # the marker: from here on the output layer says </s>
    dec.position_encodings.encodings = pos
    proj = (rng.standard_normal((len(vocab), d)) / np.sqrt(d)).astype(np.float32)
    proj[:, 0] = 0
    eos = vocab.index("</s>")
    proj[eos, :] = 0
    proj[eos, 0] = 100.0
    dec.projection.weight = proj
    bias = np.zeros(len(vocab), np.float32)
    bias[eos] = -50.0
    dec.projection.bias = bias
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    spec.validate()
    spec.optimize(quantization="int8")
    spec.save(str(pkg / "model"))
    (pkg / "metadata.json").write_text(
        '{"package_version": "1.0", "argos_version": "1.9", "type": "translate", '
        '"from_code": "da", "from_name": "Danish", "to_code": "en", "to_name": "English"}'
    )
    write_archive(pkg, dest / "translate-da_en-bench.argosmodel")
    return pkg


def _sinusoids(n: int, d: int) -> np.ndarray:
    pos = np.arange(n)[:, None]
    i = np.arange(d // 2)[None, :]
    angle = pos / np.power(10000, 2 * i / d)
    return np.concatenate([np.sin(angle), np.cos(angle)], axis=1).astype(np.float32)


class BareLoop:
    """The floor: tokenise, ``translate_batch`` batch by batch, decode; nothing else."""

    def __init__(self, pkg: Path, beam: int, batch: int, threads: int) -> None:
        import ctranslate2
        import sentencepiece as spm

        self.sp = spm.SentencePieceProcessor(model_file=str(pkg / "sentencepiece.model"))
        self.model = ctranslate2.Translator(str(pkg / "model"), device="cpu",
                                            compute_type="auto", inter_threads=1,
                                            intra_threads=threads)  # fmt: skip
        self.beam, self.batch = beam, batch
        self.model.translate_batch([self.sp.encode("Varm op.", out_type=str)], beam_size=beam)

    def run(self, sentences: list[str]) -> float:
        t0 = time.perf_counter()
        for i in range(0, len(sentences), self.batch):
            tokens = [self.sp.encode(s, out_type=str) for s in sentences[i : i + self.batch]]
            results = self.model.translate_batch(
                tokens, beam_size=self.beam, max_batch_size=self.batch,
                max_decoding_length=256, replace_unknowns=True,
            )  # fmt: skip
            [self.sp.decode_pieces(r.hypotheses[0]) for r in results]
        return time.perf_counter() - t0


def aligner_runner(beam: int, batch: int, threads: int) -> Any:
    from aligner.translation.batch import BatchTranslator

    runner = BatchTranslator(
        "en", from_code="da", options={"beam_size": beam, "batch_size": batch, "threads": threads}
    )
    translator = runner.translator("da")
    assert translator is not None
    translator.translate_sentences(["Varm op."])  # load the model, as the bare loop does
    # Time spent inside the model calls, to split our overhead from the model's work.
    step = translator._steps[0]
    real_run = step.run

    def timed_run(tokens: list[list[str]], spec: Any) -> list[list[str]]:
        t0 = time.perf_counter()
        try:
            return real_run(tokens, spec)  # type: ignore[no-any-return]
        finally:
            MODEL_SECONDS[0] += time.perf_counter() - t0

    step.run = timed_run
    return runner


def aligner_run(runner: Any, inputs: Path, out: Path, *, force: bool) -> tuple[float, int]:
    """What `aligner translate INPUTS --out OUT` does after parsing its arguments."""
    from aligner.translation.batch import plan_jobs

    t0 = time.perf_counter()
    report = runner.run(plan_jobs([str(inputs)], out, "en"), force=force)
    elapsed = time.perf_counter() - t0
    assert not report.failed, report.failed[0].message
    return elapsed, int(report.sentences)


class ArgosPerArticle:
    """argostranslate's ``translate()`` once per article. Its sentence splitter (MiniSBD)
    downloads a model, impossible offline, so it gets ours; everything else is its own."""

    def __init__(self, beam: int) -> None:
        from argostranslate import translate as at

        from aligner.sentences import split_spans

        class Splitter:
            def split_sentences(self, text: str) -> list[str]:
                return [text[s:e] for s, e in split_spans(text, "da")]

        self.at = at
        translation = at.get_translation_from_codes("da", "en")
        translation.underlying.sentencizer = Splitter()
        assert at.settings.beam_size == beam
        translation.translate("Varm op.")

    def run(self, article: str) -> float:
        t0 = time.perf_counter()
        self.at.translate(article, "da", "en")
        return time.perf_counter() - t0


def isolate_environment(tmp: Path) -> None:
    """Point every folder aligner and argostranslate use into ``tmp``.

    argostranslate reads these when first imported: call before anything imports it.
    """
    os.environ.update(
        {
            "XDG_DATA_HOME": str(tmp / "data"),
            "XDG_CONFIG_HOME": str(tmp / "config"),
            "XDG_CACHE_HOME": str(tmp / "xdg-cache"),
            "ALIGNER_CACHE_DIR": str(tmp / "cache"),
            "ARGOS_PACKAGES_DIR": str(tmp / "packages"),
            "ALIGNER_MODELS_DIR": str(tmp / "models"),
        }
    )


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--sentences", type=int, default=2000)
    ap.add_argument("--decode-len", type=int, default=32, help="tokens every sentence decodes")
    ap.add_argument("--beam-size", type=int, default=4)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--skip-argos", action="store_true")
    ap.add_argument(
        "--round-articles",
        type=int,
        default=5,
        help="articles per round (the contenders take turns round by round)",
    )
    ap.add_argument(
        "--argos-every",
        type=int,
        default=1,
        help="argostranslate (slow) translates the article of every Nth round",
    )
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="aligner-bench-"))
    isolate_environment(tmp)
    os.environ.update(
        {"ARGOS_BEAM_SIZE": str(args.beam_size), "ARGOS_INTRA_THREADS": str(args.threads)}
    )
    rng = random.Random(7)
    sentences = make_corpus(args.sentences, rng)
    per_round = ARTICLE_SENTENCES * args.round_articles
    rounds = [sentences[i : i + per_round] for i in range(0, len(sentences), per_round)]
    articles_dir = tmp / "articles"
    for r, chunk in enumerate(rounds):
        d = articles_dir / f"round_{r:03d}"
        d.mkdir(parents=True)
        for i in range(0, len(chunk), ARTICLE_SENTENCES):
            text = " ".join(chunk[i : i + ARTICLE_SENTENCES])
            (d / f"article_{i // ARTICLE_SENTENCES:03d}.txt").write_text(text + "\n", "utf-8")

    print(f"building the benchmark model in {tmp} ...", file=sys.stderr, flush=True)
    build_package(tmp / "build", args.decode_len, np.random.default_rng(7))
    from aligner.translation.packages import install_file

    installed = install_file(tmp / "build" / "translate-da_en-bench.argosmodel")
    from aligner.documents import read_document

    print(f"{len(sentences)} sentences in {len(rounds)} rounds of {args.round_articles} articles, "
          f"beam {args.beam_size}, batch {args.batch_size}, threads {args.threads}, "
          f"{args.decode_len} tokens decoded per sentence; load: {os.getloadavg()[0]:.1f}",
          flush=True)  # fmt: skip

    bare = BareLoop(installed.path, args.beam_size, args.batch_size, args.threads)
    runner = aligner_runner(args.beam_size, args.batch_size, args.threads)
    argos = None if args.skip_argos else ArgosPerArticle(args.beam_size)
    t_bare = t_ours = t_argos = 0.0
    n_ours = n_argos = 0
    # Interleaved rounds: the machine is shared, so each contender sees the same noise.
    n_bare = 0
    round_ratios: list[float] = []
    for r, chunk in enumerate(rounds):
        # The bare loop gets the very sentences our splitter finds (it merges a few).
        round_dir = articles_dir / f"round_{r:03d}"
        split = [s.text for f in sorted(round_dir.iterdir())
                 for s in read_document(f, lang="da").sentences]  # fmt: skip
        # Who goes first alternates: neither gets the warmer caches every time.
        if r % 2:
            dt, n = aligner_run(runner, round_dir, tmp / "out" / f"{r:03d}", force=True)
            dt_bare = bare.run(split)
        else:
            dt_bare = bare.run(split)
            dt, n = aligner_run(runner, round_dir, tmp / "out" / f"{r:03d}", force=True)
        t_bare += dt_bare
        n_bare += len(split)
        t_ours += dt
        n_ours += n
        round_ratios.append((n / dt) / (len(split) / dt_bare))
        if argos is not None and r % args.argos_every == 0:
            article = " ".join(chunk[:ARTICLE_SENTENCES])
            t_argos += argos.run(article)
            n_argos += len(chunk[:ARTICLE_SENTENCES])
        print(f"  round {r + 1}/{len(rounds)}: bare {n_bare / t_bare:.1f} sent/s, "
              f"aligner {n_ours / t_ours:.1f} sent/s", file=sys.stderr, flush=True)  # fmt: skip
    assert n_ours == n_bare, (n_ours, n_bare)
    # --force: every file is read, split and written again; translations come from the cache.
    warm, _ = aligner_run(runner, articles_dir, tmp / "out", force=True)
    # The same command again: finished files are seen to be done and skipped.
    resume, _ = aligner_run(runner, articles_dir, tmp / "out", force=False)

    def line(label: str, seconds: float, n: int) -> None:
        print(f"{label:<34}{seconds:8.2f} s {n:6d} sentences {n / seconds:8.1f} sent/s")

    line("bare CTranslate2 loop", t_bare, n_bare)
    line("aligner translate, cold cache", t_ours, n_ours)
    print(f"{'  of which CTranslate2 calls':<34}{MODEL_SECONDS[0]:8.2f} s"
          f"  (the rest: reading, language check, splitting, cache, writing)")  # fmt: skip
    line("aligner translate, warm cache", warm, n_ours)
    line("aligner translate, rerun (resume)", resume, n_ours)
    print(f"{'throughput vs bare loop':<34}{(n_ours / t_ours) / (n_bare / t_bare):8.2f}x"
          f"  (aim >= 0.9; median over {len(round_ratios)} rounds: "
          f"{float(np.median(round_ratios)):.2f}x)")  # fmt: skip
    print(f"{'warm rerun (--force) vs cold':<34}{t_ours / warm:8.1f}x  (aim >= 50)")
    print(f"{'rerun, nothing to do, vs cold':<34}{t_ours / resume:8.1f}x")
    if argos is not None and t_argos:
        line("argostranslate, once per article", t_argos, n_argos)
        ratio = (n_ours / t_ours) / (n_argos / t_argos)
        print(f"{'throughput vs argostranslate':<34}{ratio:8.2f}x  (aim >= 2)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
