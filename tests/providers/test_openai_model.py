"""OpenAiCompatibleModel through the real `openai` client, against a local OpenAI-compatible
server: the requests it sends, the answers it reads, structured output and its fallback."""

import json
from collections.abc import AsyncIterator

import openai
import pytest
from openai.types.chat import ChatCompletionMessageParam

from domain.ai import AiEndpoint, ChatTurn
from domain.flows import Intent
from providers.egress import EgressPolicy
from providers.openai.model import OpenAiCompatibleModel
from providers.openai.prompts import KNOWLEDGE_INTRO, SCHEMA_NAME
from tests.fakes.openai import DEFAULT_KEY, DEFAULT_MODEL, running_fake_openai
from tests.fakes.openai_wire import ChatRequest

INTENTS = [
    Intent(id="billing", name="Billing questions", description="Invoices, payments"),
    Intent(id="support", name="Technical support"),
    Intent(id="sales", name="Buying", description="Prices, plans, a demo"),
]

# The local OpenAI-compatible fake is a private host the operator allowed.
LOCAL_FAKE_ALLOWED = EgressPolicy(allowed_hosts=frozenset({"127.0.0.1"}))


def endpoint(base_url: str, **changes: object) -> AiEndpoint:
    values: dict[str, object] = {
        "base_url": base_url,
        "model": DEFAULT_MODEL,
        "api_key": DEFAULT_KEY,
        "timeout_seconds": 5.0,
        **changes,
    }
    return AiEndpoint.model_validate(values)


@pytest.fixture
async def model() -> AsyncIterator[OpenAiCompatibleModel]:
    model = OpenAiCompatibleModel(LOCAL_FAKE_ALLOWED)
    yield model
    await model.aclose()


async def test_reply_sends_prompt_knowledge_and_history_and_counts_tokens(
    model: OpenAiCompatibleModel,
) -> None:
    async with running_fake_openai() as fake:
        fake.reply_with("  Our shop opens at nine.  ")
        answer = await model.reply(
            endpoint(fake.base_url),
            "You are Fluxo Shop's assistant.",
            "Opening hours: 9 to 18, Monday to Friday.",
            [
                ChatTurn(role="user", text="Hi"),
                ChatTurn(role="assistant", text="Hello! How can I help?"),
            ],
            "When do you open?",
        )

    assert answer.text == "Our shop opens at nine."
    [request] = fake.requests
    assert request.headers["authorization"] == f"Bearer {DEFAULT_KEY}"
    assert request.model == DEFAULT_MODEL
    assert request.temperature == 0.3
    assert "response_format" not in request.body
    system = (
        "You are Fluxo Shop's assistant.\n\n"
        f"{KNOWLEDGE_INTRO}\n<knowledge>\nOpening hours: 9 to 18, Monday to Friday.\n</knowledge>"
    )
    assert request.messages == [
        {"role": "system", "content": system},
        {"role": "user", "content": "Hi"},
        {"role": "assistant", "content": "Hello! How can I help?"},
        {"role": "user", "content": "When do you open?"},
    ]
    # The fake counts one token per word: 19 + 1 + 5 + 4 in the prompt, 5 in the answer.
    assert (answer.prompt_tokens, answer.completion_tokens) == (29, 5)
    assert answer.model == DEFAULT_MODEL


async def test_reply_without_knowledge_or_key_sends_neither_nor_the_operators_environment(
    model: OpenAiCompatibleModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-operator-own-key")
    monkeypatch.setenv("OPENAI_ORG_ID", "org-operator")
    monkeypatch.setenv("OPENAI_PROJECT_ID", "proj-operator")
    async with running_fake_openai(api_key=None) as fake:
        answer = await model.reply(endpoint(fake.base_url, api_key=None), "Be brief.", "", [], "Hi")

    assert answer.text == "You said: Hi"
    [request] = fake.requests
    assert request.messages == [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "Hi"},
    ]
    sent = json.dumps(request.headers)
    assert "operator" not in sent
    assert "openai-organization" not in request.headers
    assert "openai-project" not in request.headers


async def test_reply_to_a_model_that_takes_only_its_default_temperature(
    model: OpenAiCompatibleModel,
) -> None:
    async with running_fake_openai(default_temperature_only=True) as fake:
        answer = await model.reply(endpoint(fake.base_url), "Be brief.", "", [], "Hi")

    assert answer.text == "You said: Hi"
    assert [r.temperature for r in fake.requests] == [0.3, None]


