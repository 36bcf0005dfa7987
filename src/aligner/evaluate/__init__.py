"""Scoring alignments against gold standards: Text+Berg beads (parallel mode) and
hand-made sentence pairs (comparable mode), both as :class:`Scores`."""

from aligner.evaluate.scoring import BeadScores, Counts, Scores, count_beads, score_documents

__all__ = ["BeadScores", "Counts", "Scores", "count_beads", "score_documents"]
