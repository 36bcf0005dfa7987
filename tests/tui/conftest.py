"""Fixtures for the reader: the seed articles with links drawn by hand.

The links are a reader's judgement of which sentences state the same fact; they let the
reader's behaviour be tested apart from the aligner's choices (real alignments are used
by the snapshot tests).
"""

from __future__ import annotations

import copy
from collections.abc import Awaitable, Callable

import pytest
from textual.app import App
from textual.pilot import Pilot

from aligner.model import Alignment, Document, Link, Side
from aligner.seeds import load_seeds
from aligner.tui.screens.loading import LoadingScreen
from argos_fixture import argos_empty, argos_home, argos_installed, argos_packages

__all__ = [
    "argos_empty",
    "argos_home",
    "argos_installed",
    "argos_packages",
    "hand_alignment",
    "settle",
]

# (da sentences, target, target sentences, score)
HAND_LINKS = [
    ((1,), "voa", (8,), 0.62),
    ((3,), "voa", (13,), 0.81),
    ((4,), "voa", (1,), 0.74),
    ((13,), "voa", (23,), 0.55),
    ((13,), "alarabiya", (4,), 0.47),
    ((16,), "voa", (39,), 0.38),
    ((8,), "aljazeera", (2,), 0.66),
    ((18,), "hankyoreh", (5,), 0.33),
    ((2, 3), "hankyoreh", (1,), 0.58),
]


@pytest.fixture(scope="session")
def _seed_documents() -> list[Document]:
    return load_seeds()


@pytest.fixture
def hand_alignment(_seed_documents: list[Document]) -> Alignment:
    # A fresh copy per test: a test may fill in translations.
    docs = copy.deepcopy(_seed_documents)
    links = [Link(Side("da", src), Side(doc, tgt), score) for src, doc, tgt, score in HAND_LINKS]
    return Alignment(documents=docs, links=links, mode="comparable")


Settle = Callable[[App[None], Pilot[None]], Awaitable[None]]


@pytest.fixture
def settle() -> Settle:
    """Wait until the reader's worker (started after the first paint) has finished."""

    def loading(app: App[None]) -> bool:
        # A load that failed stays on the loading screen, its spinner replaced by why.
        screen = app.screen
        return isinstance(screen, LoadingScreen) and screen.query_one("#loading-spinner").display

    async def wait(app: App[None], pilot: Pilot[None]) -> None:
        for _ in range(200):
            if app.workers or not loading(app):
                break
            await pilot.pause(0.05)
        await app.workers.wait_for_complete()
        await pilot.pause()

    return wait
