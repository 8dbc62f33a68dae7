"""tablelint: validate, lint, fix and format Markdown (GFM) tables as data."""

__version__ = "0.1.0"
