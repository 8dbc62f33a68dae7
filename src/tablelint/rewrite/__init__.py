"""Changing files: applying fixes (fix), the safety check that refuses a
rewrite touching a cell no fix targeted (safety), and atomic writes that keep
the file's identity (writing)."""
