"""An installed FreeDict dictionary (dictd's files) as word evidence; none ships."""

from __future__ import annotations

import gzip
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pytest

from aligner.aligners import dictionary
from aligner.aligners.words import LEXICON, NONE, dictionary_pairs, match_words
from aligner.embed import Vectors, normalise

_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def _b64(n: int) -> str:
    out = ""
    while True:
        out = _B64[n % 64] + out
        n //= 64
        if not n:
            return out


def _install(folder: Path, entries: dict[str, str]) -> None:
    """A dictd dictionary as Debian's dict-freedict-* packages lay it out."""
    data, index = b"", ["00databaseutf8\tA\tB"]
    for head, body in entries.items():
        chunk = f"{head} /x/ <n>\n{body}\n".encode()
        index.append(f"{head}\t{_b64(len(data))}\t{_b64(len(chunk))}")
        data += chunk
    (folder / "freedict-dan-eng.index").write_text("\n".join(index) + "\n", "utf-8")
    (folder / "freedict-dan-eng.dict.dz").write_bytes(gzip.compress(data))


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    _install(
        tmp_path,
        {"bold": "ball", "venstre": "left [modsat højre]", "møde": "encounter, meet"},
    )
    monkeypatch.setenv("ALIGNER_DICTIONARY", str(tmp_path))
    dictionary.entries.cache_clear()
    dictionary_pairs.cache_clear()
    yield tmp_path
    dictionary.entries.cache_clear()
    dictionary_pairs.cache_clear()


class _Apart:
    """An encoder that puts every word in its own direction: no lexicon pair at all."""

    id = "apart"

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def encode(self, texts: Sequence[str]) -> Vectors:
        rows = [self.seen.setdefault(t, len(self.seen)) for t in texts]
        return normalise(np.eye(16, dtype=np.float32)[rows] + 1e-3)


def test_entries_are_read_from_dictd_files_without_notes(installed: Path) -> None:
    found = dictionary.entries("da", "en")
    assert found["bold"] == {"ball"}
    assert found["venstre"] == {"left"}  # the bracketed note is not a translation
    assert found["møde"] == {"encounter", "meet"}
    assert dictionary.available("da", "en") and not dictionary.available("da", "de")


def test_dictionary_pairs_become_lexicon_matches(installed: Path) -> None:
    m = match_words(
        ["bold", "venstre", "bog"],
        ["ball", "left", "book"],
        _Apart(),
        same_language=False,
        langs=("da", "en"),
    )
    assert m.kind[0, 0] == LEXICON and m.soft[0, 0] == 1.0
    assert m.kind[1, 1] == LEXICON
    assert m.kind[2, 2] == NONE  # not in the dictionary, and the encoder gives nothing
    assert m.kind[0, 1] == NONE
    # Which pairs the dictionary listed stays known: a reader is shown them as clues.
    assert m.listed is not None
    assert m.listed.tolist() == [[True, False, False], [False, True, False], [False] * 3]


def test_off_or_absent_means_no_dictionary(
    installed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ALIGNER_DICTIONARY", "off")
    dictionary.entries.cache_clear()
    dictionary_pairs.cache_clear()
    assert not dictionary.available("da", "en") and dictionary.entries("da", "en") == {}
    m = match_words(["bold"], ["ball"], _Apart(), same_language=False, langs=("da", "en"))
    assert m.kind[0, 0] == NONE and m.listed is None


def test_a_broken_dictionary_is_ignored(installed: Path) -> None:
    (installed / "freedict-dan-eng.dict.dz").write_bytes(b"not gzip")
    dictionary.entries.cache_clear()
    assert dictionary.entries("da", "en") == {}


def test_pairs_are_kept_on_disk_by_the_dictionarys_content(
    installed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = dictionary_pairs("da", "en")
    assert "ball" in first["bold"]

    def unread(*_args: object) -> dict[str, frozenset[str]]:
        raise AssertionError("the dictionary was read again")

    # A second process: nothing in memory, the dictionary not read, the same pairs.
    dictionary_pairs.cache_clear()
    with monkeypatch.context() as mp:
        mp.setattr(dictionary, "entries", unread)
        assert dictionary_pairs("da", "en") == first
    # A changed dictionary (an upgraded package) is read afresh.
    _install(installed, {"bold": "football"})
    dictionary.entries.cache_clear()
    dictionary_pairs.cache_clear()
    assert "football" in dictionary_pairs("da", "en")["bold"]


def test_the_weights_follow_the_dictionary() -> None:
    from aligner.aligners.scorer import default_scorer

    assert default_scorer(True).info.get("dictionary") is True
    assert not default_scorer(False).info.get("dictionary")


@pytest.mark.skipif(
    not (dictionary.DICTD / "freedict-dan-eng.index").is_file(),
    reason="dict-freedict-dan-eng is not installed (apt-get install dict-freedict-dan-eng)",
)
def test_the_installed_dictionary_knows_everyday_words(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ALIGNER_DICTIONARY", raising=False)
    dictionary.entries.cache_clear()
    dictionary_pairs.cache_clear()
    found = dictionary.entries("da", "en")
    assert len(found) > 4000  # FreeDict's dan-eng 0.3.1 has 5,097 headwords
    assert "ball" in found["bold"] and "left" in found["venstre"] and "letter" in found["brev"]
    # By lemma: "breve" (letters) is looked up as "brev".
    assert "letter" in dictionary_pairs("da", "en")["brev"]
