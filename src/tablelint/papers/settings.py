"""The ``[papers]`` settings live in config.py, below this package (as
``[links]`` do); here under the names this package uses."""

from __future__ import annotations

from ..config import PaperSettings

__all__ = ["PaperSettings"]
