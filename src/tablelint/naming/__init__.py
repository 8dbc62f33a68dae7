"""Naming: terms in cells, the names of rows, and the near misses and casing
slips among them (the rules naming-mismatch, inconsistent-casing and
near-miss-term).

``terms`` splits cell text into Latin-script words with their spans;
``names`` reads a row's names from its name cell; ``index`` finds near misses
without comparing all pairs; ``analysis`` runs the checks once per document;
``vocabulary_file`` loads vocabularies, the built-in one included.
"""

from .analysis import Finding, NamingFindings, TableInput, analyze
from .vocabulary_file import builtin_vocabulary, load_vocabulary

__all__ = ["Finding", "NamingFindings", "TableInput", "analyze", "builtin_vocabulary", "load_vocabulary"]
