"""The outbound-URL guard: which addresses are refused, that the checked address is the one
connected to (DNS rebinding gains nothing), redirects, the decompressed size cap, no cookies."""

import gzip
import ipaddress
from collections.abc import AsyncIterator, Iterable
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from providers.egress import (
    EgressPolicy,
    EgressRefused,
    GuardedTransport,
    guarded_client,
    guarded_client2,
    refusal,
)
from tests.support.local_server import serving


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",  # shared address space (CGNAT)
        "100.100.100.200",  # a cloud's metadata service, inside CGNAT space
        "0.0.0.0",
        "224.0.0.1",
        "255.255.255.255",
        "192.0.2.10",  # documentation range
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "ff0e::1",  # global-scope multicast
        "::ffff:127.0.0.1",  # IPv4-mapped loopback
        "2002:a9fe:a9fe::",  # 6to4 of 169.254.169.254
        "2002:7f00:1::",  # 6to4 of 127.0.0.1
        "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
        "64:ff9b:1::a00:1",  # local-use NAT64 of 10.0.0.1
        "2001:0:a00:1::",  # Teredo whose server is 10.0.0.1
    ],
)
def test_refuses_addresses_that_are_not_public(address: str) -> None:
    assert refusal(ipaddress.ip_address(address)) is not None


@pytest.mark.parametrize(
    "address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "2002:5db8:d822::"]
)
def test_allows_public_addresses(address: str) -> None:
    assert refusal(ipaddress.ip_address(address)) is None


def resolving(answers: dict[str, list[list[str]]]) -> Any:
    """A resolver answering each name from a script: the first list, then the next…"""
    calls: dict[str, int] = {}

    async def resolve(host: str, port: int) -> list[str]:
        n = calls.get(host, 0)
        calls[host] = n + 1
        script = answers[host]
        return script[min(n, len(script) - 1)]

    return resolve


class RecordingBackend(httpcore.AsyncNetworkBackend):
    """Stands in for the socket layer: records where a connection was opened, opens none (so no
    test sends a packet to a public address)."""

    def __init__(self) -> None:
        self.connected_to: list[str] = []

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        self.connected_to.append(host)
        raise httpcore.ConnectError("no network in tests")


def recording_client(policy: EgressPolicy) -> tuple[httpx.AsyncClient, RecordingBackend]:
    backend = RecordingBackend()
    transport = GuardedTransport(policy, sockets=backend)
    return httpx.AsyncClient(transport=transport, timeout=2), backend


async def test_connects_to_the_address_it_checked_so_rebinding_gains_nothing() -> None:
    # The name resolves to a public address when checked, then to loopback: a client that
    # resolved again at connect time would reach the loopback service.
    policy = EgressPolicy(
        resolver=resolving({"rebind.attacker.test": [["93.184.216.34"], ["127.0.0.1"]]})
    )
    client, backend = recording_client(policy)
    async with client:
        with pytest.raises(httpx.ConnectError):
            await client.get("http://rebind.attacker.test/latest/meta-data/")
    assert backend.connected_to == ["93.184.216.34"]


@pytest.mark.parametrize("address", ["100.64.0.1", "2002:a9fe:a9fe::", "127.0.0.1"])
async def test_refuses_a_name_that_resolves_to_a_private_address(address: str) -> None:
    policy = EgressPolicy(resolver=resolving({"internal.test": [["93.184.216.34", address]]}))
    client, backend = recording_client(policy)
    async with client:
        with pytest.raises(EgressRefused, match="private network"):
            await client.get("http://internal.test/")
    assert backend.connected_to == []


async def test_refuses_a_literal_private_address() -> None:
    client, backend = recording_client(EgressPolicy())
    async with client:
        with pytest.raises(EgressRefused):
            await client.get("http://[::ffff:169.254.169.254]/")
        with pytest.raises(EgressRefused):
            await client.get("http://100.100.100.200/latest/meta-data/")
    assert backend.connected_to == []


