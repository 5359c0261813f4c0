"""One guard for every request the server sends to an address a tenant chose: a flow's HTTP
step, a workspace's AI endpoint, a contact's media on WhatsApp or MMS (and the outbound webhooks
to come).

The check lives inside the connection: the name is resolved once, every address it resolves to
must be global (private, loopback, link-local, shared CGNAT space, multicast, reserved and the
6to4, Teredo, NAT64 and IPv4-mapped forms of those are refused), and the socket is opened to the
address that was checked — so a name that resolves differently a moment later (DNS rebinding)
gains nothing, and every redirect hop is a new connection checked the same way. Responses are
capped after decompression, so a small gzip bomb cannot inflate in memory. Hosts an operator
trusts although they are private (an Ollama box, an intranet API) are named in the policy.
"""

import asyncio
import ipaddress
import socket
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass, field
from http.cookiejar import CookieJar, DefaultCookiePolicy
from typing import Any

import httpcore
import httpcore2
import httpx
import httpx2

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Awaitable[list[str]]]

DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024
# NAT64 prefixes (RFC 6052 well-known, RFC 8215 local use): the last 32 bits are an IPv4 address.
NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
SHARED_ADDRESS_SPACE = ipaddress.ip_network("100.64.0.0/10")
DECODED_ENCODINGS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": 0}


class EgressRefused(Exception):
    """The request may not be sent (or its answer not read); the message says why, in words a
    marketer or an operator can act on."""


def refusal(address: IpAddress) -> str | None:
    """Why this address may not be reached from the server, or None when it may."""
    embedded: IpAddress | None = None
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            embedded = address.ipv4_mapped
        elif address.sixtofour is not None:
            embedded = address.sixtofour
        elif address.teredo is not None:
            # Teredo carries the client's address obfuscated and the server's in the clear.
            embedded = address.teredo[0]
        elif any(address in net for net in NAT64):
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if embedded is not None and refusal(embedded) is not None:
        return f"{address} leads to {embedded}, which is not a public address"
    if address.is_multicast:
        return f"{address} is a multicast address"
    if address in SHARED_ADDRESS_SPACE or not address.is_global:
        return f"{address} is not a public address"
    return None


async def system_resolver(host: str, port: int) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


@dataclass(frozen=True)
class EgressPolicy:
    """Where the server may connect. `allowed_hosts`: names (or literal addresses) an operator
    trusts although they are private; matched case-insensitively, without the port."""

    allowed_hosts: frozenset[str] = frozenset()
    resolver: Resolver = field(default=system_resolver, compare=False)

    @classmethod
    def from_setting(cls, value: str) -> "EgressPolicy":
        """From a comma-separated setting such as `ollama.internal, 10.0.0.5`."""
        return cls(frozenset(h.strip().lower().strip("[]") for h in value.split(",") if h.strip()))

    def allows_private(self, host: str) -> bool:
        return host.lower().rstrip(".").strip("[]") in self.allowed_hosts

    async def addresses(self, host: str, port: int) -> list[str]:
        """The addresses to connect to for `host`, all of them checked; raises `EgressRefused`."""
        name = host.strip("[]")
        try:
            literal: IpAddress | None = ipaddress.ip_address(name)
        except ValueError:
            literal = None
        if literal is not None:
            candidates = [str(literal)]
        else:
            try:
                candidates = await self.resolver(name, port)
            except OSError as error:
                raise EgressRefused(f"{name} could not be resolved") from error
            if not candidates:
                raise EgressRefused(f"{name} could not be resolved")
        if self.allows_private(name):
            return candidates
        for candidate in candidates:
            reason = refusal(ipaddress.ip_address(candidate.split("%")[0]))
            if reason is not None:
                raise EgressRefused(
                    f"{name} is on a private network ({reason}); only public hosts may be called"
                )
        return candidates


class _Connector:
    """Opens the socket to a checked address, trying each in turn; shared by both backends."""

    def __init__(self, policy: EgressPolicy) -> None:
        self.policy = policy

    async def connect(
        self, host: str, port: int, open_socket: Callable[[str], Awaitable[Any]]
    ) -> Any:
        last: Exception | None = None
        for address in await self.policy.addresses(host, port):
            try:
                return await open_socket(address)
            except OSError as error:
                last = error
            except Exception as error:  # the library's own ConnectError / ConnectTimeout
                last = error
        assert last is not None
        raise last


