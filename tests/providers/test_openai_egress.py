"""A workspace's AI base URL goes through the outbound guard: a private host only when the
operator allowed it, no redirect followed, the server's answer capped."""

from collections.abc import AsyncIterator

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from providers.egress import EgressPolicy
from providers.openai.errors import AiRequestRejected
from providers.openai.model import OpenAiCompatibleModel
from tests.fakes.openai import FakeOpenAI, running_fake_openai
from tests.providers.test_openai_model import LOCAL_FAKE_ALLOWED, endpoint
from tests.support.local_server import serving


async def test_a_private_endpoint_the_operator_did_not_allow_is_never_called() -> None:
    model = OpenAiCompatibleModel(EgressPolicy())
    async with running_fake_openai() as fake:
        with pytest.raises(AiRequestRejected) as raised:
            await model.reply(endpoint(fake.base_url), "Be brief.", "", [], "Hi")
    await model.aclose()
    assert raised.value.permanent
    assert "private network" in raised.value.message
    assert "FLUXO_AI_ALLOWED_HOSTS" in raised.value.message
    assert fake.requests == []


@pytest.fixture
async def redirecting() -> AsyncIterator[tuple[str, list[str]]]:
    """An endpoint that sends completions elsewhere (a 303 would turn the POST into a GET)."""
    seen: list[str] = []

    async def hop(request: Request) -> Response:
        seen.append(request.url.path)
        return RedirectResponse("/internal/admin", status_code=303)

    async def internal(request: Request) -> Response:
        seen.append(request.url.path)
        return Response('{"secret": "db_password=hunter2"}')

    app = Starlette(
        routes=[
            Route("/v1/chat/completions", hop, methods=["POST"]),
            Route("/internal/admin", internal, methods=["GET", "POST"]),
        ]
    )
    async with serving(app) as url:
        yield f"{url}/v1", seen


async def test_redirects_are_not_followed(redirecting: tuple[str, list[str]]) -> None:
    base_url, seen = redirecting
    model = OpenAiCompatibleModel(LOCAL_FAKE_ALLOWED)
    with pytest.raises(AiRequestRejected) as raised:
        await model.reply(endpoint(base_url), "Be brief.", "", [], "Hi")
    await model.aclose()
    assert seen == ["/v1/chat/completions"]
    assert "hunter2" not in raised.value.message


async def test_an_oversized_answer_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("providers.openai.model.MAX_ANSWER_BYTES", 4096)
    model = OpenAiCompatibleModel(LOCAL_FAKE_ALLOWED)
    fake: FakeOpenAI
    async with running_fake_openai() as fake:
        fake.reply_with("x" * 10_000)
        with pytest.raises(AiRequestRejected) as raised:
            await model.reply(endpoint(fake.base_url), "Be brief.", "", [], "Hi")
    await model.aclose()
    assert "larger than 4096 bytes" in raised.value.message
