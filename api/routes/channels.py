from typing import Annotated

from fastapi import APIRouter, Request
from sqlmodel import col, select

from api.deps import Principal, SessionDep, require
from api.schemas import ChannelPublic, ChannelsPublic, errors
from domain.models import Channel
from domain.permissions import Permission

router = APIRouter(prefix="/channels", tags=["channels"], responses=errors(401))


def widget_snippet(base_url: str, public_key: str) -> str:
    return f'<script src="{base_url}/widget.js" data-fluxo-key="{public_key}" async></script>'


@router.get("", response_model=ChannelsPublic)
async def list_channels(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, require(Permission.channels_read)],
) -> ChannelsPublic:
    channels = (
        await session.execute(
            select(Channel)
            .where(Channel.workspace_id == principal.workspace_id)
            .order_by(col(Channel.created_at))
        )
    ).scalars()
    base_url = str(request.base_url).rstrip("/")
    return ChannelsPublic(
        data=[
            ChannelPublic(
                id=channel.id,
                kind=channel.kind,
                name=channel.name,
                public_key=channel.public_key,
                widget_snippet=widget_snippet(base_url, channel.public_key),
                demo_url=f"{base_url}/widget-demo.html?key={channel.public_key}",
            )
            for channel in channels
        ]
    )
