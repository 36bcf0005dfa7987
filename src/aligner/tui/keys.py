"""Every key of the reader in one table: the bindings and the help screen both read it."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True, slots=True)
class Key:
    """One row of the help screen, and the bindings it stands for."""

    shown: str  # how the help screen and footer write the keys
    description: str
    #: ``(Textual key names, comma-separated; action)``: what the keys of the row do.
    binds: tuple[tuple[str, str], ...] = ()
    #: Footer label; empty keeps the key out of the footer.
    short: str = ""

    @property
    def keys(self) -> str:
        """Every Textual key name of the row, comma-separated."""
        return ",".join(names for names, _ in self.binds)


def key(keys: str, shown: str, action: str, description: str, short: str = "") -> Key:
    """A row whose keys all do one thing."""
    return Key(shown, description, ((keys, action),), short)


#: Keys a column handles itself (cursor movement).
COLUMN_KEYS: tuple[Key, ...] = (
    key("up,k", "↑ k", "move(-1)", "previous sentence"),
    key("down,j", "↓ j", "move(1)", "next sentence"),
    Key(
        "PgUp PgDn Space",
        "a screenful up / down",
        (("pageup", "page(-1)"), ("pagedown,space", "page(1)")),
    ),
    Key("Home End g G", "first / last sentence", (("home,g", "edge(-1)"), ("end,G", "edge(1)"))),
    Key("mouse click", "select a sentence (wheel scrolls)"),
)

#: Keys of the reader screen.
READER_KEYS: tuple[Key, ...] = (
    key("right_square_bracket", "]", "match(1)", "next matched sentence", "match"),
    key("left_square_bracket", "[", "match(-1)", "previous matched sentence"),
    key("u", "u", "unmatched(1)", "next unmatched sentence", "unmatched"),
    key("U", "U", "unmatched(-1)", "previous unmatched sentence"),
    key("tab", "Tab", "focus_column(1)", "next column (cursor to its first match)"),
    key("shift+tab", "Shift+Tab", "focus_column(-1)", "previous column"),
    key("slash", "/", "search", "search all columns", "search"),
    key("n", "n", "hit(1)", "next search hit"),
    key("N", "N", "hit(-1)", "previous search hit"),
    key("escape", "Esc", "close_search", "close the search box"),
    key("plus,equals_sign", "+ =", "threshold(1)", "raise the score threshold", "threshold"),
    key("minus", "-", "threshold(-1)", "lower the score threshold"),
    key("t", "t", "toggle_translation", "show / hide the translation"),
    key("o", "o", "next_article", "next English article (when not all fit)"),
    # One binding per digit: the action needs to know which.
    Key(
        "1-9",
        "show English article N (when not all fit)",
        tuple((d, f"show_article({int(d) - 1})") for d in "123456789"),
    ),
    key("e", "e", "export", "export what is shown (TMX, TSV, HTML)", "export"),
    key("question_mark", "?", "help", "this help", "help"),
    key("q", "q", "app.quit", "quit", "quit"),
)


#: Keys of ``aligner read SOURCE --archive DIR`` beside the reader's.
ARCHIVE_KEYS: tuple[Key, ...] = (
    key("a", "a", "articles", "the archive's ranking: tick articles in or out", "articles"),
)


#: The footer's hints, by their actions, most needed first: a footer too narrow for
#: all drops them from the end (hints not listed before any). Help lists the rest.
FOOTER_KEEP: tuple[str, ...] = (
    "help",
    "app.quit",
    "search",
    "match(1)",
    "threshold(1)",
    "export",
    "articles",
    "unmatched(1)",
)


def bindings(keys: tuple[Key, ...]) -> list[Binding]:
    out: list[Binding] = []
    for k in keys:
        # A row of several bindings has no one key to show for each.
        display = k.shown.split()[0] if len(k.binds) == 1 else None
        out.extend(
            Binding(
                names, action, k.short or k.description, show=bool(k.short), key_display=display
            )
            for names, action in k.binds
        )
    return out
