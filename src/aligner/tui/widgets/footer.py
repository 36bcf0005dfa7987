"""Textual's footer, made to keep the keys that matter most in a narrow terminal."""

from __future__ import annotations

from textual import events
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Footer

from aligner.tui.keys import FOOTER_KEEP


class ReaderFooter(Footer):
    """A footer too narrow for every hint drops the least needed ones (the first of
    :data:`FOOTER_KEEP` go last), where Textual's cut the row at the edge: ``? he``
    in 60 columns, help and quit gone."""

    async def recompose(self) -> None:
        # The keys are made anew whenever the bindings change (focus moves, a screen).
        await super().recompose()
        self._fit()

    def on_resize(self, event: events.Resize) -> None:
        self._fit()

    def _fit(self) -> None:
        room = self.size.width
        # By name: Textual does not export FooterKey from a public module.
        keys = list(self.query("FooterKey"))
        if not room or not keys:
            return
        widths = {
            key: key.get_content_width(Size(room, 1), Size(room, 1)) + key.styles.margin.width
            for key in keys
        }

        def rank(key: Widget) -> tuple[int, int]:
            # Unlisted keys go first; among equals, the rightmost.
            action = getattr(key, "action", "")
            kept = FOOTER_KEEP.index(action) if action in FOOTER_KEEP else len(FOOTER_KEEP)
            return (kept, keys.index(key))

        shown = set(keys)
        for key in sorted(keys, key=rank, reverse=True):
            if sum(widths[k] for k in shown) <= room:
                break
            shown.discard(key)
        for key in keys:
            key.display = key in shown
