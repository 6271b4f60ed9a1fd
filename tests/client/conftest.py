from __future__ import annotations

import pytest

from tests.support.live_server import LiveServer


@pytest.fixture(scope="session")
def client_key(server: LiveServer) -> str:
    """A key of its own organization, so these tests never spend the other tests' rate limits."""
    return server.create_key("client-tests")
