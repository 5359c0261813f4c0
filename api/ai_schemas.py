"""Request and response bodies of `/api/ai-settings` and `/api/ai-usage`. The API key goes in
and never comes out: answers show only a hint of its last four characters."""

from datetime import date
from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field, StringConstraints

from providers.openai.errors import AiErrorKind
from stores.ai.settings import base_url_checked

BaseUrl = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=500),
    AfterValidator(base_url_checked),
]
ModelName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
ApiKey = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=4000, pattern=r"^[^\s\x00-\x1f]*$")
]


class AiSettingsPublic(BaseModel):
    configured: bool = Field(description="False until a base URL and model are saved.")
    base_url: str | None
    model: str | None
    api_key_hint: str | None = Field(
        description='"…" and the key\'s last four characters; null when no key is stored.'
    )


class AiSettingsUpdate(BaseModel):
    base_url: BaseUrl = Field(
        description="The OpenAI-compatible API's base URL, usually ending in /v1: "
        "https://api.openai.com/v1, http://localhost:11434/v1 (Ollama)…"
    )
    model: ModelName = Field(description="As the server names it: gpt-4o-mini, llama3.2…")
    api_key: ApiKey | None = Field(
        default=None,
        description="Write-only. Left out, null, or the hint GET shows: the stored key stays. "
        'Empty (""): no key (servers without authentication, such as a local Ollama).',
    )


class AiTestResult(BaseModel):
    ok: bool
    detail: str = Field(description="What happened, worded for the person setting it up.")
    error: AiErrorKind | None = Field(default=None, description="Why it failed, when it did.")
    model: str | None = Field(default=None, description="The model that answered.")


class AiUsageDay(BaseModel):
    day: date = Field(description="A UTC day.")
    model: str
    requests: int
    prompt_tokens: int
    completion_tokens: int


class AiUsagePublic(BaseModel):
    data: list[AiUsageDay] = Field(description="Newest day first, then by model.")
