"""Token usage per workspace, UTC day and model, on both databases; and WorkspaceAi, which loads
a workspace's settings (key decrypted), asks the model and counts the tokens."""

import asyncio
import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlmodel import select

from domain.ai import AiUsageCount, ChatTurn
from infra import secrets
from providers.openai.errors import AiNotConfigured, AiRefused
from providers.openai.model import OpenAiCompatibleModel
from stores.ai.settings import AiSettingsLoader, KeyChange, apply_settings, key_hint
from stores.ai.usage import AiUsageStore
from stores.ai.workspace_ai import WorkspaceAi
from stores.tables.flows import AiSettings, AiUsage
from tests.channels.delivery_support import SECRET_BOX
from tests.factories import create_workspace
from tests.fakes.openai import DEFAULT_KEY, DEFAULT_MODEL, running_fake_openai
from tests.providers.test_openai_model import INTENTS, LOCAL_FAKE_ALLOWED
from tests.support.databases import Sessions

CONCURRENT = 30


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


async def usage_rows(sessions: Sessions, workspace_id: uuid.UUID) -> list[tuple[str, ...]]:
    async with sessions() as session:
        found = await session.execute(select(AiUsage).where(AiUsage.workspace_id == workspace_id))
        return sorted(
            (
                row.day.isoformat(),
                row.model,
                str(row.requests),
                str(row.prompt_tokens),
                str(row.completion_tokens),
            )
            for row in found.scalars()
        )


async def test_concurrent_increments_all_count(sessions: Sessions) -> None:
    account = await create_workspace(sessions)
    other = await create_workspace(sessions)
    clock = Clock(datetime(2026, 3, 1, 23, 59, tzinfo=UTC))
    store = AiUsageStore(sessions, clock=clock)
    count = AiUsageCount(prompt_tokens=10, completion_tokens=3, model="gpt-4o-mini")

    await asyncio.gather(
        *(store.record(account.workspace_id, count) for _ in range(CONCURRENT)),
        *(
            store.record(other.workspace_id, count.model_copy(update={"model": "llama3.2"}))
            for _ in range(5)
        ),
    )

    assert await usage_rows(sessions, account.workspace_id) == [
        ("2026-03-01", "gpt-4o-mini", str(CONCURRENT), str(10 * CONCURRENT), str(3 * CONCURRENT))
    ]
    assert await usage_rows(sessions, other.workspace_id) == [
        ("2026-03-01", "llama3.2", "5", "50", "15")
    ]


async def test_days_and_models_get_their_own_rows_and_recent_reads_back(
    sessions: Sessions,
) -> None:
    account = await create_workspace(sessions)
    clock = Clock(datetime(2026, 3, 1, 12, tzinfo=UTC))
    store = AiUsageStore(sessions, clock=clock)
    await store.record(account.workspace_id, AiUsageCount(prompt_tokens=1, model="a"))
    clock.now = datetime(2026, 3, 2, 0, 1, tzinfo=UTC)
    await store.record(account.workspace_id, AiUsageCount(prompt_tokens=2, model="a"))
    await store.record(account.workspace_id, AiUsageCount(completion_tokens=4, model="b"))
    clock.now = datetime(2026, 3, 31, 8, tzinfo=UTC)
    await store.record(account.workspace_id, AiUsageCount(prompt_tokens=8, model="a"))

    recent = await store.recent(account.workspace_id, days=30)
    assert [(r.day.isoformat(), r.model, r.prompt_tokens) for r in recent] == [
        ("2026-03-31", "a", 8),
        ("2026-03-02", "a", 2),
        ("2026-03-02", "b", 0),
    ]
    assert len(await store.recent(account.workspace_id, days=1)) == 1
    assert len(await store.recent(account.workspace_id, days=31)) == 4
    assert await store.recent(uuid.uuid4(), days=366) == []


async def save_settings(sessions: Sessions, workspace_id: uuid.UUID, **values: str | None) -> None:
    async with sessions() as session, session.begin():
        row, _ = apply_settings(
            await session.get(AiSettings, workspace_id),
            workspace_id,
            base_url=str(values["base_url"]),
            model=str(values.get("model", DEFAULT_MODEL)),
            api_key=values.get("api_key"),
        )
        session.add(row)


