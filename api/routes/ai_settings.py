"""The workspace's AI model (any OpenAI-compatible endpoint) and the tokens it has spent.

Reading is for whoever builds flows; changing the endpoint, its key, or spending tokens on a
test is for those who manage the workspace. The key is stored encrypted and never shown again.
"""

from typing import Annotated

from fastapi import APIRouter, Query, Request

from api.ai_schemas import (
    AiSettingsPublic,
    AiSettingsUpdate,
    AiTestResult,
    AiUsageDay,
    AiUsagePublic,
)
from api.audit import audit_by
from api.deps import Principal, ServicesDep, SessionDep, require
from api.schemas import errors
from domain.permissions import Permission
from providers.egress import EgressPolicy
from providers.openai.errors import AiError
from providers.openai.model import OpenAiCompatibleModel
from stores.ai.settings import apply_settings, key_hint, settings_of
from stores.ai.usage import AiUsageStore
from stores.ai.workspace_ai import WorkspaceAi
from stores.tables.flows import AiSettings

router = APIRouter(tags=["ai"], responses=errors(401, 403))

Reader = Annotated[Principal, require(Permission.flows_manage)]
Manager = Annotated[Principal, require(Permission.workspace_manage)]


def to_public(row: AiSettings | None) -> AiSettingsPublic:
    return AiSettingsPublic(
        configured=row is not None,
        base_url=row.base_url if row else None,
        model=row.model if row else None,
        api_key_hint=key_hint(row),
    )


@router.get("/ai-settings", response_model=AiSettingsPublic)
async def get_ai_settings(session: SessionDep, reader: Reader) -> AiSettingsPublic:
    return to_public(await settings_of(session, reader.workspace_id))


@router.put("/ai-settings", response_model=AiSettingsPublic)
async def update_ai_settings(
    body: AiSettingsUpdate, request: Request, session: SessionDep, manager: Manager
) -> AiSettingsPublic:
    """Saves the endpoint and model; the key only when one is given (see `api_key`)."""
    row, key_change = apply_settings(
        await settings_of(session, manager.workspace_id),
        manager.workspace_id,
        base_url=body.base_url,
        model=body.model,
        api_key=body.api_key,
    )
    session.add(row)
    audit_by(
        session,
        request,
        manager,
        "ai_settings.changed",
        target_type="ai_settings",
        target_id=str(manager.workspace_id),
        # Whether the key changed, never the key.
        details={"base_url": row.base_url, "model": row.model, "api_key": key_change.value},
    )
    await session.commit()
    return to_public(row)


@router.post("/ai-settings/test", response_model=AiTestResult)
async def check_ai_settings(services: ServicesDep, manager: Manager) -> AiTestResult:
    """A tiny completion with the saved settings. A failure is an answer (`ok: false`, with
    what to fix), not an HTTP error: the endpoint being down is what is being tested."""
    model = OpenAiCompatibleModel(EgressPolicy.from_setting(services.settings.ai_allowed_hosts))
    try:
        answer = await WorkspaceAi(services.sessions, model).check(manager.workspace_id)
    except AiError as error:
        return AiTestResult(ok=False, detail=error.message, error=error.kind)
    finally:
        await model.aclose()
    return AiTestResult(
        ok=True, detail=f"{answer.model} answered: {answer.text[:200]}", model=answer.model
    )


@router.get("/ai-usage", response_model=AiUsagePublic)
async def get_ai_usage(
    services: ServicesDep,
    reader: Reader,
    days: Annotated[int, Query(ge=1, le=366, description="UTC days, today included.")] = 30,
) -> AiUsagePublic:
    rows = await AiUsageStore(services.sessions).recent(reader.workspace_id, days)
    return AiUsagePublic(
        data=[AiUsageDay.model_validate(row, from_attributes=True) for row in rows]
    )
