"""The client's address: the peer, unless the peer is a configured proxy; then the header it set."""

import pytest
from django.test import RequestFactory

from danvan.core.ratelimit import client_address

PROXIES = ["127.0.0.1", "10.0.0.0/8", "2001:db8::/32"]


@pytest.mark.parametrize(
    ("peer", "forwarded_for", "real_ip", "expected"),
    [
        # Straight from the internet: whatever the headers say, the peer it is.
        ("203.0.113.9", "198.51.100.1", "198.51.100.2", "203.0.113.9"),
        ("203.0.113.9", "", "", "203.0.113.9"),
        # Through our proxy: the hop it appended.
        ("127.0.0.1", "203.0.113.5", "", "203.0.113.5"),
        # A client that wrote its own X-Forwarded-For: the proxy appended the real address on the right.
        ("127.0.0.1", "198.51.100.77, 203.0.113.5", "", "203.0.113.5"),
        # Two proxies of ours (nginx behind a load balancer): the rightmost hop that is not one of them.
        ("10.0.0.3", "198.51.100.77, 203.0.113.5, 10.0.0.2", "", "203.0.113.5"),
        ("127.0.0.1", "2001:db8::7, 2001:db8::1", "", "2001:db8::7"),
        # A proxy that sets only X-Real-IP.
        ("127.0.0.1", "", "203.0.113.6", "203.0.113.6"),
        # Text that is not an address never becomes the key: the proxy's own address counts.
        ("127.0.0.1", "203.0.113.5, not-an-ip", "", "127.0.0.1"),
        ("127.0.0.1", "", "anything", "127.0.0.1"),
    ],
)
def test_it_believes_the_headers_only_from_a_configured_proxy(settings, peer, forwarded_for, real_ip, expected):
    settings.TRUSTED_PROXIES = PROXIES
    headers = {"REMOTE_ADDR": peer}
    if forwarded_for:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    if real_ip:
        headers["HTTP_X_REAL_IP"] = real_ip
    assert client_address(RequestFactory().get("/", **headers)) == expected


def test_without_configured_proxies_it_is_the_peer(settings):
    settings.TRUSTED_PROXIES = []
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.6")
    assert client_address(request) == "127.0.0.1"


def test_an_ipv6_client_counts_by_its_whole_slash_64():
    """A subscriber's /64 is theirs to rotate through: one address each request must not reset the count."""
    from danvan.core import ratelimit

    for n in range(3):
        assert ratelimit.hit("thu", f"2001:db8:abcd:12::{n + 1}", limit=3, window=600)
    assert not ratelimit.hit("thu", "2001:db8:abcd:12:ffff::9", limit=3, window=600)
    assert ratelimit.hit("thu", "2001:db8:abcd:13::1", limit=3, window=600)  # the next /64 is someone else
    # An IPv4 address, one written as IPv6-mapped, and a tracking code count as themselves.
    assert ratelimit.hit("thu", "203.0.113.7", limit=1, window=600)
    assert not ratelimit.hit("thu", "::ffff:203.0.113.7", limit=1, window=600)
    assert ratelimit.hit("thu", "PA-2026-7K3Q9", limit=1, window=600)
