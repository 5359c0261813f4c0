"""Custom fields a workspace defines for its contacts."""

import uuid
from typing import Annotated

from fastapi import APIRouter, status

from api.contact_schemas import CustomFieldPublic, CustomFieldsPublic, CustomFieldUpdate
from api.deps import Principal, ServicesDep, require
from api.routes.contacts import store_errors
from api.schemas import errors
from domain.custom_fields import CustomFieldDefinition
from domain.permissions import Permission
from stores.contacts.fields import CustomFieldStore
from stores.tables.contacts import CustomField

router = APIRouter(prefix="/custom-fields", tags=["custom fields"], responses=errors(401, 403))

FieldReader = Annotated[Principal, require(Permission.contacts_read)]
FieldManager = Annotated[Principal, require(Permission.contacts_manage)]


def _public(row: CustomField) -> CustomFieldPublic:
    return CustomFieldPublic.model_validate(row, from_attributes=True)


def _fields(services: ServicesDep) -> CustomFieldStore:
    return CustomFieldStore(services.sessions)


@router.get("", response_model=CustomFieldsPublic)
async def list_custom_fields(reader: FieldReader, services: ServicesDep) -> CustomFieldsPublic:
    """Oldest first, the order the contact page shows them in."""
    rows = await _fields(services).list_all(reader.workspace_id)
    return CustomFieldsPublic(data=[_public(row) for row in rows])


@router.post(
    "",
    response_model=CustomFieldPublic,
    status_code=status.HTTP_201_CREATED,
    responses=errors(409),
)
async def create_custom_field(
    body: CustomFieldDefinition, manager: FieldManager, services: ServicesDep
) -> CustomFieldPublic:
    """`key` and `type` are fixed once created; `options` only for select types."""
    with store_errors():
        return _public(await _fields(services).create(manager.workspace_id, body))


@router.patch("/{field_id}", response_model=CustomFieldPublic, responses=errors(404))
async def update_custom_field(
    field_id: uuid.UUID, body: CustomFieldUpdate, manager: FieldManager, services: ServicesDep
) -> CustomFieldPublic:
    with store_errors():
        row = await _fields(services).update(
            manager.workspace_id, field_id, label=body.label, options=body.options
        )
    return _public(row)


@router.delete("/{field_id}", status_code=status.HTTP_204_NO_CONTENT, responses=errors(404))
async def delete_custom_field(
    field_id: uuid.UUID, manager: FieldManager, services: ServicesDep
) -> None:
    """Also removes the field's value from every contact of the workspace."""
    with store_errors():
        await _fields(services).delete(manager.workspace_id, field_id)
