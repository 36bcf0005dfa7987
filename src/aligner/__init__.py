"""aligner: read foreign-language news side by side with English coverage of the same story."""

from __future__ import annotations

__version__ = "0.1.0"
