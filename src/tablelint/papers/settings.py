"""The ``[papers]`` settings live in config.py, below this package (as
``[links]`` do); here under the names this package uses."""

from __future__ import annotations

from ..config import PAPER_CACHE_TTL as DEFAULT_TTL
from ..config import PAPER_SERVICES as SERVICES
from ..config import PaperSettings

__all__ = ["DEFAULT_TTL", "SERVICES", "PaperSettings"]
