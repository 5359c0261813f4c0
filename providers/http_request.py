"""The HTTP request step of a flow: the marketer's URL, headers and body with variables filled
in, never to a private network (the server's own neighbours are not the marketer's to call:
`providers.egress` guards every connection), with a timeout and a size cap, and the JSON answer
mapped into variables."""

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import httpx

from domain.flow_runs import HttpOutcome
from domain.flow_text import render
from domain.flows import HttpRequestNode
from providers.egress import EgressPolicy, EgressRefused, guarded_client

MAX_RESPONSE_BYTES = 1024 * 1024
MAX_VALUE_LENGTH = 1000


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
    def __init__(self, policy: EgressPolicy) -> None:
        # Redirects are not followed: the marketer's URL is the one the flow shows.
        self._http = guarded_client(policy, max_response_bytes=MAX_RESPONSE_BYTES)

    async def aclose(self) -> None:
        await self._http.aclose()

    async def call(
        self, node: HttpRequestNode, values: Mapping[str, Mapping[str, str]]
    ) -> HttpOutcome:
        url = render(node.url, values)
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return HttpOutcome(ok=False, error="the URL must be http(s)://host/…")
        headers = {name: render(value, values) for name, value in node.headers.items()}
        body = render(node.body, values).encode() if node.body is not None else None
        try:
            response = await self._http.request(
                node.method, url, headers=headers, content=body, timeout=node.timeout_seconds
            )
            raw = response.content
        except EgressRefused as error:
            return HttpOutcome(ok=False, error=str(error))
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
