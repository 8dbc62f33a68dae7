"""``tablelint server``: a language server for Markdown tables, over stdio.

A thin layer over the public API (``tablelint.lint``, ``fix``, ``format``,
``extract``, ``cell_at``): diagnostics, quick fixes, fix-all, suppression
comments, formatting and hover. Imported only by that command, so that
pygls never slows the start of ``tablelint check``.
"""

from __future__ import annotations


def serve() -> int:
    """Serve one client over stdio; the exit status (0 after a clean shutdown)."""
    from .app import serve as serve_stdio

    return serve_stdio()
