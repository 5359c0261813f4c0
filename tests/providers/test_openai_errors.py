"""Every way a model call fails, through the real `openai` client against a local server,
mapped to our errors: permanent ones worded for the marketer, retryable ones with the wait."""

import email.utils
import time
from collections.abc import AsyncIterator

import httpx2
import pytest

from providers.openai.errors import (
    AiEndpointNotFound,
    AiError,
    AiIncompatible,
    AiModelNotFound,
    AiNotConfigured,
    AiQuotaExceeded,
    AiRefused,
    AiRequestRejected,
    AiUnavailable,
    retry_after_seconds,
)
from providers.openai.model import OpenAiCompatibleModel
from tests.fakes.openai import FakeOpenAI, running_fake_openai
from tests.providers.test_openai_model import INTENTS, LOCAL_FAKE_ALLOWED, endpoint
from tests.support.services import free_port


@pytest.fixture
async def model() -> AsyncIterator[OpenAiCompatibleModel]:
    model = OpenAiCompatibleModel(LOCAL_FAKE_ALLOWED)
    yield model
    await model.aclose()


@pytest.fixture
async def fake() -> AsyncIterator[FakeOpenAI]:
    async with running_fake_openai() as fake:
        yield fake


async def reply_error(ai: OpenAiCompatibleModel, base_url: str, **changes: object) -> AiError:
    with pytest.raises(AiError) as raised:
        await ai.reply(endpoint(base_url, **changes), "Be brief.", "", [], "Hi")
    return raised.value


async def test_no_settings_is_not_configured(model: OpenAiCompatibleModel) -> None:
    with pytest.raises(AiNotConfigured) as raised:
        await model.reply(None, "Be brief.", "", [], "Hi")
    assert raised.value.permanent
    assert raised.value.message.startswith("Set up an AI model in Settings → AI")
    with pytest.raises(AiNotConfigured):
        await model.classify(None, "Hi", INTENTS)


async def test_a_wrong_or_missing_key_is_refused(
    model: OpenAiCompatibleModel, fake: FakeOpenAI
) -> None:
    wrong = await reply_error(model, fake.base_url, api_key="sk-wrong-key-0000000000009999")
    missing = await reply_error(model, fake.base_url, api_key=None)

    for error in (wrong, missing):
        assert isinstance(error, AiRefused) and error.permanent
        assert "The API key was refused" in error.message
        assert fake.base_url in error.message
    assert "Incorrect API key provided" in wrong.message


async def test_forbidden_is_refused(model: OpenAiCompatibleModel, fake: FakeOpenAI) -> None:
    fake.fail_next(403, message="Project does not have access to model gpt-4o-mini")
    error = await reply_error(model, fake.base_url)
    assert isinstance(error, AiRefused) and error.permanent
    assert "does not have access" in error.message


async def test_an_unknown_model_is_not_found_at_the_base_url(
    model: OpenAiCompatibleModel, fake: FakeOpenAI
) -> None:
    error = await reply_error(model, fake.base_url, model="llama-9")
    assert isinstance(error, AiModelNotFound) and error.permanent
    assert error.message.startswith(f"Model llama-9 not found at {fake.base_url}")


async def test_a_base_url_without_the_api_is_not_found(
    model: OpenAiCompatibleModel, fake: FakeOpenAI
) -> None:
    error = await reply_error(model, fake.base_url.removesuffix("/v1"))
    assert isinstance(error, AiEndpointNotFound) and error.permanent
    assert "it usually ends in /v1" in error.message


async def test_a_base_url_the_client_cannot_parse_is_permanent(
    model: OpenAiCompatibleModel,
) -> None:
    error = await reply_error(model, "http://\u200b/v1")
    assert isinstance(error, AiEndpointNotFound) and error.permanent
    assert "is not a valid address" in error.message


