"""Custom-field definitions of a workspace: list, create, relabel, delete (with their values)."""

import uuid
from typing import Any

from pydantic import ValidationError
from sqlalchemy import String, func, literal, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from domain.custom_fields import CustomFieldDefinition
from infra.database import is_unique_violation
from stores.contacts.contact_input import ContactInputError
from stores.tables.contacts import Contact, CustomField


class FieldNotFound(LookupError):
    pass


class FieldKeyTaken(Exception):
    pass


class CustomFieldStore:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def list_all(self, workspace_id: uuid.UUID) -> list[CustomField]:
        async with self._sessions() as session:
            rows = await session.execute(
                select(CustomField)
                .where(CustomField.workspace_id == workspace_id)
                .order_by(col(CustomField.created_at), col(CustomField.key))
            )
            return list(rows.scalars())

    async def create(
        self, workspace_id: uuid.UUID, definition: CustomFieldDefinition
    ) -> CustomField:
        taken = FieldKeyTaken(f"A custom field with the key {definition.key!r} already exists.")
        try:
            async with self._sessions() as session, session.begin():
                existing = await session.execute(
                    select(CustomField.id).where(
                        CustomField.workspace_id == workspace_id, CustomField.key == definition.key
                    )
                )
                if existing.first() is not None:
                    raise taken
                row = CustomField(workspace_id=workspace_id, **definition.model_dump())
                session.add(row)
                await session.flush()
                return row
        except IntegrityError as error:
            if is_unique_violation(error):
                raise taken from None
            raise

    async def update(
        self,
        workspace_id: uuid.UUID,
        field_id: uuid.UUID,
        *,
        label: str | None,
        options: list[str] | None,
    ) -> CustomField:
        """Label and options only: a key or a type change would orphan stored values."""
        async with self._sessions() as session, session.begin():
            row = await _field(session, workspace_id, field_id)
            try:
                checked = CustomFieldDefinition(
                    key=row.key,
                    label=row.label if label is None else label,
                    type=row.type,
                    options=row.options if options is None else options,
                )
            except ValidationError as error:
                problem = error.errors()[0]
                loc = ("body", *problem["loc"]) if problem["loc"] else ("body", "options")
                raise ContactInputError(loc, problem["msg"]) from None
            row.label, row.options = checked.label, list(checked.options)
            await session.flush()
            return row

    async def delete(self, workspace_id: uuid.UUID, field_id: uuid.UUID) -> None:
        """Deletes the definition and that key's value from every contact of the workspace."""
        async with self._sessions() as session, session.begin():
            row = await _field(session, workspace_id, field_id)
            await session.execute(_remove_key(session, workspace_id, row.key))
            await session.delete(row)


async def _field(
    session: AsyncSession, workspace_id: uuid.UUID, field_id: uuid.UUID
) -> CustomField:
    row = (
        await session.execute(
            select(CustomField).where(
                CustomField.id == field_id, CustomField.workspace_id == workspace_id
            )
        )
    ).scalar_one_or_none()
    if row is None:
        raise FieldNotFound("Custom field not found.")
    return row


async def field_definitions(
    session: AsyncSession, workspace_id: uuid.UUID
) -> dict[str, CustomFieldDefinition]:
    rows = await session.execute(
        select(CustomField).where(CustomField.workspace_id == workspace_id)
    )
    return {
        row.key: CustomFieldDefinition(
            key=row.key, label=row.label, type=row.type, options=row.options
        )
        for row in rows.scalars()
    }


def _remove_key(session: AsyncSession, workspace_id: uuid.UUID, key: str) -> Any:
    """One UPDATE: JSONB's `-` operator on PostgreSQL, `json_remove` on SQLite."""
    column = col(Contact.custom_fields)
    scoped = update(Contact).where(col(Contact.workspace_id) == workspace_id)
    if session.get_bind().dialect.name == "postgresql":
        name = literal(key, String)
        return scoped.where(column.op("?")(name)).values(custom_fields=column.op("-")(name))
    # Keys match ^[a-z][a-z0-9_]*$, so the quoted path needs no escaping.
    path = f'$."{key}"'
    return scoped.where(func.json_type(column, path).is_not(None)).values(
        custom_fields=func.json_remove(column, path)
    )
