"""Channels of a workspace: the web chat widget, and providers connected by pasting credentials.

Credentials go in validated (`domain.channel_credentials`) and encrypted; they come out only as
the public view, secrets reduced to their last four characters. Audit events never carry them.
"""

import uuid
from typing import Annotated

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.exceptions import RequestValidationError
from sqlalchemy import exists
from sqlmodel import col, select

from api.audit import audit_by
from api.channel_schemas import (
    ChannelCreate,
    ChannelPublic,
    ChannelSetupValue,
    ChannelsPublic,
    ChannelUpdate,
    SetupItem,
)
from api.deps import Principal, SessionDep, require
from api.schemas import errors
from domain.channel_credentials import (
    CredentialsInvalid,
    from_storage,
    merge_secrets,
    public_view,
    secret_fields,
    to_storage,
    validate_credentials,
)
from domain.enums import ChannelKind
from domain.permissions import Permission
from domain.security import new_public_key
from domain.settings import Settings
from domain.timeutil import utcnow
from stores.tables.conversations import Channel, Conversation

router = APIRouter(prefix="/channels", tags=["channels"], responses=errors(401))

Reader = Annotated[Principal, require(Permission.channels_read)]
Manager = Annotated[Principal, require(Permission.channels_manage)]
NOT_FOUND = "Channel not found."


def widget_snippet(base_url: str, public_key: str) -> str:
    return f'<script src="{base_url}/widget.js" data-fluxo-key="{public_key}" async></script>'


def setup_values(public_url: str, channel: Channel) -> list[ChannelSetupValue]:
    """What to paste into the provider's console; the routes behind these URLs come next."""
    base = f"{public_url}/api/webhooks/{channel.kind.value}/{channel.webhook_key}"
    items: dict[ChannelKind, list[tuple[SetupItem, str]]] = {
        ChannelKind.whatsapp: [
            (SetupItem.whatsapp_callback_url, base),
            (SetupItem.whatsapp_verify_token, channel.verify_token),
        ],
        ChannelKind.email: [
            (SetupItem.email_inbound_parse_url, f"{base}/inbound"),
            (SetupItem.email_event_webhook_url, f"{base}/events"),
        ],
        ChannelKind.sms: [
            (SetupItem.sms_inbound_url, f"{base}/inbound"),
            (SetupItem.sms_status_callback_url, f"{base}/status"),
        ],
    }
    return [
        ChannelSetupValue(item=item, value=value) for item, value in items.get(channel.kind, [])
    ]


def to_public(request: Request, channel: Channel) -> ChannelPublic:
    settings: Settings = request.app.state.services.settings
    base_url = str(request.base_url).rstrip("/")
    webchat = channel.kind == ChannelKind.webchat
    stored = from_storage(channel.credentials) if channel.credentials else None
    return ChannelPublic(
        id=channel.id,
        kind=channel.kind,
        name=channel.name,
        public_key=channel.public_key,
        widget_snippet=widget_snippet(base_url, channel.public_key) if webchat else None,
        demo_url=f"{base_url}/widget-demo.html?key={channel.public_key}" if webchat else None,
        allowed_origins=list(channel.allowed_origins) if webchat else [],
        credentials=public_view(stored) if stored else None,
        secret_fields=[] if webchat else sorted(secret_fields(channel.kind)),
        setup=setup_values(settings.resolved_public_url, channel),
        created_at=channel.created_at,
        updated_at=channel.updated_at,
    )


def _unprocessable(error: CredentialsInvalid) -> RequestValidationError:
    """The same 422 shape FastAPI gives, each error located at `body.credentials.<field>`."""
    return RequestValidationError(
        [{**e, "loc": ("body", "credentials", *e["loc"])} for e in error.errors]
    )


async def _channel(session: SessionDep, principal: Principal, channel_id: uuid.UUID) -> Channel:
    channel = (
        await session.execute(
            select(Channel).where(
                Channel.id == channel_id, Channel.workspace_id == principal.workspace_id
            )
        )
    ).scalar_one_or_none()
    if channel is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=NOT_FOUND)
    return channel


@router.get("", response_model=ChannelsPublic)
async def list_channels(request: Request, session: SessionDep, principal: Reader) -> ChannelsPublic:
    channels = (
        await session.execute(
            select(Channel)
            .where(Channel.workspace_id == principal.workspace_id)
            .order_by(col(Channel.created_at))
        )
    ).scalars()
    return ChannelsPublic(data=[to_public(request, channel) for channel in channels])


@router.get("/{channel_id}", response_model=ChannelPublic, responses=errors(404))
async def get_channel(
    channel_id: uuid.UUID, request: Request, session: SessionDep, principal: Reader
) -> ChannelPublic:
    return to_public(request, await _channel(session, principal, channel_id))


