"""Page furniture: lines a web page carries that are not the article.

Lines are judged whole and dropped by offset, never edited, so the offsets of the
sentences that remain still index the original file. Only what is surely furniture goes:
boilerplate lines, captions marked as such (a photo credit, "(FILES)"), short credit
lines; a paragraph of article text that merely ends in "..." or "(AFP)", or begins
"Kilde:", stays.
"""

from __future__ import annotations

import re
from collections import Counter

_FURNITURE_LINES = [
    r"accessibility links",
    r"breaking news",
    r"skip to (main )?content",
    r"(share|tweet|email|print|copy link|comments?)( (this|on) \w+)?",
    r"share (on|via) .*",
    r"related( stories| articles| news| content)?",
    r"most (viewed|read|popular)( articles| stories)?",
    r"(read more|see also|also read|læs også|læs mere)\b.*",
    # A credit line names a source; "Kilde: Politiet oplyser, at ..." is a sentence.
    r"(sources?|kilder?)\s*:\s*[^\s.!?]+(?:[ ,/&]+[^\s.!?]+){0,5}\.?",
    r"posted on\s*:.*",
    r"(modified|updated|published|opdateret|publiceret)( on)?\s*:.*",
    r"by [\w .'-]{2,60}, (staff )?(reporter|writer|correspondent)",
    r"please direct questions or comments to .*",
    r"for the latest headlines, follow .*",
    r"button that move to .*",
    r"-|–|—|•|\*",
]
_FURNITURE_RE = re.compile(r"^\s*(?:" + "|".join(_FURNITURE_LINES) + r")\s*$", re.IGNORECASE)

# Photo captions and credits: a photo credit at the end of the line, or a wire-photo preamble.
_CAPTION_RE = re.compile(
    r"(?:\b(?:foto|photo|fotos|photos|billede|image|picture)\s*:\s*[^.]{2,80}\s*$)"
    r"|(?:\[(?:file|photo|foto)\s*:[^\]]*\]\s*$)"
    r"|(?:^\s*\((?:files?|photo)\)\s)",
    re.IGNORECASE,
)
# An agency's name at the end: a caption's credit, but wire copy ends paragraphs so too.
# Furniture only on a short line, a line that describes a picture, or a caption printed
# twice (see furniture_mask).
_WIRE_CREDIT_RE = re.compile(
    r"\((?:yonhap|ap|afp|reuters|getty images|epa|ritzau scanpix)\)\s*$", re.IGNORECASE
)
_SHORT_CREDIT_WORDS = 12
# What captions say and articles rarely do: who stands where, doing what, in the picture.
_PICTURE_RE = re.compile(
    r"\b(?:shakes? hands|pose[sd]?|waves?|looks? on|gestures?|pictured|file photo"
    r"|give[sn]? hånd|ses her|på billedet)\b|\((?:l|r|c|left|right|cent(?:er|re))\)",
    re.IGNORECASE,
)

# Teasers of other stories: an ellipsis, then a section name or a dash ("... World News -",
# "..., ... Coronavirus"). Text that trails off in "..." has nothing after it.
_TEASER_RE = re.compile(r"(?:\.\.\.|…)\s*(?:[A-Z][\w ]{0,29}?\s*-?|-)\s*$")


def is_furniture(line: str) -> bool:
    """True for a line that is page chrome, a caption or a credit rather than article text."""
    s = line.strip()
    if not s:
        return False
    if _WIRE_CREDIT_RE.search(s) and (
        len(s.split()) <= _SHORT_CREDIT_WORDS or _PICTURE_RE.search(s)
    ):
        return True
    return bool(_FURNITURE_RE.match(s) or _CAPTION_RE.search(s) or _TEASER_RE.search(s))


_WORD_RE = re.compile(r"\w+")
_ENDS_SENTENCE_RE = re.compile(r"[.!?:;\"'”’»)\]…]\s*$")
#: Share of a short caption's words that its credited twin must repeat for both to be captions.
_TWIN_OVERLAP = 0.6


def furniture_mask(lines: list[str]) -> list[bool]:
    """One flag per line; a line repeated verbatim (a caption shown twice) counts once,
    and a repeated line with an agency credit is a caption, both copies.

    Two kinds of line are only recognisable by their neighbour:

    * a short caption printed just above its credited long form ("Trump shakes hands
      with Kim" over "... [File: AP Photo]"): most of its words recur in that twin;
    * a teaser headline (no closing punctuation) just above a teaser snippet that
      ends in "... World News -".
    """
    seen: set[str] = set()
    keys = [" ".join(line.split()).lower() for line in lines]
    twice = {k for k, n in Counter(keys).items() if len(k) > 30 and n > 1}
    mask = []
    for line, key in zip(lines, keys, strict=True):
        dup = key in seen and len(key) > 30
        seen.add(key)
        credited_twin = key in twice and bool(_WIRE_CREDIT_RE.search(line))
        mask.append(dup or credited_twin or is_furniture(line))
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
