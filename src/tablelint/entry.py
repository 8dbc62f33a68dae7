"""The program's entry point: the ``tablelint`` command and ``python -m tablelint``.

It exists apart from ``cli`` so that one setting is made before any import.
"""

from __future__ import annotations

import gc

# A check of the example file ends with some 36,000 objects that the cyclic
# collector tracks, nearly all of them imported (click, pydantic-core's schema
# types, mistune, tablelint's modules) and alive until the process ends. At
# Python's default of a collection every 700 new objects, the collector ran 34
# times over them: 11 ms of a 190 ms run (measured with gc.callbacks). At this
# threshold a small check runs no collection at all, and a large run still
# collects; its bulk work pauses the collector anyway (document.bulk_objects).
_YOUNG_GENERATION_THRESHOLD = 100_000


def run() -> None:
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(_YOUNG_GENERATION_THRESHOLD, older, oldest)
    from .cli import main

    main()
