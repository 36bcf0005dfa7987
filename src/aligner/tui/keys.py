"""Every key of the reader in one table: the bindings and the help screen both read it."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True, slots=True)
class Key:
    keys: str  # Textual key names, comma-separated
    shown: str  # how the help screen and footer write them
    action: str
    description: str
    #: Footer label; empty keeps the key out of the footer.
    short: str = ""


#: Keys a column handles itself (cursor movement); listed for the help screen.
COLUMN_KEYS: tuple[Key, ...] = (
    Key("up,k", "↑ k", "", "previous sentence"),
    Key("down,j", "↓ j", "", "next sentence"),
    Key("pageup,pagedown,space", "PgUp PgDn Space", "", "a screenful up / down"),
    Key("home,end,g,G", "Home End g G", "", "first / last sentence"),
    Key("", "mouse click", "", "select a sentence (wheel scrolls)"),
)

#: Keys of the reader screen.
READER_KEYS: tuple[Key, ...] = (
    Key("right_square_bracket", "]", "match(1)", "next matched sentence", "match"),
    Key("left_square_bracket", "[", "match(-1)", "previous matched sentence"),
    Key("u", "u", "unmatched(1)", "next unmatched sentence", "unmatched"),
    Key("U", "U", "unmatched(-1)", "previous unmatched sentence"),
    Key("tab", "Tab", "focus_column(1)", "next column (cursor to its first match)"),
    Key("shift+tab", "Shift+Tab", "focus_column(-1)", "previous column"),
    Key("slash", "/", "search", "search all columns", "search"),
    Key("n", "n", "hit(1)", "next search hit"),
    Key("N", "N", "hit(-1)", "previous search hit"),
    Key("escape", "Esc", "close_search", "close the search box"),
    Key("plus,equals_sign", "+ =", "threshold(1)", "raise the score threshold", "threshold"),
    Key("minus", "-", "threshold(-1)", "lower the score threshold"),
    Key("t", "t", "toggle_translation", "show / hide the translation"),
    Key("o", "o", "next_article", "next English article (when not all fit)"),
    Key("1,2,3,4,5,6,7,8,9", "1-9", "article_key", "show English article N (when not all fit)"),
    Key("e", "e", "export", "export what is shown (TMX, TSV, HTML)", "export"),
    Key("question_mark", "?", "help", "this help", "help"),
    Key("q", "q", "app.quit", "quit", "quit"),
)


def bindings(keys: tuple[Key, ...]) -> list[Binding]:
    out: list[Binding] = []
    for k in keys:
        if not k.action:
            continue
        if k.action == "article_key":
            # One binding per digit: the action needs to know which.
            out.extend(
                Binding(d, f"show_article({int(d) - 1})", k.description, show=False)
                for d in k.keys.split(",")
            )
            continue
        out.append(
            Binding(
                k.keys,
                k.action,
                k.short or k.description,
                show=bool(k.short),
                key_display=k.shown.split()[0],
            )
        )
    return out
