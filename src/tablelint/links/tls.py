"""The TLS context of every HTTPS request tablelint makes (links and paper services)."""

from __future__ import annotations

import os
import ssl


def tls_context() -> ssl.SSLContext:
    """certifi's bundle, unless SSL_CERT_FILE or SSL_CERT_DIR name another."""
    if os.environ.get("SSL_CERT_FILE"):
        return ssl.create_default_context(cafile=os.environ["SSL_CERT_FILE"])
    if os.environ.get("SSL_CERT_DIR"):
        return ssl.create_default_context(capath=os.environ["SSL_CERT_DIR"])
    import certifi

    return ssl.create_default_context(cafile=certifi.where())
