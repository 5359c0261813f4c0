"""A local OpenAI-compatible server (the shape OpenAI, Ollama, vLLM and LM Studio share).

Endpoints: `POST /v1/chat/completions` (checks `Authorization: Bearer`, the body's shape as
OpenAI validates it — model, messages, temperature, `response_format` `text` / `json_object` /
`json_schema` — and answers a `chat.completion` with `usage` counted in words, so tests know the
numbers) and `GET /v1/models`. Failures come as OpenAI error objects
(`{"error": {"message", "type", "param", "code"}}`).

Tests script it: `reply_with(...)` queues answers, `respond` computes one from the request,
`fail_next(...)` queues HTTP failures (429 with Retry-After, 500...), `slow_next(...)` delays
answers, `json_schema_supported=False` refuses structured output the way older servers do.
Every chat request is recorded.
"""

import asyncio
import contextlib
import json
import time
import uuid
from collections import deque
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from tests.fakes.openai_wire import ChatRequest, invalid_request, message_text, openai_error, words
from tests.support.local_server import serving

DEFAULT_KEY = "sk-test-fluxo-0000000000000000000000000000abcd"
DEFAULT_MODEL = "gpt-4o-mini"


@dataclass
class Failure:
    status: int
    message: str
    kind: str
    code: str | None = None
    retry_after: str | None = None

    def response(self) -> JSONResponse:
        headers = {"Retry-After": self.retry_after} if self.retry_after is not None else None
        return openai_error(
            self.status, self.message, kind=self.kind, code=self.code, headers=headers
        )


FAILURES: dict[int, tuple[str, str, str | None]] = {
    429: (
        "Rate limit reached for requests. Please try again later.",
        "requests",
        "rate_limit_exceeded",
    ),
    500: (
        "The server had an error while processing your request. Sorry about that!",
        "server_error",
        None,
    ),
    502: ("Bad gateway.", "server_error", None),
    503: ("The engine is currently overloaded, please try again later.", "server_error", None),
}


@dataclass
class FakeOpenAI:
    api_key: str | None = DEFAULT_KEY
    """None accepts any key or none, as a local Ollama does."""
    models: set[str] = field(default_factory=lambda: {DEFAULT_MODEL})
    json_schema_supported: bool = True
    default_temperature_only: bool = False
    """Refuses any temperature but 1, as OpenAI's reasoning models do."""
    respond: Callable[[ChatRequest], str] | None = None
    """Computes the answer's content when no scripted reply is queued."""
    base_url: str = ""
    """Ends in /v1, as clients are configured."""
    requests: list[ChatRequest] = field(default_factory=list)
    _replies: deque[str] = field(default_factory=deque)
    _failures: deque[Failure] = field(default_factory=deque)
    _delays: deque[float] = field(default_factory=deque)
    _raw: deque[dict[str, Any]] = field(default_factory=deque)
    _closing: asyncio.Event = field(default_factory=asyncio.Event)

    # --- control, for tests ---

    def reply_with(self, *contents: str | dict[str, Any]) -> None:
        """Queues answers' contents; a dict is sent as its JSON text."""
        for content in contents:
            self._replies.append(content if isinstance(content, str) else json.dumps(content))

    def fail_next(
        self,
        status: int,
        *,
        times: int = 1,
        retry_after: str | None = None,
        message: str | None = None,
        code: str | None = None,
    ) -> None:
        default_message, kind, default_code = FAILURES.get(
            status, ("Something went wrong.", "error", None)
        )
        for _ in range(times):
            self._failures.append(
                Failure(status, message or default_message, kind, code or default_code, retry_after)
            )

    def answer_raw(self, body: dict[str, Any]) -> None:
        """The next answer is this body, as is: for servers that answer off the standard."""
        self._raw.append(body)

    def slow_next(self, seconds: float, *, times: int = 1) -> None:
        """The next answers wait this long first (cut short when the fake stops)."""
        self._delays.extend([seconds] * times)

    def release(self) -> None:
        self._closing.set()

    # --- the API ---

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/v1/chat/completions", self._chat, methods=["POST"]),
                Route("/v1/models", self._models, methods=["GET"]),
            ]
        )

    def _unauthorized(self, request: Request) -> JSONResponse | None:
        if self.api_key is None:
            return None
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not given:
            return openai_error(
                401,
                "You didn't provide an API key. You need to provide your API key in an "
                "Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
            )
        if given != self.api_key:
            shown = f"{given[:3]}***{given[-4:]}" if len(given) > 8 else "***"
            return openai_error(
                401, f"Incorrect API key provided: {shown}.", code="invalid_api_key"
            )
        return None

    async def _models(self, request: Request) -> JSONResponse:
        refused = self._unauthorized(request)
        if refused is not None:
            return refused
        data = [
            {"id": model, "object": "model", "created": 1_700_000_000, "owned_by": "fluxo-fake"}
            for model in sorted(self.models)
        ]
        return JSONResponse({"object": "list", "data": data})

    async def _chat(self, request: Request) -> JSONResponse:
        try:
            body = json.loads(await request.body())
        except ValueError:
            body = None
        if not isinstance(body, dict):
            return openai_error(400, "We could not parse the JSON body of your request.")
        chat = ChatRequest(headers=dict(request.headers), body=body)
        self.requests.append(chat)
        refused = self._unauthorized(request)
        if refused is not None:
            return refused
        if self._delays:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._closing.wait(), timeout=self._delays.popleft())
        if self._failures:
            return self._failures.popleft().response()
        if self._raw:
            return JSONResponse(self._raw.popleft())
        problem = invalid_request(
            chat,
            json_schema_supported=self.json_schema_supported,
            default_temperature_only=self.default_temperature_only,
        )
        if problem is not None:
            return problem
        if chat.model not in self.models:
            return openai_error(
                404,
                f"The model `{chat.model}` does not exist or you do not have access to it.",
                code="model_not_found",
            )
        return JSONResponse(self._completion(chat, self._content(chat)))

    def _content(self, chat: ChatRequest) -> str:
        if self._replies:
            return self._replies.popleft()
        if self.respond is not None:
            return self.respond(chat)
        if chat.response_format != "text":
            return "{}"
        return f"You said: {chat.last_user_text}"

    def _completion(self, chat: ChatRequest, content: str) -> dict[str, Any]:
        prompt_tokens = sum(words(message_text(m)) for m in chat.messages)
        completion_tokens = words(content)
        return {
            "id": f"chatcmpl-{uuid.uuid4().hex[:24]}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": chat.model,
            "choices": [
                {
                    "index": 0,
                    "message": {
                        "role": "assistant",
                        "content": content,
                        "refusal": None,
                        "annotations": [],
                    },
                    "logprobs": None,
                    "finish_reason": "stop",
                }
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
            "system_fingerprint": "fp_fluxo_fake",
        }


@contextlib.asynccontextmanager
async def running_fake_openai(**options: Any) -> AsyncIterator[FakeOpenAI]:
    """The fake on a free local port, for as long as the context lasts."""
    fake = FakeOpenAI(**options)
    async with serving(fake.app()) as url:
        fake.base_url = f"{url}/v1"
        try:
            yield fake
        finally:
            # Slow answers still waiting end now, so the server can stop.
            fake.release()
