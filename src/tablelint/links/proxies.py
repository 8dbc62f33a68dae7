"""Which proxy a request goes through: ``[links] proxy``, else HTTP_PROXY
or HTTPS_PROXY by the URL's scheme, else ALL_PROXY; NO_PROXY lists hosts
(and domains) reached directly. Lowercase names win over uppercase, as
curl and urllib read them. HTTP_PROXY is ignored in a CGI request
(REQUEST_METHOD set), where a client could have set it ("httpoxy").

Through a proxy, the address policy still applies to the link's host as
this machine resolves it (the checker asks its Guard first); the proxy's
own address is allowed whatever it is: it is the user's choice.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

from ..errors import InputError


class Proxies:
    def __init__(self, configured: str | None, environ: Mapping[str, str]) -> None:
        def read(name: str) -> tuple[str, str | None]:
            if name == "http_proxy" and "REQUEST_METHOD" in environ:
                return name, environ.get(name)
            for spelled in (name, name.upper()):
                if environ.get(spelled):
                    return spelled, environ[spelled]
            return name, None

        every = read("all_proxy")
        self._by_scheme: dict[str, str] = {}
        for scheme in ("http", "https"):
            where, proxy = ("config: 'links.proxy'", configured) if configured else read(f"{scheme}_proxy")
            if not proxy:
                where, proxy = every
            if proxy:
                self._by_scheme[scheme] = _checked(proxy, where)
        self._no_proxy = read("no_proxy")[1] or ""
        self.hosts = frozenset((urlsplit(proxy).hostname or "") for proxy in self._by_scheme.values())

    def for_url(self, scheme: str, host: str, port: int | None) -> str | None:
        proxy = self._by_scheme.get(scheme)
        if proxy is None or not self._no_proxy:
            return proxy
        from urllib.request import proxy_bypass_environment

        shown = host if port is None or ":" in host else f"{host}:{port}"
        return None if proxy_bypass_environment(shown, {"no": self._no_proxy}) else proxy


def _checked(proxy: str, where: str) -> str:
    if "://" not in proxy:
        proxy = "http://" + proxy  # as curl reads "proxy.example:3128"
    try:
        parts = urlsplit(proxy)
        parts.port  # noqa: B018 - raises for a bad port
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        shown = where if where.startswith("config") else f"the environment's {where}"
        raise InputError(f"{shown}: the proxy must be an http:// or https:// URL, not {proxy!r}")
    return proxy
