"""The bilingual reader (Textual). The only part of aligner, with ``cli/read_cmd``, that imports
Textual: the core stays usable without a terminal UI."""
