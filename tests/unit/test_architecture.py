"""The core stays free of Textual: only ``aligner.tui`` (and ``aligner read``) may use it."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def test_import_linter_contract_holds(tmp_path: Path) -> None:
    """Runs the contract of pyproject.toml. Textual is outside the project, so the checker
    must be told to look at external packages; the copy here says so in case pyproject
    does not."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["importlinter"]
    lines = ["[tool.importlinter]"]
    for key, value in config.items():
        if key != "contracts":
            lines.append(f"{key} = {_toml_value(value)}")
    if "include_external_packages" not in config:
        lines.append("include_external_packages = true")
    for contract in config["contracts"]:
        lines.append("[[tool.importlinter.contracts]]")
        lines.extend(f"{k} = {_toml_value(v)}" for k, v in contract.items())
    assert any(c.get("forbidden_modules") == ["textual"] for c in config["contracts"])
    path = tmp_path / "importlinter.toml"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    result = subprocess.run(
        [str(LINT_IMPORTS), "--config", str(path), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "KEPT" in result.stdout


def test_the_contract_catches_a_textual_import(tmp_path: Path) -> None:
    """The same kind of contract over the reader's own module breaks: the check can fail."""
    path = tmp_path / "importlinter.toml"
    path.write_text(
        '[tool.importlinter]\nroot_package = "aligner"\ninclude_external_packages = true\n'
        '[[tool.importlinter.contracts]]\nname = "reader"\ntype = "forbidden"\n'
        'source_modules = ["aligner.tui.app"]\nforbidden_modules = ["textual"]\n',
        "utf-8",
    )
    result = subprocess.run(
        [str(LINT_IMPORTS), "--config", str(path), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode != 0 and "BROKEN" in result.stdout


def test_no_core_module_loads_textual() -> None:
    """Imports every module outside aligner.tui and checks Textual never got loaded."""
    script = textwrap.dedent(
        """
        import importlib, pkgutil, sys
        import aligner
        names = [m.name for m in pkgutil.walk_packages(aligner.__path__, "aligner.")
                 if not m.name.startswith("aligner.tui") and m.name != "aligner.__main__"]
        for name in names:
            importlib.import_module(name)
        loaded = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
        print(len(names), loaded[:5])
        sys.exit(1 if loaded else 0)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    imported = int(result.stdout.split()[0])
    assert imported > 20, "walked the whole package"


def test_the_reader_does_load_textual() -> None:
    """The check above can fail: importing the reader does bring Textual in."""
    script = "import sys, aligner.tui.app; sys.exit(0 if 'textual' in sys.modules else 1)"
    assert subprocess.run([sys.executable, "-c", script], cwd=ROOT, timeout=300).returncode == 0
