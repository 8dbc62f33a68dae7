"""``tablelint server``: a language server for Markdown tables, over stdio.

A thin layer over the public API (``tablelint.lint``, ``fix``, ``format``,
``extract``, ``cell_at``): diagnostics, quick fixes, fix-all, suppression
comments, formatting and hover. Imported only by that command, so that
pygls never slows the start of ``tablelint check``.
"""
