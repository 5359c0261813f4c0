"""What agents change on a conversation: status, snooze, assignee (agent or team), mode, labels.

Only the fields a request names change; a field named with null clears it. Everything is
checked before anything is written, so a refused request changes nothing.
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints
from sqlalchemy import delete, func
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from domain.conversations import ConversationPublic
from domain.enums import ConversationMode, ConversationStatus
from stores.inbox.agents import require_agents
from stores.inbox.conversation_rows import find_conversation, public_of
from stores.inbox.errors import InboxInputError
from stores.tables.contacts import Contact
from stores.tables.conversations import Conversation
from stores.tables.inbox import ConversationLabel, InboxTeam

MAX_LABELS = 20
LabelText = Annotated[
    str, StringConstraints(strip_whitespace=True, to_lower=True, min_length=1, max_length=50)
]


class ConversationChanges(BaseModel):
    """Fields left out stay as they are; null clears the snooze, the agent or the team."""

    status: Literal["open", "pending", "closed"] | None = Field(
        default=None, description="Snoozing is done with `snoozed_until`; any status ends it."
    )
    snoozed_until: datetime | None = Field(
        default=None,
        description="A future time (with its offset): the conversation is snoozed until then "
        "and reopens by itself. null ends the snooze (the conversation opens).",
    )
    assignee_user_id: uuid.UUID | None = Field(
        default=None, description="A member who can answer conversations; null unassigns."
    )
    assignee_team_id: uuid.UUID | None = Field(
        default=None, description="One of the workspace's inbox teams; null clears it."
    )
    mode: ConversationMode | None = Field(
        default=None, description="bot hands the conversation to the chatbot, human takes it."
    )


@dataclass(frozen=True)
class UpdatedConversation:
    conversation: ConversationPublic
    # The wake-up time changed, or the request named it: a retried request re-sends the
    # wake-up its first attempt may have failed to send.
    snooze_changed: bool
    # The request named a mode: the workflow is told (again, on a retried request), so a bot
    # the agents took over stops at once rather than at the contact's next message.
    mode_named: bool = False


@dataclass(frozen=True)
class LabelCount:
    label: str
    count: int


def _refuse_nulls(changes: ConversationChanges) -> None:
    for name in ("status", "mode"):
        if name in changes.model_fields_set and getattr(changes, name) is None:
            raise InboxInputError(("body", name), f"{name} cannot be null; leave it out instead")


def _check_snooze(changes: ConversationChanges, now: datetime) -> None:
    until = changes.snoozed_until
    if until is None:
        return
    if until.tzinfo is None:
        raise InboxInputError(
            ("body", "snoozed_until"), "give the time with its offset, e.g. 2030-01-01T09:00:00Z"
        )
    if until <= now:
        raise InboxInputError(("body", "snoozed_until"), "choose a time in the future")
    if changes.status is not None:
        raise InboxInputError(
            ("body", "status"),
            "a snoozed conversation has no other status: send snoozed_until alone",
        )


async def _check_team(
    session: AsyncSession, workspace_id: uuid.UUID, team_id: uuid.UUID | None
) -> None:
    if team_id is None:
        return
    team = await session.get(InboxTeam, team_id)
    if team is None or team.workspace_id != workspace_id:
        raise InboxInputError(("body", "assignee_team_id"), "no such team in this workspace")


def _apply(conversation: Conversation, changes: ConversationChanges) -> None:
    named = changes.model_fields_set
    if "snoozed_until" in named:
        conversation.snoozed_until = changes.snoozed_until
        if changes.snoozed_until is not None:
            conversation.status = ConversationStatus.snoozed
        elif conversation.status == ConversationStatus.snoozed and "status" not in named:
            conversation.status = ConversationStatus.open
    if changes.status is not None:
        conversation.status = ConversationStatus(changes.status)
        conversation.snoozed_until = None
    if "assignee_user_id" in named:
        conversation.assignee_user_id = changes.assignee_user_id
    if "assignee_team_id" in named:
        conversation.assignee_team_id = changes.assignee_team_id
    if changes.mode is not None:
        conversation.mode = changes.mode


def normalised_labels(labels: Sequence[str]) -> list[str]:
    """Trimmed, lower-cased, each once, sorted (as `labels_of` reads them back)."""
    return sorted({label.strip().lower() for label in labels if label.strip()})


class ConversationUpdates:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def update(
        self,
        workspace_id: uuid.UUID,
        conversation_id: uuid.UUID,
        changes: ConversationChanges,
        *,
        now: datetime,
    ) -> UpdatedConversation:
        """Raises `InboxNotFound`, or `InboxInputError` naming the field to fix."""
        _refuse_nulls(changes)
        _check_snooze(changes, now)
        async with self._sessions() as session, session.begin():
            conversation = await find_conversation(
                session, workspace_id, conversation_id, for_update=True
            )
            if changes.assignee_user_id is not None:
                await require_agents(
                    session, workspace_id, [changes.assignee_user_id], ("body", "assignee_user_id")
                )
            await _check_team(session, workspace_id, changes.assignee_team_id)
            snoozed_before = conversation.snoozed_until
            _apply(conversation, changes)
            await session.flush()
            changed = snoozed_before != conversation.snoozed_until
            return UpdatedConversation(
                conversation=await public_of(session, conversation),
                snooze_changed=changed or "snoozed_until" in changes.model_fields_set,
                mode_named=changes.mode is not None,
            )

    async def set_labels(
        self, workspace_id: uuid.UUID, conversation_id: uuid.UUID, labels: Sequence[str]
    ) -> ConversationPublic:
        """Replaces the conversation's labels with `labels` (normalised)."""
        wanted = normalised_labels(labels)
        if len(wanted) > MAX_LABELS:
            raise InboxInputError(("body", "labels"), f"at most {MAX_LABELS} labels")
        async with self._sessions() as session, session.begin():
            conversation = await find_conversation(
                session, workspace_id, conversation_id, for_update=True
            )
            current = set(
                (
                    await session.execute(
                        select(ConversationLabel.label).where(
                            ConversationLabel.conversation_id == conversation.id
                        )
                    )
                ).scalars()
            )
            gone = current - set(wanted)
            if gone:
                await session.execute(
                    delete(ConversationLabel).where(
                        col(ConversationLabel.conversation_id) == conversation.id,
                        col(ConversationLabel.label).in_(gone),
                    )
                )
            session.add_all(
                ConversationLabel(
                    conversation_id=conversation.id, label=label, workspace_id=workspace_id
                )
                for label in wanted
                if label not in current
            )
            await session.flush()
            return await public_of(session, conversation)

    async def label_counts(self, workspace_id: uuid.UUID) -> list[LabelCount]:
        """Every label in use, with how many listed conversations carry it, by label."""
        query = (
            select(ConversationLabel.label, func.count())
            .join(Conversation, col(Conversation.id) == ConversationLabel.conversation_id)
            .join(Contact, col(Contact.id) == Conversation.contact_id)
            .where(
                col(ConversationLabel.workspace_id) == workspace_id,
                col(Contact.erased_at).is_(None),
            )
            .group_by(col(ConversationLabel.label))
            .order_by(col(ConversationLabel.label))
        )
        async with self._sessions() as session:
            rows = (await session.execute(query)).all()
        return [LabelCount(label=label, count=int(count)) for label, count in rows]
