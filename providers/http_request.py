"""The HTTP request step of a flow: the marketer's URL, headers and body with variables filled
in, never to a private network (the server's own neighbours are not the marketer's to call),
with a timeout and a size cap, and the JSON answer mapped into variables."""

import asyncio
import ipaddress
import json
import socket
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import httpx

from domain.flow_runs import HttpOutcome
from domain.flow_text import render
from domain.flows import HttpRequestNode

MAX_RESPONSE_BYTES = 1024 * 1024
MAX_VALUE_LENGTH = 1000


class RefusedTarget(ValueError):
    pass


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    return not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


async def check_target(url: str, allowed_hosts: frozenset[str]) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RefusedTarget("the URL must be http(s)://host/…")
    host = parts.hostname
    if host in allowed_hosts:
        return
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(
            host, parts.port or (443 if parts.scheme == "https" else 80), type=socket.SOCK_STREAM
        )
    except socket.gaierror as error:
        raise RefusedTarget(f"{host} could not be resolved") from error
    if not infos or not all(_is_public(str(info[4][0])) for info in infos):
        raise RefusedTarget(f"{host} is on a private network; flows may only call public hosts")


def pick(data: Any, path: str) -> str:
    """A dotted path into JSON (`data.items.0.name`); empty when it leads nowhere."""
    current = data
    for part in path.split("."):
        if isinstance(current, dict):
            current = current.get(part)
        elif isinstance(current, list) and part.isdigit() and int(part) < len(current):
            current = current[int(part)]
        else:
            return ""
    if current is None:
        return ""
    text = current if isinstance(current, str) else json.dumps(current, ensure_ascii=False)
    return text[:MAX_VALUE_LENGTH]


class FlowHttpCaller:
    def __init__(
        self, http: httpx.AsyncClient, allowed_hosts: frozenset[str] = frozenset()
    ) -> None:
        self._http = http
        self._allowed_hosts = allowed_hosts

    async def call(
        self, node: HttpRequestNode, values: Mapping[str, Mapping[str, str]]
    ) -> HttpOutcome:
        url = render(node.url, values)
        try:
            await check_target(url, self._allowed_hosts)
        except RefusedTarget as error:
            return HttpOutcome(ok=False, error=str(error))
        headers = {name: render(value, values) for name, value in node.headers.items()}
        body = render(node.body, values).encode() if node.body is not None else None
        try:
            # Redirects could lead to a private address: not followed.
            async with self._http.stream(
                node.method,
                url,
                headers=headers,
                content=body,
                timeout=node.timeout_seconds,
                follow_redirects=False,
            ) as response:
                raw = b""
                async for chunk in response.aiter_bytes():
                    raw += chunk
                    if len(raw) > MAX_RESPONSE_BYTES:
                        return HttpOutcome(
                            ok=False, status=response.status_code, error="the answer is too large"
                        )
        except httpx.TimeoutException:
            return HttpOutcome(ok=False, error=f"no answer within {node.timeout_seconds} s")
        except httpx.HTTPError as error:
            return HttpOutcome(ok=False, error=f"the request failed: {error!r}"[:300])
        if not 200 <= response.status_code < 300:
            return HttpOutcome(
                ok=False, status=response.status_code, error=f"answered {response.status_code}"
            )
        try:
            data = json.loads(raw) if raw else None
        except ValueError:
            data = None
        variables = {name: pick(data, path) for name, path in node.save_response.items()}
        return HttpOutcome(ok=True, status=response.status_code, variables=variables)
