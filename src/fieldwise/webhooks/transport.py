"""An httpx transport that connects only to public addresses, checked at connect time.

Checking a URL's host before the request leaves a gap: the name can resolve to a public address for the check
and to 127.0.0.1 a moment later for the connection (DNS rebinding). Here the address is resolved once, checked,
and that very address is connected to; TLS still verifies the certificate against the host name (httpcore
sends the URL's host as SNI), so https keeps working.
"""

from __future__ import annotations

import socket
from typing import Any

import httpcore
import httpx

from fieldwise.webhooks.targets import is_public


class PrivateAddressRefused(httpcore.ConnectError):
    pass


class PublicOnlyBackend(httpcore.NetworkBackend):
    def __init__(self) -> None:
        self._inner = httpcore.SyncBackend()

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Any = None) -> httpcore.NetworkStream:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise httpcore.ConnectError(f"cannot resolve {host!r}: {exc}") from exc
        addresses = [str(info[4][0]) for info in infos]
        if not addresses or not all(is_public(a) for a in addresses):
            raise PrivateAddressRefused(f"{host!r} resolves to a private, loopback or link-local address; refused")
        return self._inner.connect_tcp(addresses[0], port, timeout, local_address, socket_options)

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Any = None) -> httpcore.NetworkStream:
        raise PrivateAddressRefused("unix sockets are not webhook targets")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def public_only_transport() -> httpx.HTTPTransport:
    transport = httpx.HTTPTransport()
    # httpx (pinned) builds its httpcore pool without a way to pass a network backend; the pool it builds is
    # replaced by the same one with ours. tests/webhooks checks that a loopback connection is refused.
    transport._pool = httpcore.ConnectionPool(ssl_context=httpx.create_ssl_context(),  # noqa: SLF001
                                              network_backend=PublicOnlyBackend())
    return transport
