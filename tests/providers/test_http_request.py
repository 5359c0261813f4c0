"""The HTTP request step: variables in the request, JSON answers into variables, private
networks refused, timeouts and errors reported as the step's error branch."""

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from domain.flows import HttpRequestNode
from providers.egress import EgressPolicy
from providers.http_request import FlowHttpCaller, pick
from tests.support.local_server import serving

seen: list[dict[str, Any]] = []


async def _order(request: Request) -> Response:
    seen.append(
        {
            "path": request.url.path,
            "auth": request.headers.get("authorization"),
            "body": (await request.body()).decode(),
        }
    )
    if request.url.path.endswith("/slow"):
        await asyncio.sleep(3)
    if request.url.path.endswith("/broken"):
        return JSONResponse({"error": "down"}, status_code=503)
    return JSONResponse({"order": {"status": "enviado", "items": [{"name": "Caneca"}]}})


@pytest.fixture
async def api() -> AsyncIterator[str]:
    seen.clear()
    app = Starlette(routes=[Route("/orders/{rest:path}", _order, methods=["GET", "POST"])])
    async with serving(app) as base_url:
        yield base_url


@pytest.fixture
async def caller() -> AsyncIterator[FlowHttpCaller]:
    # The operator allowed the loopback test server, as FLUXO_FLOW_HTTP_ALLOWED_HOSTS would.
    caller = FlowHttpCaller(EgressPolicy(allowed_hosts=frozenset({"127.0.0.1"})))
    yield caller
    await caller.aclose()


VALUES = {"vars": {"order": "123", "token": "s3cret"}, "contact": {"name": "Ana"}}


async def test_the_answer_fills_variables_and_the_request_carries_them(
    api: str, caller: FlowHttpCaller
) -> None:
    node = HttpRequestNode(
        id="http",
        method="POST",
        url=f"{api}/orders/{{{{vars.order}}}}",
        headers={"Authorization": "Bearer {{vars.token}}"},
        body='{"who": "{{contact.name}}"}',
        save_response={"status": "order.status", "first_item": "order.items.0.name"},
    )
    outcome = await caller.call(node, VALUES)
    assert outcome.ok and outcome.status == 200
    assert outcome.variables == {"status": "enviado", "first_item": "Caneca"}
    assert seen == [
        {"path": "/orders/123", "auth": "Bearer s3cret", "body": json.dumps({"who": "Ana"})}
    ]


async def test_failures_are_the_error_branch_with_a_reason(
    api: str, caller: FlowHttpCaller
) -> None:
    broken = await caller.call(HttpRequestNode(id="h", url=f"{api}/orders/broken"), VALUES)
    assert (broken.ok, broken.status, broken.error) == (False, 503, "answered 503")
    slow = HttpRequestNode(id="h", url=f"{api}/orders/slow", timeout_seconds=1)
    timed_out = await caller.call(slow, VALUES)
    assert (timed_out.ok, timed_out.error) == (False, "no answer within 1 s")


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x",
        "http://localhost/x",
        "http://10.0.0.8/x",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/x",
        "ftp://example.com/x",
    ],
)
async def test_private_networks_and_other_schemes_are_refused(url: str) -> None:
    strict = FlowHttpCaller(EgressPolicy())
    outcome = await strict.call(HttpRequestNode(id="h", url=url), VALUES)
    await strict.aclose()
    assert not outcome.ok
    assert "private network" in (outcome.error or "") or "http(s)" in (outcome.error or "")


async def test_a_refused_target_is_never_called(api: str) -> None:
    strict = FlowHttpCaller(EgressPolicy())
    outcome = await strict.call(HttpRequestNode(id="h", url=f"{api}/orders/1"), VALUES)
    await strict.aclose()
    assert not outcome.ok and "private network" in (outcome.error or "")
    assert seen == []


def test_json_paths_lead_to_text_or_nothing() -> None:
    data = {"a": {"b": [1, {"c": True}]}, "n": None}
    assert pick(data, "a.b.0") == "1"
    assert pick(data, "a.b.1.c") == "true"
    assert pick(data, "a.b.1") == '{"c": true}'
    assert pick(data, "a.x") == "" and pick(data, "n") == "" and pick(data, "a.b.9") == ""
