"""bertalign's reference scorer (vecalign's rules), loaded without its package.

``import bertalign.eval`` runs the package's ``__init__`` first, which imports torch and
sentence-transformers: 13 s on the test machine, for a scorer that needs only numpy.
The module is loaded from its file instead; it is the same code the published
Text+Berg figures were measured with.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path
from typing import Any


@cache
def score_multiple() -> Any:
    # find_spec of a top-level package locates it without running its __init__.
    package = importlib.util.find_spec("bertalign")
    assert package is not None and package.origin is not None
    spec = importlib.util.spec_from_file_location(
        "bertalign_reference_eval", Path(package.origin).parent / "eval.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.score_multiple
