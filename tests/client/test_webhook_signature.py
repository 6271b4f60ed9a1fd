"""verify_webhook against the reference implementation of Standard Webhooks (the `standardwebhooks` package)."""

import base64
import json
import os
import time
from datetime import datetime, timezone

import pytest
from standardwebhooks.webhooks import Webhook

from fieldwise.client import WebhookVerificationError, verify_webhook
from fieldwise.client.webhook_signature import sign

SECRET = "whsec_" + base64.b64encode(os.urandom(24)).decode()
BODY = json.dumps({"event": "extraction.completed", "timestamp": "2024-03-24T12:02:30.000Z",
                   "data": {"extraction_id": "c1", "status": "processed", "workflow_id": "w1"}})


def reference_headers(msg_id="msg_2Lf3", when=None):
    when = when or datetime.now(tz=timezone.utc)
    signature = Webhook(SECRET).sign(msg_id, when, BODY)
    return {"webhook-id": msg_id, "webhook-timestamp": str(int(when.timestamp())), "webhook-signature": signature}


def test_accepts_what_the_reference_library_signs():
    event = verify_webhook(BODY.encode(), reference_headers(), SECRET)
    assert event["data"]["extraction_id"] == "c1"


def test_our_signature_is_the_reference_one():
    headers = reference_headers()
    ours = sign(BODY, secret=SECRET, msg_id=headers["webhook-id"], timestamp=int(headers["webhook-timestamp"]))
    assert ours == headers["webhook-signature"]
    assert Webhook(SECRET).verify(BODY, {**headers, "webhook-signature": ours})["event"] == "extraction.completed"


def test_header_names_in_any_case_and_rotated_secrets():
    headers = {k.upper(): v for k, v in reference_headers().items()}
    headers["WEBHOOK-SIGNATURE"] = "v1,bm90IHRoZSBvbmU= " + headers["WEBHOOK-SIGNATURE"]
    assert verify_webhook(BODY, headers, SECRET)["event"] == "extraction.completed"


@pytest.mark.parametrize("tamper", ["body", "secret", "id", "stale", "future", "missing"])
def test_refuses_what_does_not_check_out(tamper):
    headers, body, secret = reference_headers(), BODY, SECRET
    if tamper == "body":
        body = BODY.replace("c1", "c2")
    elif tamper == "secret":
        secret = "whsec_" + base64.b64encode(os.urandom(24)).decode()
    elif tamper == "id":
        headers["webhook-id"] = "msg_other"
    elif tamper == "stale":
        headers = reference_headers(when=datetime.fromtimestamp(time.time() - 3600, tz=timezone.utc))
    elif tamper == "future":
        headers = reference_headers(when=datetime.fromtimestamp(time.time() + 3600, tz=timezone.utc))
    else:
        del headers["webhook-signature"]
    with pytest.raises(WebhookVerificationError):
        verify_webhook(body, headers, secret)