def pick_by_keyword(request: ChatRequest) -> str:
    """A model that obeys the schema: the first intent id the message mentions, else null."""
    schema = request.json_schema
    assert schema is not None
    allowed = schema["properties"]["intent"]["enum"]
    text = request.last_user_text.lower()
    found = next((i for i in allowed if i is not None and i in text), None)
    return json.dumps({"intent": found})


async def test_classify_with_structured_output(model: OpenAiCompatibleModel) -> None:
    async with running_fake_openai(respond=pick_by_keyword) as fake:
        choice = await model.classify(
            endpoint(fake.base_url), "I have a billing problem with my card", INTENTS
        )
        none_fits = await model.classify(endpoint(fake.base_url), "What a nice day", INTENTS)

    assert choice.intent_id == "billing"
    assert none_fits.intent_id is None
    request = fake.requests[0]
    assert request.temperature == 0.0
    assert request.body["response_format"] == {
        "type": "json_schema",
        "json_schema": {
            "name": SCHEMA_NAME,
            "strict": True,
            "schema": {
                "type": "object",
                "properties": {
                    "intent": {
                        "type": ["string", "null"],
                        "enum": ["billing", "support", "sales", None],
                    }
                },
                "required": ["intent"],
                "additionalProperties": False,
            },
        },
    }
    system = request.texts("system")[0]
    for intent in INTENTS:
        assert f"- {intent.id}: {intent.name}" in system
    assert "Invoices, payments" in system
    assert request.last_user_text == "I have a billing problem with my card"
    assert choice.completion_tokens == 2 and choice.prompt_tokens > 20


async def test_classify_falls_back_to_json_mode_when_the_schema_is_refused(
    model: OpenAiCompatibleModel,
) -> None:
    async with running_fake_openai(json_schema_supported=False) as fake:
        fake.reply_with({"intent": "sales"})
        choice = await model.classify(endpoint(fake.base_url), "How much is it?", INTENTS)

    assert choice.intent_id == "sales"
    assert [r.response_format for r in fake.requests] == ["json_schema", "json_object"]
    # JSON mode needs the word in the prompt, or OpenAI refuses the request.
    assert "json" in fake.requests[1].texts("system")[0].lower()
    assert choice.completion_tokens == 2


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"intent": "weather"}', None),
        ('{"intent": null}', None),
        ("I think it is billing", None),
        ('["billing"]', None),
        ('{"intent": 3}', None),
        ('{"intent": "billing questions"}', "billing"),
        ('```json\n{"intent": "support"}\n```', "support"),
        ('{"intent": " sales "}', "sales"),
    ],
)
async def test_classify_answers_naming_no_known_intent_are_none(
    model: OpenAiCompatibleModel, content: str, expected: str | None
) -> None:
    async with running_fake_openai(json_schema_supported=False) as fake:
        fake.reply_with(content)
        choice = await model.classify(endpoint(fake.base_url), "Hello", INTENTS)

    assert choice.intent_id == expected


async def test_classify_takes_the_flow_graphs_intents(model: OpenAiCompatibleModel) -> None:
    intents = [Intent(id="refund", name="Refund"), Intent(id="other", name="Other")]
    async with running_fake_openai(respond=pick_by_keyword) as fake:
        choice = await model.classify(endpoint(fake.base_url), "I want a refund", intents)
    assert choice.intent_id == "refund"


async def test_the_fake_speaks_openais_wire_format() -> None:
    """The fake refuses what OpenAI refuses, so requests that pass it are well formed."""
    async with (
        running_fake_openai(models={"gpt-4o-mini", "llama3.2"}) as fake,
        openai.AsyncOpenAI(base_url=fake.base_url, api_key=DEFAULT_KEY, max_retries=0) as client,
    ):
        models = await client.models.list()
        assert sorted(m.id for m in models.data) == ["gpt-4o-mini", "llama3.2"]
        hello: list[ChatCompletionMessageParam] = [{"role": "user", "content": "Hello"}]
        refusals = {
            "json_object without the word": {"response_format": {"type": "json_object"}},
            "temperature above 2": {"temperature": 3},
            "schema not strict-ready": {
                "response_format": {
                    "type": "json_schema",
                    "json_schema": {"name": "x", "strict": True, "schema": {"type": "object"}},
                }
            },
        }
        for case, extra in refusals.items():
            with pytest.raises(openai.BadRequestError) as raised:
                await client.chat.completions.create(
                    model="llama3.2", messages=hello, extra_body=extra
                )
            assert raised.value.body is not None, case
        with pytest.raises(openai.BadRequestError):
            await client.chat.completions.create(model="llama3.2", messages=[])
