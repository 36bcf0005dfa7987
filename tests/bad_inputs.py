"""The bad inputs aligner handles: one row per case, what the person types, the exit code
and what the one line on stderr must say. The tests assert against these rows, and
docs/bad-inputs.md is rendered from them (a test keeps the file current), so the table
cannot say what the program does not do.

Regenerate the doc: ``python tests/bad_inputs.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "bad-inputs.md"


@dataclass(frozen=True)
class Row:
    area: str
    case: str
    command: str
    code: int
    message: str


_ROWS = [
    # key, area, case, command, code, message (a part of the stderr line)
    ("missing", "files", "a path that does not exist", "aligner align a.txt typo", 2,
     "typo: no such file"),
    ("folder", "files", "a folder where a file belongs", "aligner align articles/ b.txt", 2,
     "is a folder, not a text file"),
    ("empty", "files", "an empty file", "aligner align empty.txt b.txt", 2, "is empty"),
    ("binary", "files", "a binary file (a JPEG renamed .txt)", "aligner align photo.txt b.txt",
     2, "looks like a binary file"),
    ("huge", "files", "a file over ALIGNER_MAX_BYTES (2 MB)", "aligner align book.txt b.txt", 2,
     "too large"),
    ("device", "files", "a device or pipe that never ends (no size to check first)",
     "aligner align /dev/zero b.txt", 2, "too large (the limit is"),
    ("long-name", "files", "a file name of 5,000 characters", "aligner align xxx…x.txt b.txt", 2,
     "cannot be opened: File name too long"),
    ("utf16-no-bom", "files", "UTF-16 without a byte-order mark", "aligner align notepad.txt b.txt",
     2, "looks like UTF-16 text without a byte-order mark; re-save it as UTF-8"),
    ("max-bytes", "settings", "ALIGNER_MAX_BYTES that is not a number",
     "ALIGNER_MAX_BYTES=lots aligner align a.txt b.txt", 2,
     "ALIGNER_MAX_BYTES must be a whole number of bytes"),
    ("wrong-lang", "files", "--from that the text contradicts",
     "aligner align --from da english.txt b.txt", 2, "not 'da' as given"),
    ("unknown-lang", "options", "a language code nobody knows",
     "aligner align --from xx a.txt b.txt", 2, "--from xx: not a language code"),
    ("empty-name", "files", "an empty file name (a shell variable that was not set)",
     "aligner align \"\" b.txt", 2, "an empty file name: name a text file"),
    ("find-unknown-lang", "options", "find --to with a code nobody knows (EN, eng)",
     "aligner find a.txt archive/ --to EN", 2, "--to EN: not a language code"),
    ("find-empty-archive-name", "options", "find with an empty ARCHIVE (it would search .)",
     "aligner find a.txt \"\"", 2, "ARCHIVE: an empty name"),
    ("out-folder", "output", "-o naming a folder", "aligner align a.txt b.txt -o /tmp", 2,
     "is a folder; -o/--out takes a file name"),
    ("out-new-folder", "output", "-o naming a folder not made yet (a name ending in /)",
     "aligner align a.txt b.txt -o aligned/", 2,
     "aligned/: names a folder; -o/--out takes a file name"),
    ("out-unwritable", "output", "-o where nothing can be written",
     "aligner align a.txt b.txt -o /proc/nonexist/x.json", 2, "cannot be written"),
    ("stdin-twice", "files", "- (standard input) for two articles", "aligner align - -", 2,
     "can be given once"),
    ("out-is-input", "output", "-o naming one of the articles",
     "aligner align a.txt b.txt -o a.txt", 2,
     "is one of the articles to align; -o takes another file"),
    ("beads-comparable", "output", "beads of a comparable alignment (links in any order)",
     "aligner align da.txt en.txt --mode comparable --format beads", 2,
     "align with --mode parallel for beads"),
    ("cache-file", "cache", "ALIGNER_CACHE_DIR naming a file",
     "ALIGNER_CACHE_DIR=notes.txt aligner align a.txt b.txt", 2,
     "is a file; remove it or point ALIGNER_CACHE_DIR at a folder"),
    ("via-no-model", "translation", "--via both with no model installed",
     "aligner align a.txt b.txt --via both", 2,
     "via both needs a da->en translation model, and none is installed"),
    ("translate-no-model", "translation", "translate with no model installed",
     "aligner translate a.txt --from da --out out/", 2,
     "no da->en translation model is installed"),
    ("translate-no-model-detected", "translation", "translate with no model and no --from",
     "aligner translate a.txt --out out/", 2,
     "no da->en translation model is installed"),
    ("translate-missing", "translation", "translate a file that is not there (no model either)",
     "aligner translate typo.txt --from da --out out/", 2, "typo.txt: no such file"),
    ("translate-already-there", "translation", "translate a file already in --to's language",
     "aligner translate english.txt --out out/", 2,
     "is already in 'en' (--to names the language to translate into)"),
    ("translate-same-lang", "translation", "--from and --to the same language",
     "aligner translate a.txt --from da --to da --out out/", 2, "nothing to translate"),
    ("translate-stdin", "translation", "translate - (a batch resumes by reading its files again)",
     "aligner translate - --from da --out out/", 2, "translate reads files"),
    ("translate-unknown-lang", "translation", "translate --from a code nobody knows",
     "aligner translate a.txt --from xx --out out/", 2, "--from xx: not a language code"),
    ("batch-list-folder", "batch", "a folder where the list of groups belongs",
     "aligner align-batch articles/ --out aligned/", 2, "is a folder; give the list of groups"),
    ("pair-out-folder", "batch", "pair --out naming a folder (refused before the ranking)",
     "aligner pair a.txt archive/ --out aligned/", 2,
     "is a folder; -o/--out takes a file name, e.g. aligned/pairs.tsv"),
    ("pair-out-is-input", "batch", "pair --out naming an article of the archive",
     "aligner pair a.txt archive/ --out archive/en.txt", 2,
     "is one of the articles to pair; --out takes another file"),
    ("pair-out-in-archive", "batch", "pair --out naming a new article file inside the archive",
     "aligner pair a.txt archive/ --out archive/pairs.txt", 2,
     "is inside archive, whose files are read as articles; --out takes a file outside it"),
    ("install-folder", "models", "installing a folder", "aligner models install models/", 2,
     "is a folder, not a .argosmodel file"),
    ("install-broken-model", "models", "a package whose model.bin CTranslate2 cannot load",
     "aligner models install broken.argosmodel", 2, "CTranslate2 cannot load its model"),
    ("corrupt-archive", "models", "an archive damaged inside (one byte of model.bin flipped)",
     "aligner models install damaged.argosmodel", 2, "corrupt archive"),
    ("packages-dir-file", "models", "ARGOS_PACKAGES_DIR naming a file",
     "ARGOS_PACKAGES_DIR=notes.txt aligner models install da-en.argosmodel", 2,
     "cannot hold packages (File exists); point ARGOS_PACKAGES_DIR at a folder"),
    ("zip-bomb", "models", "an archive that would expand far beyond its size",
     "aligner models install bomb.argosmodel", 2, "zip bomb"),
    ("wrong-folder", "models", "a package in another pair's folder (en->de in translate-da_en)",
     "aligner models install trojan.argosmodel", 2, "package in a folder named"),
    ("non-http-link", "models", "an index entry linking file:///dev/zero",
     "aligner models install da en", 1, "no http(s) download link"),
    ("too-large-download", "models", "a download larger than the index's size",
     "aligner models install da en", 1, "stopped: more than"),
    ("download-404", "models", "the index's download answers 404", "aligner models install da en",
     1, "HTTP 404"),
    ("index-404", "models", "ARGOS_PACKAGE_INDEX answers 404", "aligner models install da en", 2,
     "answered HTTP 404"),
    ("broken-installed", "translation", "an installed package damaged on disk (translate)",
     "aligner translate a.txt --from da --out out/", 1, "is broken: CTranslate2 cannot load"),
]  # fmt: skip
ROWS: dict[str, Row] = {key: Row(*rest) for key, *rest in _ROWS}


def check(key: str, code: int, stderr: str) -> None:
    """``code`` and ``stderr`` are what row ``key`` promises: its exit code, one line that
    holds its message, no traceback."""
    row = ROWS[key]
    assert code == row.code, stderr
    assert "Traceback" not in stderr, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert row.message in lines[0], stderr


def render() -> str:
    out = [
        "# Bad inputs: what aligner says",
        "",
        "Every case below is a test (`tests/bad_inputs.py` holds the rows; the tests assert "
        "them, and `tests/functional/test_bad_inputs.py` checks this file against them: "
        "regenerate it with `python tests/bad_inputs.py`). Each prints one line on stderr, "
        "starting `aligner:`, that holds the message shown; never a traceback. Exit codes: "
        "2 bad input or usage, 1 failure while working.",
        "",
        "| area | case | command | exit | stderr says |",
        "| --- | --- | --- | --- | --- |",
    ]
    for row in ROWS.values():
        out.append(f"| {row.area} | {row.case} | `{row.command}` | {row.code} | {row.message} |")
    out += [
        "",
        "Handled without an error (exit 0, a note on stderr where the person should know):",
        "",
        "- `-` for the source of `align` or `find` (or one `align` target) reads standard "
        "input, as a file is read;",
        "- in a folder that find, pair or read --archive searches, data, code and media files "
        "(JSON, CSV, images, PDF...) and a README or LICENSE are left out, one line naming "
        "them; named on the command line, any file is read;",
        "- a UTF-16 file with a byte-order mark (what Windows Notepad writes) is decoded;",
        "- an HTML page saved as `.txt` is read as the page's text (a note says so);",
        "- control characters (ESC, NUL) become spaces, so TMX and HTML outputs always parse;",
        "- page furniture is left out and counted (`--keep-furniture` keeps it); article "
        'paragraphs ending in "..." or "(AFP)", or starting "Kilde:", are kept;',
        "- a sentence of more than 1,000 characters (a line without punctuation) is cut at spaces;",
        "- a one-sentence text takes its language from the other documents or the hint "
        "when lingua cannot tell;",
        "- a `models/` folder in the current directory is never installed from;",
        "- a broken installed package costs `align` its translations (a note), not the result;",
        "- a damaged cache database is moved aside and a new one started (a note);",
        "- a download killed half-way leaves a hidden file that the next install removes.",
        "",
    ]
    return "\n".join(out)


if __name__ == "__main__":
    DOC.write_text(render(), encoding="utf-8")
    print(f"wrote {DOC}")