@router.post(
    "",
    response_model=ChannelPublic,
    status_code=status.HTTP_201_CREATED,
    responses=errors(403),
)
async def create_channel(
    body: ChannelCreate, request: Request, session: SessionDep, principal: Manager
) -> ChannelPublic:
    """Connects a provider; the answer says which webhook URLs to paste into its console."""
    kind = ChannelKind(body.kind)
    try:
        credentials = validate_credentials(kind, body.credentials)
    except CredentialsInvalid as error:
        raise _unprocessable(error) from None
    channel = Channel(
        workspace_id=principal.workspace_id,
        kind=kind,
        name=body.name.strip(),
        public_key=new_public_key(),
        credentials=to_storage(credentials),
        created_by_user_id=principal.actor_user_id,
    )
    session.add(channel)
    audit_by(
        session,
        request,
        principal,
        "channel.created",
        target_type="channel",
        target_id=str(channel.id),
        details={"kind": kind.value, "name": channel.name},
    )
    await session.commit()
    return to_public(request, channel)


@router.patch("/{channel_id}", response_model=ChannelPublic, responses=errors(403, 404))
async def update_channel(
    channel_id: uuid.UUID,
    body: ChannelUpdate,
    request: Request,
    session: SessionDep,
    principal: Manager,
) -> ChannelPublic:
    """Renames, replaces the credentials (secrets left out keep their stored values), or sets
    a web chat channel's allowed websites."""
    channel = await _channel(session, principal, channel_id)
    if body.allowed_origins is not None:
        _set_allowed_origins(session, request, principal, channel, body.allowed_origins)
    if body.credentials is not None:
        if channel.credentials is None:
            raise RequestValidationError(
                [
                    {
                        "loc": ("body", "credentials"),
                        "msg": f"{channel.kind.value} channels take no credentials",
                        "type": "value_error",
                    }
                ]
            )
        merged = merge_secrets(channel.kind, from_storage(channel.credentials), body.credentials)
        try:
            credentials = validate_credentials(channel.kind, merged)
        except CredentialsInvalid as error:
            raise _unprocessable(error) from None
        changed = sorted(
            name for name in body.credentials if name in type(credentials).model_fields
        )
        channel.credentials = to_storage(credentials)
        audit_by(
            session,
            request,
            principal,
            "channel.credentials_changed",
            target_type="channel",
            target_id=str(channel.id),
            # Field names only: the values (secret or not) stay out of the log.
            details={"fields": ",".join(changed)},
        )
    if body.name is not None:
        channel.name = body.name.strip()
    channel.updated_at = utcnow()
    await session.commit()
    return to_public(request, channel)


def _set_allowed_origins(
    session: SessionDep,
    request: Request,
    principal: Principal,
    channel: Channel,
    origins: list[str],
) -> None:
    if channel.kind != ChannelKind.webchat:
        raise RequestValidationError(
            [
                {
                    "loc": ("body", "allowed_origins"),
                    "msg": "only web chat channels take allowed websites, not "
                    f"{channel.kind.value} channels",
                    "type": "value_error",
                }
            ]
        )
    # Already normalized by the schema; the same site typed twice is kept once.
    channel.allowed_origins = list(dict.fromkeys(origins))
    audit_by(
        session,
        request,
        principal,
        "channel.allowed_origins_changed",
        target_type="channel",
        target_id=str(channel.id),
        details={"allowed_origins": ",".join(channel.allowed_origins) or "any"},
    )


@router.delete(
    "/{channel_id}", status_code=status.HTTP_204_NO_CONTENT, responses=errors(403, 404, 409)
)
async def delete_channel(
    channel_id: uuid.UUID, request: Request, session: SessionDep, principal: Manager
) -> None:
    """Disconnects a provider. Web chat channels and channels with conversations stay."""
    channel = await _channel(session, principal, channel_id)
    if channel.kind == ChannelKind.webchat:
        raise HTTPException(
            status.HTTP_409_CONFLICT, detail="The web chat channel cannot be deleted."
        )
    has_conversations = await session.scalar(
        select(exists().where(col(Conversation.channel_id) == channel.id))
    )
    if has_conversations:
        raise HTTPException(
            status.HTTP_409_CONFLICT,
            detail="This channel has conversations; their history would be lost.",
        )
    audit_by(
        session,
        request,
        principal,
        "channel.deleted",
        target_type="channel",
        target_id=str(channel.id),
        details={"kind": channel.kind.value, "name": channel.name},
    )
    await session.delete(channel)
    await session.commit()
