"""Which webhook URLs are allowed: https only, and never a private, loopback or link-local address, unless the
server is configured to allow them (local use and tests)."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from fieldwise.errors import ValidationFailed

EVENTS = ("extraction.completed", "extraction.failed")
MAX_URL = 2083


def _fail(message: str) -> ValidationFailed:
    return ValidationFailed({"url": [message]}, summary="Invalid webhook URL")


_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # RFC 6052: the last 32 bits are the IPv4 address reached
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")  # RFC 4291 (deprecated): ::a.b.c.d


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries to a router or translator: mapped, 6to4, NAT64, compatible."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in _NAT64 or (ip in _IPV4_COMPATIBLE and int(ip) > 1):  # :: and ::1 are not IPv4 addresses
        return ipaddress.IPv4Address(int(ip) & 0xFFFF_FFFF)
    return None


def is_public(address: str) -> bool:
    """A global unicast address. An IPv6 address that embeds an IPv4 one is public only if that one is too:
    `64:ff9b::a00:1`, `2002:a00:1::` and `::a00:1` all reach 10.0.0.1."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(ip)
        if embedded is not None and not is_public(str(embedded)):
            return False
    return ip.is_global and not ip.is_multicast


def resolves_private(host: str, port: int) -> bool | None:
    """True when `host` is or resolves to any non-public address; None when it does not resolve (now)."""
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError, OSError):
        return None
    return not infos or any(not is_public(str(info[4][0])) for info in infos)


def check_url(url: object, *, allow_private: bool, resolve: bool = True) -> str:
    if not isinstance(url, str) or not url.strip():
        raise _fail("This field is required.")
    url = url.strip()
    if len(url) > MAX_URL:
        raise _fail(f"at most {MAX_URL} characters")
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise _fail(f"not a valid URL ({exc})") from exc
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise _fail("a webhook URL is an absolute https:// URL")
    if allow_private:
        return url
    if parts.scheme != "https":
        raise _fail("only https:// URLs are accepted")
    # A host that does not resolve now is accepted; every delivery checks the address again before connecting.
    if resolve and resolves_private(parts.hostname, port):
        raise _fail("the URL's host is a private, loopback or link-local address; such targets are refused")
    return url
