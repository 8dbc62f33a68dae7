"""Running the network checks' coroutines from synchronous code (links, papers)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, Coroutine
    from typing import TypeVar

    # Only annotations (strings here) name it: making a TypeVar costs every run's import.
    T = TypeVar("T")


def run_to_end(coroutine: Coroutine[Any, Any, T], thread_name: str) -> T:
    """Run ``coroutine`` to the end, also when called from inside a running
    event loop (a notebook, an async host): then in a thread of its own."""
    # asyncio is slow to import: only a run that goes online pays for it.
    import asyncio
    import threading

    try:
        asyncio.get_running_loop()
        inside_a_loop = True
    except RuntimeError:
        inside_a_loop = False
    if not inside_a_loop:
        # Not from within the except block: every error of the run would
        # get this RuntimeError as its context, hiding the real causes.
        return asyncio.run(coroutine)
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = asyncio.run(coroutine)
        except BaseException as error:  # handed back to the caller's thread
            box["error"] = error

    thread = threading.Thread(target=target, name=thread_name)
    thread.start()
    thread.join()
    if "error" in box:
        raise box["error"]
    return box["value"]  # type: ignore[no-any-return]


def ask_once(answers: dict[str, Any], key: str, start: Callable[[], Awaitable[T]]) -> Awaitable[T]:
    """The answer for ``key``, started by ``start`` once per ``answers``
    (a DNS lookup, a paper service's request) and shared by every caller."""
    import asyncio

    future = answers.get(key)
    if future is None:
        future = asyncio.ensure_future(start())
        # Retrieve the outcome even if every waiter was cancelled (no warning at exit).
        future.add_done_callback(lambda done: done.cancelled() or done.exception())
        answers[key] = future
    # shield: one caller's timeout must not cancel the work for the others.
    return asyncio.shield(future)
