"""The messages we send for each kind of AI step, and how a classification answer is read.

Pure functions: the same inputs give the same request, so tests can assert on it.
"""

import json
import re
from collections.abc import Sequence

from openai.types.chat import (
    ChatCompletionAssistantMessageParam,
    ChatCompletionMessageParam,
    ChatCompletionSystemMessageParam,
    ChatCompletionUserMessageParam,
)
from openai.types.shared_params import ResponseFormatJSONObject, ResponseFormatJSONSchema

from domain.ai import ChatTurn, IntentLike

REPLY_TEMPERATURE = 0.3
# Classification should be repeatable: the same message takes the same branch.
CLASSIFY_TEMPERATURE = 0.0
SCHEMA_NAME = "intent_choice"
KNOWLEDGE_INTRO = "Knowledge to answer from:"
_FENCE = re.compile(r"^```(?:json)?\s*(.*?)\s*```$", re.DOTALL)


def _system(text: str) -> ChatCompletionSystemMessageParam:
    return {"role": "system", "content": text}


def _user(text: str) -> ChatCompletionUserMessageParam:
    return {"role": "user", "content": text}


def _turn(turn: ChatTurn) -> ChatCompletionMessageParam:
    if turn.role == "assistant":
        assistant: ChatCompletionAssistantMessageParam = {"role": "assistant", "content": turn.text}
        return assistant
    return _user(turn.text)


def reply_messages(
    system_prompt: str, knowledge: str, history: list[ChatTurn], user_text: str
) -> list[ChatCompletionMessageParam]:
    """System prompt (with the knowledge appended), the earlier turns oldest first, then the
    contact's message. `history` must not repeat `user_text`."""
    system = system_prompt.strip()
    if knowledge.strip():
        system += f"\n\n{KNOWLEDGE_INTRO}\n<knowledge>\n{knowledge.strip()}\n</knowledge>"
    messages: list[ChatCompletionMessageParam] = [_system(system)]
    messages += [_turn(turn) for turn in history if turn.text]
    if user_text.strip():
        messages.append(_user(user_text))
    return messages


def classify_messages(text: str, intents: Sequence[IntentLike]) -> list[ChatCompletionMessageParam]:
    # The word JSON must appear: OpenAI refuses json_object output otherwise.
    listed = "\n".join(
        f"- {intent.id}: {intent.name}" + (f" — {intent.description}" if intent.description else "")
        for intent in intents
    )
    system = (
        "You sort a customer's message into one of the intents below. Answer with a JSON "
        'object {"intent": "<id>"} holding the id of the intent that fits best, or '
        '{"intent": null} when none fits.\n\nIntents (id: name — description):\n' + listed
    )
    return [_system(system), _user(text)]


def intent_schema(intents: Sequence[IntentLike]) -> ResponseFormatJSONSchema:
    """`response_format` for structured output: the answer can only be a known id or null."""
    ids: list[str | None] = [intent.id for intent in intents]
    return {
        "type": "json_schema",
        "json_schema": {
            "name": SCHEMA_NAME,
            "strict": True,
            "schema": {
                "type": "object",
                "properties": {"intent": {"type": ["string", "null"], "enum": [*ids, None]}},
                "required": ["intent"],
                "additionalProperties": False,
            },
        },
    }


JSON_OBJECT: ResponseFormatJSONObject = {"type": "json_object"}


def chosen_intent(content: str, intents: Sequence[IntentLike]) -> str | None:
    """The intent the answer names (by id, or by name when a model ignored the instructions);
    None for anything else: no intent fits, or the answer is not what was asked."""
    text = content.strip()
    fenced = _FENCE.match(text)
    if fenced:
        text = fenced.group(1)
    try:
        answer = json.loads(text)
    except ValueError:
        return None
    value = answer.get("intent") if isinstance(answer, dict) else None
    if not isinstance(value, str):
        return None
    by_id = {intent.id: intent.id for intent in intents}
    by_name = {intent.name.strip().casefold(): intent.id for intent in intents}
    return by_id.get(value.strip()) or by_name.get(value.strip().casefold())
