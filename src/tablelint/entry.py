"""The program's entry point: the ``tablelint`` command and ``python -m tablelint``.

It exists apart from ``cli`` so that the settings below are made before any
import, and so that tests and library users who call ``cli.main`` get an
ordinary Python process.
"""

from __future__ import annotations

import gc
import os
import sys

# A check of the example file ends with some 36,000 objects that the cyclic
# collector tracks, nearly all of them imported (click, pydantic-core's schema
# types, mistune, tablelint's modules) and alive until the process ends. At
# Python's default of a collection every 700 new objects, the collector ran 34
# times over them (measured with gc.callbacks; see benchmarks/RESULTS.md). At this
# threshold a small check runs no collection at all, and a large run still
# collects; its bulk work pauses the collector anyway (document.bulk_objects).
_YOUNG_GENERATION_THRESHOLD = 100_000

# The exit code of a failure to write the output (cli.EXIT_ERROR; not imported
# from there, so that this module stays free of click).
_EXIT_ERROR = 2


def run() -> None:
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(_YOUNG_GENERATION_THRESHOLD, older, oldest)
    from .cli import main

    try:
        main()
    except SystemExit as done:
        _exit_now(done.code)
    _exit_now(0)


def _exit_now(code: object) -> None:
    """Flush the output and end the process without tearing the interpreter down.

    Teardown frees every module and object one by one, after a last full
    garbage collection: a sizeable part of a check of the example file
    (benchmarks/RESULTS.md, "code-notes"). Nothing is
    left for it to do: every file tablelint writes is written and renamed,
    and the link cache is committed and closed, before the command returns.
    The output streams are all that is still buffered, so they are flushed
    here, and a failure to write them is reported as one.
    """
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # sys.exit("message"): Python prints it and exits 1
        print(code, file=sys.stderr)
        status = 1
    # A stream is None when its file descriptor was closed at start (``>&-``):
    # click then prints nothing, and there is nothing to flush.
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except BrokenPipeError:
        # The reader stopped reading (``tablelint check | head``): nothing to report it to.
        status = _EXIT_ERROR
    except (OSError, ValueError) as error:
        _report(f"tablelint: cannot write the output: {error}")
        status = _EXIT_ERROR
    try:
        if sys.stderr is not None:
            sys.stderr.flush()
    except (OSError, ValueError):
        status = status or _EXIT_ERROR
    os._exit(status)


def _report(message: str) -> None:
    try:
        if sys.stderr is not None:
            print(message, file=sys.stderr, flush=True)
    except (OSError, ValueError):
        pass
