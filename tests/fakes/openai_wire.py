"""OpenAI's chat completions wire format, for the fake in `tests/fakes/openai.py`: error bodies,
the recorded request, and the 400s OpenAI answers for a malformed one."""

import re
from dataclasses import dataclass
from typing import Any

from starlette.responses import JSONResponse

ROLES = {"system", "developer", "user", "assistant", "tool"}
SCHEMA_NAME = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")


def openai_error(
    status: int,
    message: str,
    *,
    kind: str = "invalid_request_error",
    param: str | None = None,
    code: str | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    error = {"message": message, "type": kind, "param": param, "code": code}
    return JSONResponse({"error": error}, status_code=status, headers=headers)


def words(text: str) -> int:
    """The fake's token count: one token per whitespace-separated word."""
    return len(text.split())


def message_text(message: dict[str, Any]) -> str:
    content = message.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(str(part.get("text", "")) for part in content if isinstance(part, dict))
    return ""


@dataclass
class ChatRequest:
    """One recorded `POST /v1/chat/completions`."""

    headers: dict[str, str]
    body: dict[str, Any]

    @property
    def model(self) -> str:
        return str(self.body.get("model", ""))

    @property
    def messages(self) -> list[dict[str, Any]]:
        messages = self.body.get("messages")
        return messages if isinstance(messages, list) else []

    @property
    def temperature(self) -> float | None:
        value = self.body.get("temperature")
        return float(value) if isinstance(value, int | float) else None

    @property
    def response_format(self) -> str:
        fmt = self.body.get("response_format")
        return str(fmt.get("type", "text")) if isinstance(fmt, dict) else "text"

    @property
    def json_schema(self) -> dict[str, Any] | None:
        fmt = self.body.get("response_format")
        if isinstance(fmt, dict) and isinstance(fmt.get("json_schema"), dict):
            schema = fmt["json_schema"].get("schema")
            return schema if isinstance(schema, dict) else None
        return None

    def texts(self, role: str) -> list[str]:
        return [message_text(m) for m in self.messages if m.get("role") == role]

    @property
    def last_user_text(self) -> str:
        users = self.texts("user")
        return users[-1] if users else ""


def invalid_request(
    chat: ChatRequest, *, json_schema_supported: bool, default_temperature_only: bool
) -> JSONResponse | None:
    """The 400 OpenAI answers for a malformed request, or None."""
    if not chat.model:
        return openai_error(400, "you must provide a model parameter", param="model")
    if not chat.messages:
        return openai_error(400, "[] is too short - 'messages'", param="messages")
    for index, message in enumerate(chat.messages):
        if not isinstance(message, dict) or message.get("role") not in ROLES:
            return openai_error(
                400, f"Invalid value for 'messages[{index}].role'.", param="messages"
            )
        if not isinstance(message.get("content"), str | list):
            return openai_error(
                400, f"Invalid type for 'messages[{index}].content'.", param="messages"
            )
    temperature = chat.body.get("temperature")
    if temperature is not None and not (
        isinstance(temperature, int | float) and 0 <= temperature <= 2
    ):
        return openai_error(
            400, "Invalid 'temperature': expected a number from 0 to 2.", param="temperature"
        )
    if default_temperature_only and temperature not in (None, 1):
        return openai_error(
            400,
            f"Unsupported value: 'temperature' does not support {temperature} with this "
            "model. Only the default (1) value is supported.",
            param="temperature",
            code="unsupported_value",
        )
    return _invalid_format(chat, json_schema_supported)


def _invalid_format(chat: ChatRequest, json_schema_supported: bool) -> JSONResponse | None:
    fmt = chat.body.get("response_format")
    if fmt is None:
        return None
    kind = fmt.get("type") if isinstance(fmt, dict) else None
    if kind not in ("text", "json_object", "json_schema"):
        return openai_error(
            400, "Invalid value for 'response_format.type'.", param="response_format"
        )
    if kind == "json_object" and not any("json" in message_text(m).lower() for m in chat.messages):
        return openai_error(
            400,
            "'messages' must contain the word 'json' in some form, to use "
            "'response_format' of type 'json_object'.",
            param="messages",
        )
    if kind != "json_schema":
        return None
    if not json_schema_supported:
        return openai_error(
            400,
            "Invalid parameter: 'response_format' of type 'json_schema' is not supported "
            "with this model.",
            param="response_format",
        )
    spec = fmt.get("json_schema")
    if not isinstance(spec, dict) or not SCHEMA_NAME.match(str(spec.get("name", ""))):
        return openai_error(
            400,
            "Missing required parameter: 'response_format.json_schema.name'.",
            param="response_format",
        )
    schema = spec.get("schema")
    if not isinstance(schema, dict):
        return openai_error(
            400, "Invalid 'response_format.json_schema.schema'.", param="response_format"
        )
    if spec.get("strict") and (
        schema.get("additionalProperties") is not False
        or set(schema.get("required", [])) != set(schema.get("properties", {}))
    ):
        return openai_error(
            400,
            f"Invalid schema for response_format '{spec['name']}': strict schemas need "
            "'additionalProperties': false and every property required.",
            param="response_format",
        )
    return None
