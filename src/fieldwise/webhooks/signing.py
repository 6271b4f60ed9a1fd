"""Standard Webhooks signatures (spec section 4): `webhook-signature: v1,<base64 HMAC-SHA256>` over
`<message id>.<unix timestamp>.<raw body>`, keyed with the base64-decoded secret after `whsec_`."""

from __future__ import annotations

import base64
import hashlib
import hmac

SECRET_PREFIX = "whsec_"


def signing_key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix(SECRET_PREFIX))


def signature(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    signed = f"{message_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(signing_key(secret), signed, hashlib.sha256).digest()).decode()


def headers(secret: str, message_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    """The headers of one delivery attempt. The id stays the same on every retry; the timestamp is the attempt's."""
    return {
        "content-type": "application/json",
        "user-agent": "fieldwise-webhooks/1",
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature(secret, message_id, timestamp, body),
    }
