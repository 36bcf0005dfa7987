"""Facts in words: which words of one sentence find a counterpart in another.

A sentence cosine from a small encoder says "same story"; the facts live in words: who,
what, how many, where. This module finds, for every content word of a source text, its
best counterpart in a target text, from three kinds of evidence:

* the same number ("25" / "25", "tre" / "three");
* the same word or a cognate, compared by lemma (``simplemma``) and, across languages,
  by the first letters of the folded word ("diplomatisk" / "diplomatic");
* a bilingual lexicon induced from the encoder itself: each distinct lemma of the
  documents is encoded once (cached like sentences), and a source and a target word
  pair up when they are each other's nearest neighbour under CSLS (Conneau et al. 2018,
  the criterion of MUSE), so "breve" meets "letters" without a dictionary;
* where the machine has one (:mod:`aligner.aligners.dictionary`), a dictionary's
  pairs too, which know the everyday words the encoder confuses ("bold" / "ball").

Words weigh by rarity in the language at large (``wordfreq``), not in the five articles
at hand: "the" weighs nothing, "Woodward" a lot, and the story's ever-present names
still weigh what they weigh in the world.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from aligner.aligners import dictionary
from aligner.aligners.anchors import NUMBER_WORDS, STEM, fold
from aligner.cache import Store, content_key
from aligner.embed import Encoder, normalise

_TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+")
_SENTENCE_START_RE = re.compile(r"[.!?:;\"'‘’“”«»()\[\]–—-]")
#: Rarity above which (zipf frequency) a word is a function word: "the", "og", "said".
ZIPF_CEILING = 6.5
#: Weight of a number: rarer than most words, and a fact by itself.
NUMBER_WEIGHT = 5.0
#: Largest weight (words wordfreq does not know: names, coinages, typos).
MAX_WEIGHT = 6.0
#: Neighbours in the CSLS criterion.
CSLS_K = 10
#: A lexicon pair needs at least this cosine too: mutual nearest neighbours of unrelated
#: words happen when a word has no translation among the other side's words.
LEXICON_FLOOR = 0.87
#: ... and must beat the source word's next best target word by this much: "ville"
#: (would) is as close to "town" as to "world", so it has no translation here.
LEXICON_GAP = 0.02


@dataclass(slots=True, frozen=True)
class Token:
    """A content word (or number) of one sentence, with where it stands."""

    sentence: int
    start: int
    end: int
    surface: str
    #: What compares: the lemma in lower case ("brev", "præsident"), or "#25" for a number.
    key: str
    weight: float
    #: Written with a capital inside a sentence: a name.
    name: bool

    @property
    def number(self) -> bool:
        return self.key.startswith("#")


def tokenize(texts: Sequence[tuple[int, str]], lang: str) -> list[list[Token]]:
    """The content words and numbers of each ``(sentence id, text)``; words of no weight
    (function words) are left out."""
    numbers = NUMBER_WORDS.get(lang.split("-")[0], {})
    raw: list[list[tuple[re.Match[str], bool]]] = []
    for _sid, text in texts:
        found = list(_TOKEN_RE.finditer(text))
        raw.append(
            [
                (
                    m,
                    pos == 0
                    or bool(_SENTENCE_START_RE.search(text[found[pos - 1].end() : m.start()])),
                )
                for pos, m in enumerate(found)
            ]
        )
    info = word_info(
        {m.group(0).lower() for r in raw for m, _ in r if not m.group(0)[0].isdigit()}, lang
    )
    out: list[list[Token]] = []
    for (sid, _text), items in zip(texts, raw, strict=True):
        toks: list[Token] = []
        for m, initial in items:
            w = m.group(0)
            low = w.lower()
            if w[0].isdigit():
                digits = w.replace(",", "").split(".")[0]
                if digits.isdigit():
                    toks.append(
                        Token(sid, m.start(), m.end(), w, f"#{int(digits)}", NUMBER_WEIGHT, False)
                    )
            elif low in numbers:
                toks.append(
                    Token(sid, m.start(), m.end(), w, f"#{numbers[low]}", NUMBER_WEIGHT, False)
                )
            elif len(w) >= 2:
                key, weight = info[low]
                if weight > 0:
                    toks.append(
                        Token(
                            sid, m.start(), m.end(), w, key, weight, w[0].isupper() and not initial
                        )
                    )
        out.append(toks)
    return out


#: Bump when lemmas or weights change meaning: it is part of every cached entry's key.
_INFO_VERSION = "wordfreq3-simplemma2:v2"


def word_info(words: Iterable[str], lang: str) -> dict[str, tuple[str, float]]:
    """``word -> (lemma, rarity weight)``, cached on disk: loading simplemma's
    Danish lexicon alone takes a second, which a warm run must not pay."""
    items = sorted(words)
    if not items:
        return {}
    store = Store("words")
    ns = f"{_INFO_VERSION}:{lang}"
    keys = [content_key(ns, w) for w in items]
    found = store.get_many(keys)
    out: dict[str, tuple[str, float]] = {}
    missing: list[tuple[bytes, bytes]] = []
    for k, w in zip(keys, items, strict=True):
        cached = _word_entry(found.get(k))
        if cached is None:  # not cached, or damaged: worked out again
            # Through the text stored, so a word weighs the same cached or not.
            cached = (_lemma(w, lang), float(f"{_rarity(w, lang):.3f}"))
            missing.append((k, f"{cached[0]}\t{cached[1]:.3f}".encode()))
        out[w] = cached
    if missing:
        store.put_many(missing)
    return out


def _rarity(word: str, lang: str) -> float:
    """How much a word says: ``ZIPF_CEILING`` minus its zipf frequency, in [0, MAX_WEIGHT]."""
    # Deferred: ~240 ms to import (bench/startup.py), paid only when words are weighed.
    from wordfreq import zipf_frequency

    # It warns on stderr when it stands in a near language ('tl' -> 'fil'): an aside our
    # one-line messages must not carry.
    logging.getLogger("wordfreq").setLevel(logging.ERROR)

    try:
        z = zipf_frequency(word, lang.split("-")[0])
    except Exception:  # a language wordfreq lacks, or one whose tokenizer is not installed
        z = 0.0
    return float(min(MAX_WEIGHT, max(0.0, ZIPF_CEILING - z)))


def _lemma(word: str, lang: str) -> str:
    """The lemma in lower case, where simplemma knows the language; else the word."""
    # Deferred: ~100 ms to import (bench/startup.py), paid only when words are lemmatised.
    import simplemma

    try:
        return str(simplemma.lemmatize(word, lang=lang.split("-")[0])).lower()
    except ValueError:
        return word


#: How a word pair matched, strongest first.
EXACT, COGNATE, LEXICON, NONE = 3, 2, 1, 0


@dataclass(slots=True)
class WordMatrix:
    """Source keys against target keys: how they match and how alike they are."""

    src_keys: list[str]
    tgt_keys: list[str]
    #: EXACT (same lemma or number), COGNATE, LEXICON (encoder mutual neighbours), NONE.
    kind: NDArray[np.int8]
    #: Graded similarity in [0, 1]: 1 for exact and cognate, the rescaled cosine otherwise.
    soft: NDArray[np.float32]
    #: Pairs an installed dictionary lists (None: no dictionary was consulted).
    listed: NDArray[np.bool_] | None = None


def match_words(
    src_keys: Sequence[str],
    tgt_keys: Sequence[str],
    encoder: Encoder,
    *,
    same_language: bool,
    langs: tuple[str, str] | None = None,
) -> WordMatrix:
    """Every source key against every target key (keys as :attr:`Token.key`); ``langs``
    (source's, target's) lets common words come from the shipped tables."""
    s_keys, t_keys = list(src_keys), list(tgt_keys)
    kind = np.zeros((len(s_keys), len(t_keys)), dtype=np.int8)
    soft = np.zeros(kind.shape, dtype=np.float32)
    if not s_keys or not t_keys:
        return WordMatrix(s_keys, t_keys, kind, soft)
    # Exact and cognate matches by lookup, not by comparing every pair.
    by_key: dict[str, list[int]] = {}
    by_stem: dict[str, list[int]] = {}
    for j, b in enumerate(t_keys):
        by_key.setdefault(fold(b), []).append(j)
        if not b.startswith("#"):
            by_stem.setdefault(_spelling(b)[:STEM], []).append(j)
    for i, a in enumerate(s_keys):
        if not same_language and not a.startswith("#"):
            sa = _spelling(a)
            near = [j for j in by_stem.get(sa[:STEM], []) if _cognate(sa, _spelling(t_keys[j]))]
            kind[i, near] = COGNATE
        kind[i, by_key.get(fold(a), [])] = EXACT
    s_words = [i for i, k in enumerate(s_keys) if not k.startswith("#")]
    t_words = [j for j, k in enumerate(t_keys) if not k.startswith("#")]
    if s_words and t_words:
        s_lang, t_lang = langs or ("", "")
        sv = word_vectors([s_keys[i] for i in s_words], s_lang, encoder)
        tv = word_vectors([t_keys[j] for j in t_words], t_lang, encoder)
        cos = np.asarray(sv @ tv.T, dtype=np.float32)
        lex = lexicon_pairs(cos)
        sub = kind[np.ix_(s_words, t_words)]
        if cos.shape[1] > 1:
            top2 = -np.partition(-cos, 1, axis=1)[:, :2]
            clear = cos - top2[:, 1:2] >= LEXICON_GAP
        else:
            clear = np.ones(cos.shape, dtype=np.bool_)
        sub[(sub == NONE) & lex & clear & (cos >= LEXICON_FLOOR)] = LEXICON
        kind[np.ix_(s_words, t_words)] = sub
        # Rescaled as BERTScore rescales: what an unrelated pair scores is 0.
        base = float(np.median(cos))
        soft[np.ix_(s_words, t_words)] = np.clip((cos - base) / max(1e-6, 1.0 - base), 0, 1)
    soft[kind >= COGNATE] = 1.0
    listed = None
    if not same_language and langs and dictionary.available(*langs):
        # A dictionary pair counts as a lexicon pair the encoder is sure of.
        pairs = dictionary_pairs(*langs)
        t_index = {k: j for j, k in enumerate(t_keys)}
        listed = np.zeros(kind.shape, dtype=np.bool_)
        for i, a in enumerate(s_keys):
            cols = [t_index[b] for b in pairs.get(a, ()) if b in t_index]
            listed[i, cols] = True
            cols = [j for j in cols if kind[i, j] < LEXICON]
            kind[i, cols] = LEXICON
            soft[i, cols] = 1.0
    return WordMatrix(s_keys, t_keys, kind, soft, listed)


#: Bump when :func:`dictionary_pairs` changes what it derives.
_PAIRS_VERSION = "pairs1"


@cache
def dictionary_pairs(src_lang: str, tgt_lang: str) -> dict[str, frozenset[str]]:
    """Source lemma -> target lemmas, as :class:`Token` keys, from the installed
    dictionary (empty without one). Headwords count as given and as lemmatised.

    Cached on disk under the dictionary files' hash: lemmatising its thousands of words,
    even from the word cache, would add a tenth of a second to every warm run."""
    stamp = dictionary.fingerprint(src_lang, tgt_lang)
    if stamp is None:
        return {}
    store = Store("words")
    key = content_key(f"{_PAIRS_VERSION}:{_INFO_VERSION}:{src_lang}-{tgt_lang}", stamp)
    found = store.get_many([key]).get(key)
    if found is not None:
        with suppress(ValueError, TypeError, AttributeError):  # damaged: made again
            return {str(k): frozenset(v) for k, v in json.loads(found).items()}
    pairs = _dictionary_pairs(src_lang, tgt_lang)
    store.put_many([(key, json.dumps({k: sorted(v) for k, v in pairs.items()}).encode())])
    return pairs


def _word_entry(value: bytes | None) -> tuple[str, float] | None:
    """A cached ``lemma<TAB>weight``, or None for none or a damaged one."""
    if not value:
        return None
    try:
        key, tab, weight = value.decode("utf-8").rpartition("\t")
        return (key, float(weight)) if tab else None
    except (UnicodeDecodeError, ValueError):
        return None


def _dictionary_pairs(src_lang: str, tgt_lang: str) -> dict[str, frozenset[str]]:
    listed = dictionary.entries(src_lang, tgt_lang)
    if not listed:
        return {}
    heads = word_info(listed, src_lang)
    words = word_info({w for ws in listed.values() for w in ws}, tgt_lang)
    out: dict[str, set[str]] = {}
    for head, translations in listed.items():
        keys = {words[w][0] for w in translations if words[w][1] > 0}
        if keys:
            out.setdefault(head, set()).update(keys)
            out.setdefault(heads[head][0], set()).update(keys)
    return {k: frozenset(v) for k, v in out.items()}


def _spelling(word: str) -> str:
    """Folded, with the letters that cognates across the Germanic and Romance languages
    swap made one: "amerikansk" and "american" start alike."""
    return fold(word).replace("k", "c").replace("ph", "f")


def _cognate(a: str, b: str) -> bool:
    """A shared beginning of five letters or more that covers most of both words:
    "diplomatisk" / "diplomatic", not "interview" / "international"."""
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n >= STEM and n >= 0.6 * max(len(a), len(b))


#: Where the tables of common words' vectors live (``bench/wordvecs.py`` builds them).
WORD_TABLES = Path(__file__).parent
#: Lemmas per language in a table.
TABLE_SIZE = 8000


@cache
def _table(lang: str) -> tuple[str, dict[str, int], NDArray[np.float32]] | None:
    """(encoder id, lemma -> row, unit vectors) of a language's table, if one ships."""
    path = WORD_TABLES / f"wordvecs-{lang.split('-')[0]}.npz"
    if not path.is_file():
        return None
    with np.load(path) as z:
        vecs = z["q"].astype(np.float32) * (z["scale"] / 127.0)
        words = z["words"].tobytes().decode("utf-8").split("\n")
        return str(z["encoder"]), {w: i for i, w in enumerate(words)}, normalise(vecs)


