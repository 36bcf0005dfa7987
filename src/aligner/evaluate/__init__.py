"""Scoring alignments against gold standards (Text+Berg beads)."""

from aligner.evaluate.scoring import Counts, Scores, count_beads, score_documents

__all__ = ["Counts", "Scores", "count_beads", "score_documents"]
