"""Page furniture: lines a web page carries that are not the article.

Lines are judged whole and dropped by offset, never edited, so the offsets of the
sentences that remain still index the original file.
"""

from __future__ import annotations

import re

_FURNITURE_LINES = [
    r"accessibility links",
    r"breaking news",
    r"skip to (main )?content",
    r"(share|tweet|email|print|copy link|comments?)( (this|on) \w+)?",
    r"share (on|via) .*",
    r"related( stories| articles| news| content)?",
    r"most (viewed|read|popular)( articles| stories)?",
    r"(read more|see also|also read|læs også|læs mere)\b.*",
    r"(source|kilde)\s*:\s*\S.{0,60}",
    r"posted on\s*:.*",
    r"(modified|updated|published|opdateret|publiceret)( on)?\s*:.*",
    r"by [\w .'-]{2,60}, (staff )?(reporter|writer|correspondent)",
    r"please direct questions or comments to .*",
    r"for the latest headlines, follow .*",
    r"button that move to .*",
    r"-|–|—|•|\*",
]
_FURNITURE_RE = re.compile(r"^\s*(?:" + "|".join(_FURNITURE_LINES) + r")\s*$", re.IGNORECASE)

# Photo captions and credits: a credit at the end of the line, or a wire-photo preamble.
_CAPTION_RE = re.compile(
    r"(?:\b(?:foto|photo|fotos|photos|billede|image|picture)\s*:\s*[^.]{2,80}\s*$)"
    r"|(?:\[(?:file|photo|foto)\s*:[^\]]*\]\s*$)"
    r"|(?:^\s*\((?:files?|photo)\)\s)"
    r"|(?:\((?:yonhap|ap|afp|reuters|getty images|epa|ritzau scanpix)\)\s*$)",
    re.IGNORECASE,
)

# Teasers of other stories end with "... World News -" or a section name after an ellipsis.
_TEASER_RE = re.compile(r"(?:\.\.\.|…)\s*[\w ]{0,30}(?:-\s*)?$")


def is_furniture(line: str) -> bool:
    """True for a line that is page chrome, a caption or a credit rather than article text."""
    s = line.strip()
    if not s:
        return False
    return bool(_FURNITURE_RE.match(s) or _CAPTION_RE.search(s) or _TEASER_RE.search(s))


_WORD_RE = re.compile(r"\w+")
_ENDS_SENTENCE_RE = re.compile(r"[.!?:;\"'”’»)\]…]\s*$")
#: Share of a short caption's words that its credited twin must repeat for both to be captions.
_TWIN_OVERLAP = 0.6


def furniture_mask(lines: list[str]) -> list[bool]:
    """One flag per line; a line repeated verbatim (a caption shown twice) counts once.

    Two kinds of line are only recognisable by their neighbour:

    * a short caption printed just above its credited long form ("Trump shakes hands
      with Kim" over "... [File: AP Photo]"): most of its words recur in that twin;
    * a teaser headline (no closing punctuation) just above a teaser snippet that
      ends in "... World News -".
    """
    seen: set[str] = set()
    mask = []
    for line in lines:
        key = " ".join(line.split()).lower()
        dup = bool(key) and key in seen and len(key) > 30
        seen.add(key)
        mask.append(dup or is_furniture(line))
    for i in range(len(lines) - 1):
        line, nxt = lines[i].strip(), lines[i + 1].strip()
        if mask[i] or not line or not nxt or not mask[i + 1]:
            continue
        if _is_caption_twin(line, nxt) or (
            _TEASER_RE.search(nxt) and not _ENDS_SENTENCE_RE.search(line)
        ):
            mask[i] = True
    return mask


def _is_caption_twin(line: str, credited: str) -> bool:
    """True when ``credited`` is a credited caption that repeats most of ``line``'s words."""
    if not _CAPTION_RE.search(credited):
        return False
    words = [w.lower() for w in _WORD_RE.findall(line)]
    if not words:
        return False
    twin = {w.lower() for w in _WORD_RE.findall(credited)}
    return sum(w in twin for w in words) / len(words) >= _TWIN_OVERLAP
