"""One module per output format (see report/__init__.py)."""
