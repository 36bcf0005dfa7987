"""Link colours: each link of the selection gets its own hue, shaded by its score.

Two palettes because a hue that reads well on a dark background washes out on a light one.
"""

from __future__ import annotations

from textual.color import Color

# No blue: the cursor's colour must never be mistaken for a link's.
_DARK = ("#e5a50a", "#a347ba", "#26a269", "#e01b24", "#1c9aa8", "#c64600")
_LIGHT = ("#f6d32d", "#dc8add", "#8ff0a4", "#f66151", "#99e6f0", "#ffbe6f")

#: Even the weakest link stays visible; the surest is nearly the full hue.
_MIN_ALPHA = 0.30
_MAX_ALPHA = 0.90


def link_colour(slot: int, *, dark: bool) -> Color:
    palette = _DARK if dark else _LIGHT
    return Color.parse(palette[slot % len(palette)])


def shade(background: Color, slot: int, score: float, *, dark: bool) -> Color:
    """The background of a linked sentence: the link's hue, stronger when surer."""
    alpha = _MIN_ALPHA + (_MAX_ALPHA - _MIN_ALPHA) * min(1.0, max(0.0, score))
    return background.blend(link_colour(slot, dark=dark), alpha)