def word_vectors(keys: Sequence[str], lang: str, encoder: Encoder) -> NDArray[np.float32]:
    """The encoder's vectors of ``keys``: common words from the language's table when the
    table was made by this encoder, the rest encoded (and cached) as usual."""
    table = _table(lang) if lang else None
    if table is None or table[0] != encoder.id:
        return encoder.encode(list(keys))
    _id, rows, vecs = table
    missing = [k for k in keys if k not in rows]
    out = np.empty((len(keys), vecs.shape[1]), dtype=np.float32)
    encoded = iter(encoder.encode(missing)) if missing else iter(())
    for i, k in enumerate(keys):
        out[i] = vecs[rows[k]] if k in rows else next(encoded)
    return out


def lexicon_pairs(cos: NDArray[np.float32], k: int = CSLS_K) -> NDArray[np.bool_]:
    """Mutual nearest neighbours under CSLS: ``2 cos - r_t(x) - r_s(y)``, where ``r`` is the
    mean cosine of a word's ``k`` nearest neighbours on the other side (hubs pay)."""
    n, m = cos.shape
    kx, ky = max(1, min(k, m)), max(1, min(k, n))
    r_t = -np.partition(-cos, kx - 1, axis=1)[:, :kx].mean(axis=1)
    r_s = -np.partition(-cos, ky - 1, axis=0)[:ky, :].mean(axis=0)
    csls = 2 * cos - r_t[:, None] - r_s[None, :]
    best_t = csls.argmax(axis=1)
    best_s = csls.argmax(axis=0)
    out = np.zeros(cos.shape, dtype=np.bool_)
    rows = np.arange(n)
    out[rows, best_t] = best_s[best_t] == rows
    return out
