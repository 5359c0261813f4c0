"""The FastAPI application: the API under /api, the UI and the widget everywhere else."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI

from api.routes import (
    account,
    ai_settings,
    api_keys,
    attachments,
    audit,
    auth,
    canned_responses,
    channels,
    contact_imports,
    contact_privacy,
    contact_queries,
    contacts,
    conversations,
    custom_fields,
    flow_runs,
    flows,
    health,
    inbox_conversations,
    inbox_teams,
    invitations,
    live,
    message_templates,
    segments,
    sending_rules,
    suppressions,
    team,
    temporal_codec,
    unsubscribe,
    webhooks,
    widget,
)
from api.services import Services, create_services
from api.static import mount_ui
from api.widget_origins import WidgetCorsMiddleware
from domain.settings import Settings


def api_router() -> APIRouter:
    router = APIRouter(prefix="/api")
    for module in (
        health,
        auth,
        account,
        team,
        invitations,
        api_keys,
        audit,
        # /conversations/counts before /conversations/{conversation_id}.
        inbox_conversations,
        conversations,
        canned_responses,
        inbox_teams,
        attachments,
        channels,
        message_templates,
        live,
        widget,
        webhooks,
        # Fixed paths under /contacts (imports, search, export…) before /contacts/{contact_id}.
        contact_imports,
        contact_queries,
        contact_privacy,
        contacts,
        custom_fields,
        segments,
        suppressions,
        flows,
        flow_runs,
        ai_settings,
        sending_rules,
        temporal_codec,
    ):
        router.include_router(module.router)
    return router


def create_app(settings: Settings | None = None, services: Services | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = services is None
        app.state.services = services or create_services(settings)
        try:
            yield
        finally:
            if owned:
                await app.state.services.close()

    app = FastAPI(
        title="Fluxo",
        summary="Omnichannel conversations and automations, each a durable Temporal workflow.",
        version="0.1.0",
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
        lifespan=lifespan,
    )
    # Only the widget's endpoints answer other websites; the rest of the API stays same-origin.
    app.add_middleware(WidgetCorsMiddleware)
    app.include_router(api_router())
    # Public unsubscribe pages at /u/{token}, before the UI's catch-all could answer them.
    app.include_router(unsubscribe.router)
    mount_ui(app, settings.ui_dist)
    return app