def fake_site() -> Starlette:
    seen: list[str] = []

    async def start(request: Request) -> Response:
        seen.append(request.url.path)
        target = f"http://127.0.0.1:{request.url.port}/secret"
        return RedirectResponse(target, status_code=302)

    async def secret(request: Request) -> Response:
        seen.append(request.url.path)
        return Response("internal only")

    async def bomb(request: Request) -> Response:
        seen.append(request.url.path)
        body = gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)
        return Response(body, headers={"Content-Encoding": "gzip"})

    async def small(request: Request) -> Response:
        seen.append(request.url.path)
        body = gzip.compress(b'{"ok": true}')
        return Response(
            body,
            headers={"Content-Encoding": "gzip", "Set-Cookie": "session=tenant-a; Path=/"},
        )

    async def cookies(request: Request) -> Response:
        seen.append(request.url.path)
        return Response(request.headers.get("cookie", ""))

    app = Starlette(
        routes=[
            Route("/start", start),
            Route("/secret", secret),
            Route("/bomb", bomb),
            Route("/small", small),
            Route("/cookies", cookies),
        ]
    )
    app.state.seen = seen
    return app


@pytest.fixture
async def site() -> AsyncIterator[tuple[str, list[str]]]:
    app = fake_site()
    async with serving(app) as url:
        port = urlsplit(url).port
        yield f"http://trusted.test:{port}", app.state.seen


def trusted_policy() -> EgressPolicy:
    """The operator allowed `trusted.test` (an intranet host); nothing else private."""
    return EgressPolicy(
        allowed_hosts=frozenset({"trusted.test"}),
        resolver=resolving({"trusted.test": [["127.0.0.1"]]}),
    )


async def test_every_redirect_hop_is_checked(site: tuple[str, list[str]]) -> None:
    url, seen = site
    async with guarded_client(trusted_policy(), follow_redirects=True) as client:
        with pytest.raises(EgressRefused, match="private network"):
            await client.get(f"{url}/start")
    assert seen == ["/start"]


async def test_a_gzip_bomb_is_cut_at_the_cap_after_decompression(
    site: tuple[str, list[str]],
) -> None:
    url, _ = site
    async with guarded_client(trusted_policy(), max_response_bytes=1024 * 1024) as client:
        with pytest.raises(EgressRefused, match="larger than"):
            await client.get(f"{url}/bomb")


async def test_a_compressed_answer_within_the_cap_reads_as_plain_bytes(
    site: tuple[str, list[str]],
) -> None:
    url, _ = site
    async with guarded_client(trusted_policy()) as client:
        response = await client.get(f"{url}/small")
    assert response.json() == {"ok": True}


async def test_keeps_no_cookie_between_calls(site: tuple[str, list[str]]) -> None:
    url, _ = site
    async with guarded_client(trusted_policy()) as client:
        await client.get(f"{url}/small")
        answer = await client.get(f"{url}/cookies")
    assert answer.text == ""


async def test_the_openai_client_library_is_guarded_the_same_way(
    site: tuple[str, list[str]],
) -> None:
    url, _ = site
    async with guarded_client2(trusted_policy(), max_response_bytes=1024 * 1024) as client:
        assert (await client.get(f"{url}/small")).json() == {"ok": True}
        with pytest.raises(EgressRefused):
            await client.get(f"{url}/bomb")
        with pytest.raises(EgressRefused, match="private network"):
            await client.get(url.replace("trusted.test", "127.0.0.1") + "/secret")


def test_policy_from_setting_lowercases_and_strips() -> None:
    policy = EgressPolicy.from_setting(" Ollama.Internal , [fd00::5],10.0.0.5,")
    assert policy.allowed_hosts == frozenset({"ollama.internal", "fd00::5", "10.0.0.5"})
    assert policy.allows_private("OLLAMA.internal.")
