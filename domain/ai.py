"""What flows ask of a language model, and what comes back. Plain data: no I/O here."""

from collections.abc import Sequence
from typing import Literal, Protocol

from pydantic import BaseModel, Field, SecretStr

DEFAULT_TIMEOUT_SECONDS = 60.0


class AiEndpoint(BaseModel):
    """A workspace's OpenAI-compatible endpoint, key decrypted. Load it inside an activity:
    never put it in workflow input, where the key would sit in the history."""

    base_url: str
    model: str
    api_key: SecretStr | None = None
    timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS


class ChatTurn(BaseModel):
    """One message of the conversation so far, as the model sees it."""

    role: Literal["user", "assistant"]
    text: str


class IntentLike(Protocol):
    """What classification needs of an intent; `domain.flows.Intent` is one."""

    @property
    def id(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def description(self) -> str: ...


class AiUsageCount(BaseModel):
    prompt_tokens: int = Field(default=0, ge=0)
    completion_tokens: int = Field(default=0, ge=0)
    model: str = Field(description="The model that answered, as the server names it.")


class AiAnswer(AiUsageCount):
    text: str


class AiChoice(AiUsageCount):
    intent_id: str | None = Field(description="None: no intent fits (take the fallback).")


class AiModel(Protocol):
    """A chat model behind an OpenAI-compatible API. Raises `providers.openai.errors.AiError`."""

    async def reply(
        self,
        settings: AiEndpoint | None,
        system_prompt: str,
        knowledge: str,
        history: list[ChatTurn],
        user_text: str,
    ) -> AiAnswer: ...

    async def classify(
        self, settings: AiEndpoint | None, text: str, intents: Sequence[IntentLike]
    ) -> AiChoice: ...
