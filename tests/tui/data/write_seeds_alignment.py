"""Write ``seeds-comparable.json``: the seeds aligned as the reader opens them, for the
snapshot tests (see ``tests/tui/test_snapshots.py``)."""

from __future__ import annotations

import os
from pathlib import Path

from aligner.api import align
from aligner.seeds import load_seeds

HERE = Path(__file__).parent
ROOT = HERE.parents[2]


def main() -> None:
    # As every user without FreeDict's dictionary sees them.
    os.environ["ALIGNER_DICTIONARY"] = "off"
    docs = load_seeds()
    for d in docs:
        # Relative to the checkout: the file must not name this machine's folders.
        d.path = str(Path(d.path).resolve().relative_to(ROOT)) if d.path else d.path
    alignment = align(docs[0], *docs[1:], mode="comparable")
    (HERE / "seeds-comparable.json").write_text(alignment.to_json(with_text=True) + "\n", "utf-8")


if __name__ == "__main__":
    main()
