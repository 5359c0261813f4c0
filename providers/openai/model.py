"""`AiModel` on any OpenAI-compatible endpoint (OpenAI, Azure OpenAI, Ollama, vLLM, LM Studio)
through the `openai` client.

The client never retries (`max_retries=0`): retries belong to the Temporal activity, whose
policy sees our errors' `permanent` and `retry_after`. One HTTP connection pool is shared by
every workspace's client; each call builds a light `AsyncOpenAI` for its workspace's settings.
Every connection goes through the outbound guard (`providers.egress`): a workspace's base URL
never reaches a private network unless the operator allowed that host, redirects are not
followed, and answers are capped.
"""

from collections.abc import Sequence

import httpx2
import openai
from openai.types.chat import (
    ChatCompletion,
    ChatCompletionMessageParam,
    completion_create_params,
)

from domain.ai import (
    AiAnswer,
    AiChoice,
    AiEndpoint,
    AiUsageCount,
    ChatTurn,
    IntentLike,
)
from providers.egress import EgressPolicy, EgressRefused, guarded_client2
from providers.openai import prompts
from providers.openai.errors import (
    SETTINGS_HINT,
    AiEndpointNotFound,
    AiIncompatible,
    AiNotConfigured,
    AiRequestRejected,
    AiUnavailable,
    ai_error,
    refused_error,
)

# Servers without authentication (a local Ollama) still need some key for the client; an
# empty one would make the client read OPENAI_API_KEY, the operator's own key.
NO_KEY = "no-key"
# A chat completion is a few kilobytes; anything near this is not an answer.
MAX_ANSWER_BYTES = 2 * 1024 * 1024


def _refuses_temperature(error: openai.BadRequestError) -> bool:
    return error.param == "temperature" or "temperature" in error.message.lower()


class OpenAiCompatibleModel:
    def __init__(self, policy: EgressPolicy) -> None:
        self._http = guarded_client2(policy, max_response_bytes=MAX_ANSWER_BYTES)

    async def aclose(self) -> None:
        await self._http.aclose()

    def _client(self, settings: AiEndpoint) -> openai.AsyncOpenAI:
        key = settings.api_key.get_secret_value() if settings.api_key else ""
        client = openai.AsyncOpenAI(
            base_url=settings.base_url,
            api_key=key or NO_KEY,
            timeout=settings.timeout_seconds,
            max_retries=0,
            http_client=self._http,
        )
        # The client fills these from OPENAI_ORG_ID / OPENAI_PROJECT_ID: they describe whoever
        # runs Fluxo, and must not travel to a workspace's endpoint.
        client.organization = None
        client.project = None
        return client

    async def _create(
        self,
        client: openai.AsyncOpenAI,
        settings: AiEndpoint,
        messages: list[ChatCompletionMessageParam],
        temperature: float | None,
        response_format: completion_create_params.ResponseFormat | None,
    ) -> ChatCompletion:
        try:
            return await client.chat.completions.create(
                model=settings.model,
                messages=messages,
                temperature=temperature if temperature is not None else openai.omit,
                response_format=response_format if response_format is not None else openai.omit,
            )
        except openai.BadRequestError as error:
            if temperature is not None and _refuses_temperature(error):
                # Reasoning models (OpenAI's o-series, gpt-5) take only their default.
                return await self._create(client, settings, messages, None, response_format)
            raise ai_error(error, settings) from error
        except openai.OpenAIError as error:
            raise ai_error(error, settings) from error
        except EgressRefused as error:
            # The answer outgrew the cap while the client read it.
            raise refused_error(error, settings) from error

    async def _complete(
        self,
        settings: AiEndpoint | None,
        messages: list[ChatCompletionMessageParam],
        *,
        temperature: float,
        response_format: completion_create_params.ResponseFormat | None = None,
    ) -> tuple[str, AiUsageCount]:
        if settings is None:
            raise AiNotConfigured()
        try:
            client = self._client(settings)
        except httpx2.InvalidURL as error:
            raise AiEndpointNotFound(
                f"{settings.base_url} is not a valid address ({error}): check the base URL in "
                f"{SETTINGS_HINT}."
            ) from error
        completion = await self._create(client, settings, messages, temperature, response_format)
        if not completion.choices:
            raise AiIncompatible(f"The server at {settings.base_url} answered without a choice.")
        usage = completion.usage
        count = AiUsageCount(
            prompt_tokens=usage.prompt_tokens if usage else 0,
            completion_tokens=usage.completion_tokens if usage else 0,
            model=completion.model or settings.model,
        )
        return completion.choices[0].message.content or "", count

    async def reply(
        self,
        settings: AiEndpoint | None,
        system_prompt: str,
        knowledge: str,
        history: list[ChatTurn],
        user_text: str,
    ) -> AiAnswer:
        """The model's answer to `user_text`, after `history` (earlier turns, oldest first)."""
        messages = prompts.reply_messages(system_prompt, knowledge, history, user_text)
        text, count = await self._complete(
            settings, messages, temperature=prompts.REPLY_TEMPERATURE
        )
        if not text.strip():
            assert settings is not None
            # Sending a contact an empty message would be worse than trying again.
            raise AiUnavailable(f"The AI model at {settings.base_url} answered with no text.")
        return AiAnswer(text=text.strip(), **count.model_dump())

    async def classify(
        self, settings: AiEndpoint | None, text: str, intents: Sequence[IntentLike]
    ) -> AiChoice:
        """The intent `text` expresses, or None. Structured output (a JSON schema whose only
        values are the intent ids) where the server has it; JSON mode plus our own check where
        it refuses the schema."""
        messages = prompts.classify_messages(text, intents)
        try:
            content, count = await self._complete(
                settings,
                messages,
                temperature=prompts.CLASSIFY_TEMPERATURE,
                response_format=prompts.intent_schema(intents),
            )
        except AiRequestRejected:
            # Servers without structured output answer 400 (each in its own words); a request
            # that is wrong for another reason is refused again below, and that error stands.
            content, count = await self._complete(
                settings,
                messages,
                temperature=prompts.CLASSIFY_TEMPERATURE,
                response_format=prompts.JSON_OBJECT,
            )
        return AiChoice(intent_id=prompts.chosen_intent(content, intents), **count.model_dump())
