"""Language models for flows' AI steps, on any OpenAI-compatible endpoint, per workspace."""

from adapters.ai.errors import (
    AiEndpointNotFound,
    AiError,
    AiErrorKind,
    AiIncompatible,
    AiModelNotFound,
    AiNotConfigured,
    AiQuotaExceeded,
    AiRefused,
    AiRequestRejected,
    AiUnavailable,
)
from adapters.ai.openai_model import OpenAiCompatibleModel
from adapters.ai.settings_store import AiSettingsLoader
from adapters.ai.types import (
    AiAnswer,
    AiChoice,
    AiEndpoint,
    AiModel,
    AiUsageCount,
    ChatTurn,
    IntentLike,
    IntentOption,
)
from adapters.ai.usage import AiUsageStore
from adapters.ai.workspace_ai import WorkspaceAi

__all__ = [
    "AiAnswer",
    "AiChoice",
    "AiEndpoint",
    "AiEndpointNotFound",
    "AiError",
    "AiErrorKind",
    "AiIncompatible",
    "AiModel",
    "AiModelNotFound",
    "AiNotConfigured",
    "AiQuotaExceeded",
    "AiRefused",
    "AiRequestRejected",
    "AiSettingsLoader",
    "AiUnavailable",
    "AiUsageCount",
    "AiUsageStore",
    "ChatTurn",
    "IntentLike",
    "IntentOption",
    "OpenAiCompatibleModel",
    "WorkspaceAi",
]