async def test_workspace_ai_uses_the_workspaces_encrypted_settings_and_counts_tokens(
    sessions: Sessions,
) -> None:
    secrets.configure(SECRET_BOX)
    account = await create_workspace(sessions)
    model = OpenAiCompatibleModel(LOCAL_FAKE_ALLOWED)
    ai = WorkspaceAi(sessions, model)
    try:
        with pytest.raises(AiNotConfigured):
            await ai.reply(
                account.workspace_id, system_prompt="Hi", knowledge="", history=[], user_text="x"
            )
        async with running_fake_openai() as fake:
            await save_settings(
                sessions, account.workspace_id, base_url=fake.base_url, api_key=DEFAULT_KEY
            )
            fake.reply_with("Nine o'clock.", {"intent": "sales"})
            answer = await ai.reply(
                account.workspace_id,
                system_prompt="Be brief.",
                knowledge="",
                history=[ChatTurn(role="user", text="Hello")],
                user_text="When?",
            )
            choice = await ai.classify(account.workspace_id, text="Price?", intents=INTENTS)
            checked = await ai.check(account.workspace_id)
    finally:
        await model.aclose()

    assert answer.text == "Nine o'clock." and choice.intent_id == "sales"
    assert checked.text.startswith("You said:")
    assert fake.requests[0].headers["authorization"] == f"Bearer {DEFAULT_KEY}"
    tokens = [answer, choice, checked]
    assert await usage_rows(sessions, account.workspace_id) == [
        (
            datetime.now(UTC).date().isoformat(),
            DEFAULT_MODEL,
            "3",
            str(sum(t.prompt_tokens for t in tokens)),
            str(sum(t.completion_tokens for t in tokens)),
        )
    ]
    async with sessions() as session:
        stored = await session.scalar(
            text("SELECT api_key FROM ai_settings WHERE base_url = :url"), {"url": fake.base_url}
        )
    assert isinstance(stored, str) and DEFAULT_KEY not in stored, "keys are encrypted at rest"


async def test_a_refused_call_counts_nothing(sessions: Sessions) -> None:
    secrets.configure(SECRET_BOX)
    account = await create_workspace(sessions)
    model = OpenAiCompatibleModel(LOCAL_FAKE_ALLOWED)
    try:
        async with running_fake_openai() as fake:
            await save_settings(
                sessions, account.workspace_id, base_url=fake.base_url, api_key="sk-wrong-1234"
            )
            with pytest.raises(AiRefused):
                await WorkspaceAi(sessions, model).classify(
                    account.workspace_id, text="Hi", intents=INTENTS
                )
    finally:
        await model.aclose()
    assert await usage_rows(sessions, account.workspace_id) == []


async def test_key_changes_keep_set_or_remove_the_key(sessions: Sessions) -> None:
    secrets.configure(SECRET_BOX)
    account = await create_workspace(sessions)
    ws = account.workspace_id
    key = "sk-live-abcdefghijklmnop1234"
    row, change = apply_settings(None, ws, base_url="http://x/v1", model="m", api_key=key)
    assert change == KeyChange.set and key_hint(row) == "…1234"
    for kept in (None, "…1234"):
        row, change = apply_settings(row, ws, base_url="http://y/v1", model="n", api_key=kept)
        assert change == KeyChange.kept and row.api_key == key
    async with sessions() as session, session.begin():
        session.add(row)
    loaded = await AiSettingsLoader(sessions).endpoint(ws, timeout_seconds=7)
    assert loaded is not None
    assert (loaded.base_url, loaded.model, loaded.timeout_seconds) == ("http://y/v1", "n", 7)
    assert loaded.api_key is not None and loaded.api_key.get_secret_value() == key

    row, change = apply_settings(row, ws, base_url="http://y/v1", model="n", api_key="")
    assert change == KeyChange.removed and row.api_key is None and key_hint(row) is None
    row, change = apply_settings(row, ws, base_url="http://y/v1", model="n", api_key="")
    assert change == KeyChange.kept
    assert await AiSettingsLoader(sessions).endpoint(uuid.uuid4()) is None
