"""Signed links (spec v3 D9): a results URL that works without an API key until it expires.

signature = HMAC-SHA256 over `GET\\n<path>\\n<parse_format>\\n<expires>` with the server's key."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from pathlib import Path

from fieldwise.errors import LinkInvalid
from fieldwise.settings import Settings


def signing_key(settings: Settings) -> bytes:
    if settings.signing_key:
        return settings.signing_key.encode()
    path = Path(settings.data_dir) / "signing.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{secrets.token_hex(4)}.tmp")
        tmp.write_text(secrets.token_hex(32))
        tmp.replace(path) if not path.exists() else tmp.unlink()
    return path.read_text().strip().encode()


def _signature(key: bytes, path: str, parse_format: str, expires: int) -> str:
    message = f"GET\n{path}\n{parse_format}\n{expires}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def sign(key: bytes, path: str, parse_format: str, ttl_s: int) -> tuple[int, str]:
    expires = int(time.time()) + ttl_s
    return expires, _signature(key, path, parse_format, expires)


def verify(key: bytes, path: str, parse_format: str, expires: str | None, signature: str | None) -> None:
    """LinkInvalid (403) unless the link was signed here for exactly this path and format and has not expired."""
    if not expires or not signature or not (expires.isascii() and expires.isdigit()):
        raise LinkInvalid("the link is missing its signature or expiry")
    expected = _signature(key, path, parse_format, int(expires)).encode()
    if not hmac.compare_digest(expected, signature.encode("utf-8", "surrogatepass")):  # any text: compared as bytes
        raise LinkInvalid("the link's signature does not match: it was altered")
    if int(expires) < time.time():
        raise LinkInvalid("the link has expired; read the run again for a fresh one")
