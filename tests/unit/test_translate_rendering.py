"""A translated document back to text: paragraphs kept, sentences in order."""

from __future__ import annotations

from aligner.documents import document_from_text
from aligner.translation.engine import normalize
from aligner.translation.rendering import translated_text


def test_paragraph_breaks_survive_and_sentences_map_in_order() -> None:
    text = "Første sætning her. Anden sætning her.\n\nTredje afsnit.\nFjerde linje står alene.\n"
    doc = document_from_text(text, lang="da", keep_furniture=True)
    for s in doc.sentences:
        s.translation = f"<{s.id}>"
    assert [s.paragraph for s in doc.sentences] == [0, 0, 1, 2]
    assert translated_text(doc) == "<0> <1>\n\n<2>\n<3>\n"


def test_untranslated_sentences_fall_back_to_the_source() -> None:
    doc = document_from_text("Én sætning. To sætninger.", lang="da")
    doc.sentences[1].translation = "Two sentences."
    assert translated_text(doc) == "Én sætning. Two sentences.\n"


def test_normalize_joins_hard_wrapped_lines() -> None:
    assert normalize("  en linje\nder  fortsætter ") == "en linje der fortsætter"
