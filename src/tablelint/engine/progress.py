"""The one-line progress bar of the long steps of a run (link checks, paper verification)."""

from __future__ import annotations

import sys
from collections.abc import Callable


def terminal_progress_bar(doing: str) -> Callable[[int, int], None] | None:
    """A bar on stderr for more than 20 items, headed by ``doing``; None
    where stderr is no terminal (a log must not fill with carriage returns)."""
    if sys.stderr is None or not sys.stderr.isatty():
        return None

    def draw(done: int, total: int) -> None:
        if total <= 20:
            return
        width = 30
        filled = width * done // total
        end = "\n" if done >= total else ""
        sys.stderr.write(f"\r{doing} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}{end}")
        sys.stderr.flush()

    return draw