class _GuardedBackend(httpcore.AsyncNetworkBackend):
    def __init__(
        self, policy: EgressPolicy, sockets: httpcore.AsyncNetworkBackend | None = None
    ) -> None:
        self._connector = _Connector(policy)
        self._inner = sockets or httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        async def open_socket(address: str) -> httpcore.AsyncNetworkStream:
            return await self._inner.connect_tcp(
                address, port, timeout, local_address, socket_options
            )

        stream: httpcore.AsyncNetworkStream = await self._connector.connect(host, port, open_socket)
        return stream

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class _GuardedBackend2(httpcore2.AsyncNetworkBackend):
    """The same for `httpcore2`, which the `openai` client's `httpx2` runs on."""

    def __init__(self, policy: EgressPolicy) -> None:
        self._connector = _Connector(policy)
        self._inner = httpcore2.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore2.AsyncNetworkStream:
        async def open_socket(address: str) -> httpcore2.AsyncNetworkStream:
            return await self._inner.connect_tcp(
                address, port, timeout, local_address, socket_options
            )

        stream: httpcore2.AsyncNetworkStream = await self._connector.connect(
            host, port, open_socket
        )
        return stream

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class _Capped:
    """A response body read at most `limit` bytes after decompression: gzip and deflate are
    inflated here, a bounded step at a time, so the client above sees plain bytes and a small
    compressed body cannot grow past the limit in memory."""

    STEP = 64 * 1024

    def __init__(self, raw: Any, encoding: str, limit: int) -> None:
        self._raw = raw
        self._limit = limit
        wbits = DECODED_ENCODINGS.get(encoding)
        self._inflater = zlib.decompressobj(wbits) if wbits is not None else None

    async def __aiter__(self) -> AsyncIterator[bytes]:
        size = 0
        async for chunk in self._raw:
            for piece in self._decoded(chunk):
                size += len(piece)
                if size > self._limit:
                    raise EgressRefused(f"the answer is larger than {self._limit} bytes")
                yield piece
        if self._inflater is not None:
            tail = self._inflater.flush()
            if size + len(tail) > self._limit:
                raise EgressRefused(f"the answer is larger than {self._limit} bytes")
            if tail:
                yield tail

    def _decoded(self, chunk: bytes) -> Iterator[bytes]:
        if self._inflater is None:
            yield chunk
            return
        data = chunk
        while data:
            try:
                piece = self._inflater.decompress(data, self.STEP)
            except zlib.error as error:
                raise EgressRefused("the answer's compressed body is corrupt") from error
            yield piece
            data = self._inflater.unconsumed_tail

    async def aclose(self) -> None:
        await self._raw.aclose()


class _CappedBody(_Capped, httpx.AsyncByteStream):
    pass


class _CappedBody2(_Capped, httpx2.AsyncByteStream):
    pass


def _capped(response: Any, body: type[_Capped], limit: int) -> dict[str, Any]:
    """The answer's parts, its body capped and inflated here (so the content-encoding goes)."""
    encoding = _encoding(response.headers)
    return {
        "status_code": response.status_code,
        "headers": [(k, v) for k, v in response.headers.multi_items() if k != "content-encoding"],
        "stream": body(response.stream, encoding, limit),
        "extensions": response.extensions,
    }


def _encoding(headers: Any) -> str:
    value = str(headers.get("content-encoding", "identity")).strip().lower()
    if value not in ("identity", "", *DECODED_ENCODINGS):
        raise EgressRefused(f"the answer uses an unsupported encoding ({value})")
    return value


class GuardedTransport(httpx.AsyncHTTPTransport):
    """An `httpx` transport that connects only where the policy allows, ignores proxies and
    environment settings, and caps every answer."""

    def __init__(
        self,
        policy: EgressPolicy,
        *,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        sockets: httpcore.AsyncNetworkBackend | None = None,
    ) -> None:
        """`sockets`: the layer that opens connections to checked addresses (the default opens
        real sockets; tests record where it was asked to connect instead)."""
        super().__init__(trust_env=False)
        # The pool httpx built would resolve names itself; this one connects through the guard.
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            network_backend=_GuardedBackend(policy, sockets),
        )
        self._max_response_bytes = max_response_bytes

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        request.headers["Accept-Encoding"] = "gzip, deflate"
        response = await super().handle_async_request(request)
        return httpx.Response(**_capped(response, _CappedBody, self._max_response_bytes))


class GuardedTransport2(httpx2.AsyncHTTPTransport):
    """The same for `httpx2` (the `openai` client's HTTP library)."""

    def __init__(
        self, policy: EgressPolicy, *, max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES
    ) -> None:
        super().__init__(trust_env=False)
        self._pool = httpcore2.AsyncConnectionPool(
            ssl_context=httpx2.create_ssl_context(trust_env=False),
            network_backend=_GuardedBackend2(policy),
        )
        self._max_response_bytes = max_response_bytes

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        request.headers["Accept-Encoding"] = "gzip, deflate"
        response = await super().handle_async_request(request)
        return httpx2.Response(**_capped(response, _CappedBody2, self._max_response_bytes))


def no_cookies() -> CookieJar:
    """A jar that keeps nothing: no cookie from one call (or one tenant) reaches the next."""
    return CookieJar(policy=DefaultCookiePolicy(allowed_domains=[]))


def guarded_client(
    policy: EgressPolicy,
    *,
    timeout: httpx.Timeout | float = 20.0,
    max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    follow_redirects: bool = False,
) -> httpx.AsyncClient:
    """An `httpx` client for tenant-chosen URLs: guarded, capped, cookie-less."""
    return httpx.AsyncClient(
        transport=GuardedTransport(policy, max_response_bytes=max_response_bytes),
        timeout=timeout,
        follow_redirects=follow_redirects,
        cookies=no_cookies(),
        trust_env=False,
    )


def guarded_client2(
    policy: EgressPolicy,
    *,
    timeout: httpx2.Timeout | float = 60.0,
    max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
) -> httpx2.AsyncClient:
    """An `httpx2` client (for `openai`) for tenant-chosen endpoints: guarded, capped, no
    redirects (a 303 would turn a completion into a GET elsewhere), cookie-less."""
    return httpx2.AsyncClient(
        transport=GuardedTransport2(policy, max_response_bytes=max_response_bytes),
        timeout=timeout,
        follow_redirects=False,
        cookies=no_cookies(),
        trust_env=False,
    )
