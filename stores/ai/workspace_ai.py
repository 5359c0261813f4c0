"""What an activity or the API calls: the workspace's settings are loaded, the model asked,
the tokens counted."""

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.ai import (
    DEFAULT_TIMEOUT_SECONDS,
    AiAnswer,
    AiChoice,
    AiModel,
    ChatTurn,
    IntentLike,
)
from stores.ai.settings import AiSettingsLoader
from stores.ai.usage import AiUsageStore

CHECK_TIMEOUT_SECONDS = 20.0
CHECK_PROMPT = "You check that a connection works. Answer with the single word OK."
CHECK_QUESTION = "Are you there?"


class WorkspaceAi:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        model: AiModel,
        *,
        timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS,
    ) -> None:
        self._settings = AiSettingsLoader(sessions)
        self._model = model
        self._usage = AiUsageStore(sessions)
        self._timeout = timeout_seconds

    async def reply(
        self,
        workspace_id: uuid.UUID,
        *,
        system_prompt: str,
        knowledge: str,
        history: list[ChatTurn],
        user_text: str,
    ) -> AiAnswer:
        settings = await self._settings.endpoint(workspace_id, timeout_seconds=self._timeout)
        answer = await self._model.reply(settings, system_prompt, knowledge, history, user_text)
        await self._usage.record(workspace_id, answer)
        return answer

    async def classify(
        self, workspace_id: uuid.UUID, *, text: str, intents: Sequence[IntentLike]
    ) -> AiChoice:
        settings = await self._settings.endpoint(workspace_id, timeout_seconds=self._timeout)
        choice = await self._model.classify(settings, text, intents)
        await self._usage.record(workspace_id, choice)
        return choice

    async def check(self, workspace_id: uuid.UUID) -> AiAnswer:
        """A tiny completion, to prove the saved settings work (its tokens count too)."""
        settings = await self._settings.endpoint(
            workspace_id, timeout_seconds=min(self._timeout, CHECK_TIMEOUT_SECONDS)
        )
        answer = await self._model.reply(settings, CHECK_PROMPT, "", [], CHECK_QUESTION)
        await self._usage.record(workspace_id, answer)
        return answer
