"""Errors a user can act on. The CLI turns each into one line on stderr and an exit code."""

from __future__ import annotations


class AlignerError(Exception):
    """Base class: something went wrong while working (exit code 1)."""

    exit_code = 1


class InputError(AlignerError):
    """Bad input or usage: empty, binary, undecodable, missing or unsupported (exit code 2)."""

    exit_code = 2


class LanguageMismatchError(InputError):
    """A text is confidently in another language than the one it was declared in."""

    def __init__(self, message: str, *, found: str, declared: str) -> None:
        self.found = found
        self.declared = declared
        super().__init__(message)

    def __reduce__(self) -> tuple[object, ...]:
        # Pickled (a process pool's worker raising it), it must be rebuilt with its
        # keywords; Exception's default passes only the message.
        return (_mismatch, (str(self), self.found, self.declared))


def _mismatch(message: str, found: str, declared: str) -> LanguageMismatchError:
    return LanguageMismatchError(message, found=found, declared=declared)


class ModelMissingError(AlignerError):
    """No translation model for a language pair is installed (exit code 2)."""

    exit_code = 2

    def __init__(self, from_code: str, to_code: str, folder: str) -> None:
        self.from_code = from_code
        self.to_code = to_code
        super().__init__(
            f"no {from_code}->{to_code} translation model is installed; "
            f"run `aligner models install {from_code} {to_code}` (needs the Argos package index) "
            f"or `aligner models install FILE.argosmodel`, or copy the file into {folder}"
        )


class IndexUnreachableError(AlignerError):
    """The Argos package index cannot be reached (exit code 2)."""

    exit_code = 2
