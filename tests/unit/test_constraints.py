"""constraints.txt pins the test environment (``./dev lock`` writes it): it must agree with
pyproject.toml, and the environment ``./dev`` built must hold what it pins."""

from __future__ import annotations

import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]


def _pins() -> dict[str, str]:
    out = {}
    for line in (ROOT / "constraints.txt").read_text("utf-8").splitlines():
        spec = line.split("#", 1)[0].strip()
        if spec:
            req = Requirement(spec)
            (pin,) = req.specifier  # one ``==`` each: uv pip compile writes nothing else
            out[canonicalize_name(req.name)] = pin.version
    return out


def _requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    extras = project["optional-dependencies"]
    return [
        Requirement(r)
        for r in [*project["dependencies"], *extras["dev"], *extras["dask"]]
        if not r.startswith("aligner")
    ]


def test_every_dependency_is_pinned_within_its_range() -> None:
    pins = _pins()
    wrong = [
        f"{r} (pinned {pins.get(canonicalize_name(r.name), 'nowhere')})"
        for r in _requirements()
        if canonicalize_name(r.name) not in pins
        or not r.specifier.contains(pins[canonicalize_name(r.name)], prereleases=True)
    ]
    assert not wrong, "constraints.txt is stale, run ./dev lock: " + ", ".join(wrong)


def test_the_dev_environment_holds_the_pinned_versions() -> None:
    if not (Path(sys.prefix) / ".ready").exists():
        pytest.skip("not the environment ./dev builds (it installs with -c constraints.txt)")
    pins = _pins()
    installed = {r.name: metadata.version(r.name) for r in _requirements() if r.marker is None}
    differ = {
        n: (v, pins.get(canonicalize_name(n)))
        for n, v in installed.items()
        if v != pins.get(canonicalize_name(n))
    }
    assert not differ, f"installed / pinned: {differ}; run ./dev setup"
