"""Fuzzing `aligner align` with what users' files turn out to be: random bytes,
truncations (mid-character too), other encodings of the seeds, control characters, HTML.

Seeded and bounded (a fixed number of cases, each input at most a few kB), so it is the
same run every time and takes seconds. Whatever the input: exit 0 or 2, never a
traceback, exactly one stderr line when refused, an output that parses (JSON, or TMX
as strict XML) when not, and nothing written outside the output folder. Runs in-process
(``aligner.cli.main``): the cost is the inputs, not interpreters.
"""

from __future__ import annotations

import json
import random
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest

from aligner.cli import main
from aligner.translation.locations import packages_dir

SEED = 12
CASES = 60
#: Bytes of a seed an input starts from: a few paragraphs, seconds to encode cold.
PREFIX = 1500
EN = "Woodward obtained 25 letters that Trump and Kim wrote to each other.\n"

Mutation = Callable[[random.Random, bytes], bytes]


def _random_bytes(rng: random.Random, seed: bytes) -> bytes:
    return rng.randbytes(rng.choice([0, 1, 7, 300, 3000]))


def _truncated(rng: random.Random, seed: bytes) -> bytes:
    return seed[: rng.randrange(0, len(seed))]  # often inside a UTF-8 sequence


def _encoded(rng: random.Random, seed: bytes) -> bytes:
    text = seed.decode("utf-8", errors="ignore")
    encoding = rng.choice(["utf-16", "utf-16-le", "utf-32", "utf-8-sig", "latin-1", "cp1252"])
    return text.encode(encoding, errors="replace")


def _controls(rng: random.Random, seed: bytes) -> bytes:
    data = bytearray(seed)
    for _ in range(rng.randrange(1, 40)):
        data.insert(rng.randrange(0, len(data) + 1), rng.choice([0, 1, 7, 8, 11, 12, 27, 127]))
    return bytes(data)


def _flipped(rng: random.Random, seed: bytes) -> bytes:
    data = bytearray(seed)
    for _ in range(rng.randrange(1, 20)):
        data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data)


def _html(rng: random.Random, seed: bytes) -> bytes:
    paragraphs = seed.decode("utf-8", errors="ignore").split("\n\n")
    body = "".join(f"<p>{p}</p>" for p in paragraphs[: rng.randrange(1, 6)])
    return f"<!DOCTYPE html><html><body>{body}<script>x</script></body></html>".encode()


MUTATIONS: list[Mutation] = [_random_bytes, _truncated, _encoded, _controls, _flipped, _html]


def _assert_parses(output: str, label: str) -> None:
    """JSON or TMX that a strict parser reads, with no control character in any text."""
    if output.startswith("<?xml"):
        root = ET.fromstring(output.split("\n", 2)[2])  # after the declaration and DOCTYPE
        texts = [seg.text or "" for seg in root.iter("seg")]
    else:
        data = json.loads(output)
        texts = [s["text"] for d in data["documents"] for s in d["sentences"]]
    assert not any(ord(c) < 32 and c not in "\t\n\r" for t in texts for c in t), label


def _tree(root: Path) -> set[Path]:
    return {p.relative_to(root) for p in root.rglob("*")}


def test_align_survives_whatever_the_file_holds(
    seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    rng = random.Random(SEED)
    seeds = [p.read_bytes()[:PREFIX] for p in sorted(seeds_dir.glob("0*.txt"))]
    work = tmp_path / "work"
    work.mkdir()
    (work / "en.txt").write_text(EN, "utf-8")
    monkeypatch.chdir(work)
    packages = _tree(packages_dir()) if packages_dir().is_dir() else set()
    outcomes: dict[int, int] = {}
    for n in range(CASES):
        mutation = MUTATIONS[n % len(MUTATIONS)]
        data = mutation(rng, rng.choice(seeds))
        src = work / f"in{n}.txt"
        src.write_bytes(data)
        before = _tree(work)
        args = ["align", src.name, "en.txt", "--no-translate", "-o", f"out/{n}.json"]
        args += rng.choice([[], ["--mode", "comparable"], ["--format", "tmx"]])
        code = main(args)
        err = capsys.readouterr().err
        label = f"case {n} ({mutation.__name__}, {len(data)} bytes): {err!r}"
        assert code in (0, 2), label
        assert "Traceback" not in err and "internal error" not in err, label
        lines = err.strip().splitlines()
        assert all(line.startswith("aligner: ") for line in lines), label
        new = _tree(work) - before
        if code == 2:
            assert len(lines) == 1, label
            assert new == set(), label
        else:
            assert new <= {Path("out"), Path("out") / f"{n}.json"}, label
            _assert_parses((work / "out" / f"{n}.json").read_text("utf-8"), label)
        outcomes[code] = outcomes.get(code, 0) + 1
    assert (_tree(packages_dir()) if packages_dir().is_dir() else set()) == packages
    # Both kinds of outcome happen: the mutations are neither all fatal nor all harmless.
    assert outcomes.get(0, 0) >= 5 and outcomes.get(2, 0) >= 5, outcomes
