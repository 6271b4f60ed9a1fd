"""Check that a webhook delivery really comes from your fieldwise server: the Standard Webhooks scheme
(spec 4), with the standard library only.

A delivery carries `webhook-id`, `webhook-timestamp` (unix seconds) and `webhook-signature`
(`v1,<base64 HMAC-SHA256>`, several separated by spaces while a secret rotates). The signed text is
`<id>.<timestamp>.<raw body>`, keyed with the base64-decoded part of the secret after `whsec_`.

Example, in any web framework (here Flask):

    from fieldwise.client import verify_webhook, WebhookVerificationError

    SECRET = "whsec_..."  # from client.webhooks.create(...).secret

    @app.post("/hooks/fieldwise")
    def fieldwise_hook():
        try:
            event = verify_webhook(request.get_data(), request.headers, SECRET)
        except WebhookVerificationError:
            return "", 400
        if event["event"] == "extraction.completed":
            enqueue(event["data"]["extraction_id"])
        return "", 204
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
from collections.abc import Mapping
from typing import Any

from fieldwise.client.errors import WebhookVerificationError

SECRET_PREFIX = "whsec_"
DEFAULT_TOLERANCE_S = 300


def _header(headers: Mapping[str, str], name: str) -> str:
    """A header by name in any case; `svix-*` names are accepted too, as Svix sends them."""
    lowered = {str(k).lower(): v for k, v in headers.items()}
    for candidate in (f"webhook-{name}", f"svix-{name}"):
        if lowered.get(candidate):
            return str(lowered[candidate])
    raise WebhookVerificationError(f"missing header webhook-{name}")


def _key(secret: str | bytes) -> bytes:
    if isinstance(secret, bytes):
        return secret
    try:
        return base64.b64decode(secret.removeprefix(SECRET_PREFIX), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise WebhookVerificationError("the webhook secret is not valid base64 after 'whsec_'") from exc


def sign(payload: bytes | str, *, secret: str | bytes, msg_id: str, timestamp: int) -> str:
    """The `webhook-signature` value for a payload (what the server sends), e.g. `v1,K5oZ...=`."""
    body = payload.encode() if isinstance(payload, str) else payload
    signed = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def verify_webhook(payload: bytes | str, headers: Mapping[str, str], secret: str | bytes, *,
                   tolerance_s: int = DEFAULT_TOLERANCE_S, now: float | None = None) -> Any:
    """The delivery's JSON body if its signature matches and its timestamp is within `tolerance_s` seconds of
    now (both ways, against replays); WebhookVerificationError otherwise. Pass the raw body, not re-encoded JSON.

        >>> secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
        >>> body = '{"event": "extraction.completed", "data": {"extraction_id": "c1"}}'
        >>> headers = {"webhook-id": "msg_1", "webhook-timestamp": "1700000000",
        ...            "webhook-signature": sign(body, secret=secret, msg_id="msg_1", timestamp=1700000000)}
        >>> verify_webhook(body, headers, secret, now=1700000010)["event"]
        'extraction.completed'
    """
    msg_id = _header(headers, "id")
    try:
        timestamp = int(_header(headers, "timestamp"))
    except ValueError as exc:
        raise WebhookVerificationError("webhook-timestamp is not a unix time in seconds") from exc
    current = time.time() if now is None else now
    if abs(current - timestamp) > tolerance_s:
        raise WebhookVerificationError("webhook-timestamp is too far from now (a replay, or a clock off)")
    expected = sign(payload, secret=secret, msg_id=msg_id, timestamp=timestamp).split(",", 1)[1]
    for candidate in _header(headers, "signature").split():
        version, _, signature = candidate.partition(",")
        if version == "v1" and hmac.compare_digest(signature.encode(), expected.encode()):
            break
    else:
        raise WebhookVerificationError("no webhook-signature matches the payload")
    try:
        return json.loads(payload)
    except ValueError as exc:
        raise WebhookVerificationError("the payload is signed but is not JSON") from exc
