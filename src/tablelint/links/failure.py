"""Why checking a link got no usable answer: the ``failure`` of an Outcome.

Apart from verdict.py because only a run that checks links over the network,
or reads a failure back from the cache, needs it: making an Enum class costs
time in the import of every run, and ``check --offline`` from the
pre-commit hook seldom needs it.
"""

from __future__ import annotations

from enum import StrEnum


class Failure(StrEnum):
    """Why no usable answer came back."""

    TIMEOUT = "timeout"
    REFUSED = "refused"
    CONNECT = "connect"
    TLS = "tls"
    PROTOCOL = "protocol"
    DNS = "dns"
    NO_SUCH_HOST = "no-such-host"
    BLOCKED = "blocked"
    BLOCKED_REDIRECT = "blocked-redirect"
    REDIRECT_LOOP = "redirect-loop"
    TOO_MANY_REDIRECTS = "too-many-redirects"
    BAD_REDIRECT = "bad-redirect"
    MALFORMED = "malformed"
