"""The package's version, in a module that imports nothing: the exporters and the reader's
cache need it, and importing it from ``aligner`` itself would run the whole front door
(and make every stage depend on the package that depends on them)."""

__version__ = "0.1.0"