async def test_rate_limits_are_retryable_with_the_servers_wait(
    model: OpenAiCompatibleModel, fake: FakeOpenAI
) -> None:
    fake.fail_next(429, retry_after="7")
    error = await reply_error(model, fake.base_url)
    assert isinstance(error, AiUnavailable) and not error.permanent
    assert error.retry_after == 7.0
    assert "rate limiting" in error.message
    # No retries in the client: Temporal's retry policy owns them.
    assert len(fake.requests) == 1


async def test_an_exhausted_quota_is_permanent(
    model: OpenAiCompatibleModel, fake: FakeOpenAI
) -> None:
    fake.fail_next(429, code="insufficient_quota", message="You exceeded your current quota.")
    error = await reply_error(model, fake.base_url)
    assert isinstance(error, AiQuotaExceeded) and error.permanent
    assert "no quota left" in error.message


@pytest.mark.parametrize("status", [500, 502, 503])
async def test_server_errors_are_retryable(
    model: OpenAiCompatibleModel, fake: FakeOpenAI, status: int
) -> None:
    fake.fail_next(status)
    error = await reply_error(model, fake.base_url)
    assert isinstance(error, AiUnavailable) and not error.permanent
    assert error.retry_after is None
    assert f"({status})" in error.message
    assert len(fake.requests) == 1


async def test_a_slow_model_times_out_as_retryable(
    model: OpenAiCompatibleModel, fake: FakeOpenAI
) -> None:
    fake.slow_next(5)
    started = time.monotonic()
    error = await reply_error(model, fake.base_url, timeout_seconds=0.3)
    assert time.monotonic() - started < 3
    assert isinstance(error, AiUnavailable) and not error.permanent
    assert "did not answer within 0.3 s" in error.message


async def test_a_dead_port_is_retryable(model: OpenAiCompatibleModel) -> None:
    base_url = f"http://127.0.0.1:{free_port()}/v1"
    error = await reply_error(model, base_url)
    assert isinstance(error, AiUnavailable) and not error.permanent
    assert error.message == f"Could not connect to {base_url}: is the server running and reachable?"


async def test_a_bad_request_is_permanent(model: OpenAiCompatibleModel, fake: FakeOpenAI) -> None:
    fake.fail_next(400, message="This model's maximum context length is 8192 tokens.")
    error = await reply_error(model, fake.base_url)
    assert isinstance(error, AiRequestRejected) and error.permanent
    assert "maximum context length" in error.message


async def test_classify_refused_twice_keeps_the_error(
    model: OpenAiCompatibleModel, fake: FakeOpenAI
) -> None:
    fake.fail_next(400, times=2, message="Invalid request.")
    with pytest.raises(AiRequestRejected):
        await model.classify(endpoint(fake.base_url), "Hi", INTENTS)
    assert [r.response_format for r in fake.requests] == ["json_schema", "json_object"]


async def test_an_empty_answer_is_retryable(model: OpenAiCompatibleModel, fake: FakeOpenAI) -> None:
    fake.reply_with("   ")
    error = await reply_error(model, fake.base_url)
    assert isinstance(error, AiUnavailable)
    assert "answered with no text" in error.message


async def test_an_answer_that_is_not_a_completion_is_incompatible(
    model: OpenAiCompatibleModel, fake: FakeOpenAI
) -> None:
    fake.answer_raw({"object": "chat.completion", "choices": []})
    error = await reply_error(model, fake.base_url)
    assert isinstance(error, AiIncompatible) and error.permanent


def test_retry_after_in_seconds_milliseconds_or_as_a_date() -> None:
    now = time.time()
    date = email.utils.formatdate(now + 30, usegmt=True)
    assert retry_after_seconds(httpx2.Headers({"retry-after": "2.5"})) == 2.5
    assert retry_after_seconds(httpx2.Headers({"retry-after-ms": "1500"})) == 1.5
    assert 28 <= (retry_after_seconds(httpx2.Headers({"retry-after": date}), now) or 0) <= 30
    assert retry_after_seconds(httpx2.Headers({"retry-after": "soon"})) is None
    assert retry_after_seconds(httpx2.Headers({})) is None
