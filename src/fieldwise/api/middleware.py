"""A pure ASGI middleware (no BaseHTTPMiddleware overhead on the polling path): gives every request an id and
adds the headers that routes and dependencies leave in `scope["state"]["extra_headers"]` to every answer, and
`X-Content-Type-Options: nosniff` to all of them, so that no browser reads a download (a stored file, a filled or
split PDF, an export) as anything but the type it is served with."""

from __future__ import annotations

import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from fieldwise.logs import request_id_var


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        state["request_id"] = request_id = uuid.uuid4().hex
        request_id_var.set(request_id)  # for log lines (fieldwise.logs); each request runs in its own context
        state["extra_headers"] = {}

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                for name, value in state["extra_headers"].items():
                    if name.encode() not in present:
                        headers.append((name.encode(), value.encode()))
                headers.append((b"x-request-id", request_id.encode()))
                if b"x-content-type-options" not in present:
                    headers.append((b"x-content-type-options", b"nosniff"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
