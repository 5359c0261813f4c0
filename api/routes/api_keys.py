"""The workspace's API keys for integrations: scoped, shown once, revocable."""

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, HTTPException, Request, status
from pydantic import BaseModel, Field, StringConstraints, field_validator
from sqlmodel import col, select

from api.audit import audit_by
from api.deps import Principal, SessionDep, UserPrincipal, require
from api.routes.team_rules import PRINTABLE
from api.schemas import errors
from domain.permissions import Permission
from domain.security import new_api_key, token_digest
from domain.timeutil import utcnow
from stores.tables.workspaces import ApiKey, User

router = APIRouter(prefix="/api-keys", tags=["api-keys"], responses=errors(401, 403))

KeyManager = Annotated[Principal, require(Permission.api_keys_manage)]

NOT_FOUND = "API key not found, or already revoked."

KeyName = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100, pattern=PRINTABLE)
]


class ApiKeyCreate(BaseModel):
    name: KeyName
    scopes: list[Permission] = Field(
        min_length=1,
        json_schema_extra={"uniqueItems": True},
        description="What the key may do; each must be allowed to the creator's role.",
    )

    @field_validator("scopes")
    @classmethod
    def _unique(cls, scopes: list[Permission]) -> list[Permission]:
        if len(set(scopes)) != len(scopes):
            raise ValueError("List each scope once.")
        return scopes


class ApiKeyPublic(BaseModel):
    id: uuid.UUID
    name: str
    prefix: str = Field(description="The key's first characters, to recognise it.")
    scopes: list[Permission]
    created_by_email: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class ApiKeyCreated(ApiKeyPublic):
    key: str = Field(description="The key itself. Shown only now: store it somewhere safe.")


class ApiKeysPublic(BaseModel):
    data: list[ApiKeyPublic]


def _public(api_key: ApiKey, created_by_email: str) -> ApiKeyPublic:
    return ApiKeyPublic(
        id=api_key.id,
        name=api_key.name,
        prefix=api_key.prefix,
        scopes=[Permission(scope) for scope in api_key.scopes],
        created_by_email=created_by_email,
        created_at=api_key.created_at,
        last_used_at=api_key.last_used_at,
        revoked_at=api_key.revoked_at,
    )


@router.get("", response_model=ApiKeysPublic)
async def list_api_keys(manager: KeyManager, session: SessionDep) -> ApiKeysPublic:
    """Every key of the workspace, revoked ones included; newest first. Never the key itself."""
    rows = await session.execute(
        select(ApiKey, User.email)
        .join(User, col(User.id) == ApiKey.created_by_user_id)
        .where(ApiKey.workspace_id == manager.workspace_id)
        .order_by(col(ApiKey.created_at).desc())
    )
    return ApiKeysPublic(data=[_public(key, email) for key, email in rows])


@router.post(
    "",
    response_model=ApiKeyCreated,
    status_code=status.HTTP_201_CREATED,
    dependencies=[require(Permission.api_keys_manage)],
)
async def create_api_key(
    body: ApiKeyCreate, principal: UserPrincipal, request: Request, session: SessionDep
) -> ApiKeyCreated:
    """A new key limited to `scopes`. Only people create keys, and never beyond their own role."""
    creator = principal.user
    assert creator is not None
    for scope in body.scopes:
        if scope not in principal.permissions:
            raise HTTPException(
                status.HTTP_403_FORBIDDEN,
                detail=f"Your role ({principal.role}) does not allow {scope.value}, "
                "so a key you create cannot have it.",
            )
    key, prefix = new_api_key()
    api_key = ApiKey(
        workspace_id=principal.workspace_id,
        name=body.name,
        prefix=prefix,
        key_hash=token_digest(key),
        scopes=[scope.value for scope in body.scopes],
        created_by_user_id=creator.id,
    )
    session.add(api_key)
    audit_by(
        session,
        request,
        principal,
        "api_key.created",
        target_type="api_key",
        target_id=str(api_key.id),
        details={"name": body.name},
    )
    await session.commit()
    return ApiKeyCreated(**_public(api_key, creator.email).model_dump(), key=key)


@router.delete("/{key_id}", status_code=status.HTTP_204_NO_CONTENT, responses=errors(404))
async def revoke_api_key(
    key_id: uuid.UUID, manager: KeyManager, request: Request, session: SessionDep
) -> None:
    """The key is refused (401) from its next request on."""
    api_key = (
        await session.execute(
            select(ApiKey).where(
                ApiKey.id == key_id,
                ApiKey.workspace_id == manager.workspace_id,
                col(ApiKey.revoked_at).is_(None),
            )
        )
    ).scalar_one_or_none()
    if api_key is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=NOT_FOUND)
    api_key.revoked_at = utcnow()
    audit_by(
        session,
        request,
        manager,
        "api_key.revoked",
        target_type="api_key",
        target_id=str(api_key.id),
        details={"name": api_key.name},
    )
    await session.commit()
