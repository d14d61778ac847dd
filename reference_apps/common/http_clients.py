"""HTTP clients for the apps' own calls: to the gateway, to ABHA, and to the HIUs' dataPushUrls.

Every client shares one TLS context: loading the CA certificates costs tens of
milliseconds, too much to repeat for every call.
"""

from __future__ import annotations

import ssl
from functools import cache

import certifi
import httpx


def http_client(timeout_seconds: float) -> httpx.AsyncClient:
    return httpx.AsyncClient(timeout=timeout_seconds, verify=_tls_context())


@cache
def _tls_context() -> ssl.SSLContext:
    return ssl.create_default_context(cafile=certifi.where())  # the CA bundle httpx itself uses
