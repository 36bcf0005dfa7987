"""Finding the coverage: which articles of an archive report the same story as a source."""

from aligner.coverage.archive import Archive
from aligner.coverage.find import Match, Ranking, SharedPair, find

__all__ = ["Archive", "Match", "Ranking", "SharedPair", "find"]
