"""The sender's transport connects only to public addresses, checked when it connects (no DNS-rebinding gap)."""

from __future__ import annotations

import httpx
import pytest

from fieldwise.webhooks.targets import is_public
from fieldwise.webhooks.transport import PrivateAddressRefused, public_only_transport
from tests.support.receiver import Receiver


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]", "10.0.0.1", "169.254.169.254", "192.168.1.1"])
def test_private_addresses_are_refused_at_connect_time(host: str) -> None:
    with httpx.Client(transport=public_only_transport(), timeout=5) as client:
        with pytest.raises(httpx.ConnectError, match="private"):
            client.post(f"http://{host}:9/hook", content=b"{}")


def test_a_live_loopback_receiver_gets_nothing() -> None:
    with Receiver() as receiver, httpx.Client(transport=public_only_transport(), timeout=5) as client:
        with pytest.raises(httpx.ConnectError):
            client.post(receiver.url, content=b"{}")
        assert receiver.requests == []


def test_public_addresses_pass_the_check() -> None:
    assert is_public("93.184.216.34") and is_public("2606:2800:220:1:248:1893:25c8:1946")
    assert not is_public("100.64.0.1") and not is_public("fc00::1") and not is_public("224.0.0.1")
    assert issubclass(PrivateAddressRefused, Exception)


@pytest.mark.parametrize("address", ["64:ff9b::a00:1", "2002:a00:1::1", "::a00:1", "::ffff:10.0.0.1",
                                     "64:ff9b::7f00:1", "2002:c0a8:101::", "::169.254.169.254",
                                     "::ffff:0:7f00:1", "64:ff9b:1::7f00:1", "64:ff9b:1:7f:0:100::"])
def test_ipv4_inside_ipv6_is_judged_by_the_ipv4_address(address: str) -> None:
    assert not is_public(address)
    with httpx.Client(transport=public_only_transport(), timeout=5) as client:
        with pytest.raises(httpx.ConnectError, match="private"):
            client.post(f"http://[{address}]:9/hook", content=b"{}")


def test_ipv6_carrying_a_public_ipv4_stays_public() -> None:
    assert is_public("64:ff9b::808:808") and is_public("2002:808:808::1")
