"""Bytes to a parsed document: decoding and the line index (source), GFM's
block structure (gfm, locate), and the tables with their cells (table,
document). Knows nothing of schemas, rules or configuration."""
