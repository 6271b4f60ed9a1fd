"""`client.webhooks`: subscriptions to `extraction.completed` / `extraction.failed` (spec 4), and their
deliveries (a fieldwise extension).

    >>> hook = client.webhooks.create(url="https://example.com/hooks/fieldwise")     # doctest: +SKIP
    >>> hook.secret                         # shown only now: keep it for verify_webhook  # doctest: +SKIP
    'whsec_...'
    >>> [d.status for d in client.webhooks.deliveries(hook.id)]                       # doctest: +SKIP
    >>> client.webhooks.delete(hook.id)                                                # doctest: +SKIP
"""

from __future__ import annotations

import builtins

from collections.abc import Sequence

from fieldwise.client._call import Call, no_body, segment
from fieldwise.client.models import Webhook, WebhookDelivery
from fieldwise.client.resources._resource import Resource, list_of, model


class Webhooks(Resource):
    def create(self, *, url: str, events: Sequence[str] | None = None) -> Webhook:
        """Subscribe `url` to `events` (default: all). The answer's `secret` is never shown again."""
        body = {"url": url, **({"events": list(events)} if events is not None else {})}
        return self._client._call(Call("POST", "v2/webhooks/", json=body, cast=model(Webhook)))

    def list(self) -> list[Webhook]:
        return self._client._call(Call("GET", "v2/webhooks/", cast=list_of(Webhook)))

    def delete(self, webhook_id: str) -> None:
        return self._client._call(Call("DELETE", f"v2/webhooks/{segment(webhook_id)}/", cast=no_body))

    def deliveries(self, webhook_id: str, *, page: int = 1, page_size: int = 20) -> builtins.list[WebhookDelivery]:
        """The webhook's delivery attempts, newest first."""
        return self._client._call(Call("GET", f"v2/webhooks/{segment(webhook_id)}/deliveries/",
                                       params={"page": page, "page_size": page_size},
                                       cast=list_of(WebhookDelivery)))

    def replay(self, webhook_id: str, delivery_id: str) -> WebhookDelivery:
        """Send a past delivery again."""
        path = f"v2/webhooks/{segment(webhook_id)}/deliveries/{segment(delivery_id)}/replay/"
        return self._client._call(Call("POST", path, cast=model(WebhookDelivery)))
