"""Fixtures of the unit tests: the seeds with links that carry hand-drawn evidence."""

from __future__ import annotations

from evidence_fixture import explained, seed_documents

__all__ = ["explained", "seed_documents"]
