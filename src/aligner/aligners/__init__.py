"""Sentence alignment: ``parallel`` (bertalign, texts that translate each other) and
``comparable`` (fact matching between articles on the same story); ``auto`` picks one."""
