"""``aligner`` on the command line. Thin: each command parses, calls the library, prints.

Exit codes: 0 success, 1 failure while working, 2 bad input or usage; always one line
on stderr that says what went wrong and what to do.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from aligner._version import __version__
from aligner.errors import AlignerError

_COMMANDS = ("read", "align", "align_batch", "find", "pair", "translate", "models", "eval")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One line, not argparse's usage dump: say what is wrong and where to look.
        self.exit(2, f"{self.prog}: {message} (see `{self.prog} --help`)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="aligner",
        description="Read foreign-language news side by side with English coverage "
        "of the same story.",
    )
    parser.add_argument("--version", action="version", version=f"aligner {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in _COMMANDS:
        module = importlib.import_module(f"aligner.cli.{name}_cmd")
        module.register(sub)
    return parser


def _deepest(parser: argparse.ArgumentParser, args: argparse.Namespace) -> argparse.ArgumentParser:
    """The (sub)command parser that ``args`` went through last: `aligner models install`."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            chosen = getattr(args, action.dest, None)
            if chosen in action.choices:
                return _deepest(action.choices[chosen], args)
    return parser


def _run(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:
        # argparse blames the top-level parser; the command's own help is where to look.
        _deepest(parser, args).error(f"unrecognized arguments: {' '.join(extra)}")
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    code: int = args.func(args)
    return code


def main(argv: Sequence[str] | None = None) -> int:
    try:
        # Building the parser imports the commands (and numpy, lingua, the encoder's
        # binding): a Ctrl-C there is an interrupt like any other, not a traceback.
        return _run(argv)
    except AlignerError as e:
        print(f"aligner: {e}", file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        print("aligner: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `aligner align ... | head`: the reader left; not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as e:
        if os.environ.get("ALIGNER_DEBUG"):
            raise
        print(
            f"aligner: internal error: {type(e).__name__}: {e} "
            "(rerun with ALIGNER_DEBUG=1 for the traceback and report it)",
            file=sys.stderr,
        )
        return 1
