"""Working a conversation: counts for the inbox's tabs, status, snooze, assignment, mode,
labels and private notes. Every change is announced on the workspace's inbox topic."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, status

from api.conversation_commands import schedule_wake, set_mode
from api.deps import Principal, ServicesDep, get_temporal_client, require
from api.inbox_errors import inbox_errors
from api.inbox_listing import ConversationQueriesDep
from api.inbox_schemas import (
    ConversationCounts,
    ConversationNoteCreate,
    ConversationNotePublic,
    ConversationNotesPublic,
    ConversationUpdate,
    LabelCount,
    LabelCountsPublic,
    LabelsUpdate,
)
from api.schemas import errors
from api.services import Services
from domain.conversations import (
    ConversationEvent,
    ConversationPublic,
    NoteEvent,
    workspace_topic,
)
from domain.permissions import Permission
from domain.timeutil import utcnow
from stores.inbox.conversation_updates import ConversationUpdates
from stores.inbox.notes import NoteStore

router = APIRouter(tags=["conversations"], responses=errors(401, 403))

InboxReader = Annotated[Principal, require(Permission.inbox_read)]
InboxReplier = Annotated[Principal, require(Permission.inbox_reply)]


def get_updates(services: ServicesDep) -> ConversationUpdates:
    return ConversationUpdates(services.sessions)


def get_notes(services: ServicesDep) -> NoteStore:
    return NoteStore(services.sessions)


UpdatesDep = Annotated[ConversationUpdates, Depends(get_updates)]
NotesDep = Annotated[NoteStore, Depends(get_notes)]


async def announce(
    services: Services, workspace_id: uuid.UUID, event: ConversationEvent | NoteEvent
) -> None:
    """Tells every open inbox of the workspace; a lost notification is re-read on reconnect."""
    await services.event_bus.publish(workspace_topic(workspace_id), event.model_dump_json())


@router.get("/conversations/counts", response_model=ConversationCounts)
async def conversation_counts(
    reader: InboxReader, queries: ConversationQueriesDep
) -> ConversationCounts:
    """How many conversations each status holds, and of the open and pending ones how many are
    unread, assigned to the caller, and assigned to no agent."""
    return await queries.counts(reader.workspace_id, reader.actor_user_id)


@router.patch(
    "/conversations/{conversation_id}",
    response_model=ConversationPublic,
    responses=errors(404, 503),
)
async def update_conversation(
    conversation_id: uuid.UUID,
    body: ConversationUpdate,
    replier: InboxReplier,
    updates: UpdatesDep,
    services: ServicesDep,
) -> ConversationPublic:
    """Changes what the body names: status, snooze, agent, team, mode. A snooze (or its end)
    is handed to the conversation's workflow, which keeps the timer that reopens it."""
    with inbox_errors():
        updated = await updates.update(replier.workspace_id, conversation_id, body, now=utcnow())
    conversation = updated.conversation
    await announce(services, replier.workspace_id, ConversationEvent(conversation=conversation))
    if updated.snooze_changed:
        # After the commit: the workflow reads the status it wakes up to from the database.
        # Should Temporal be down, the 503 says to retry; the retry sends the wake-up again.
        client = await get_temporal_client(services)
        await schedule_wake(
            client, services.settings.temporal_task_queue, replier.workspace_id, conversation
        )
    if updated.mode_named:
        client = await get_temporal_client(services)
        await set_mode(client, replier.workspace_id, conversation)
    return conversation


@router.put(
    "/conversations/{conversation_id}/labels",
    response_model=ConversationPublic,
    responses=errors(404),
)
async def set_labels(
    conversation_id: uuid.UUID,
    body: LabelsUpdate,
    replier: InboxReplier,
    updates: UpdatesDep,
    services: ServicesDep,
) -> ConversationPublic:
    """Replaces the labels (trimmed, lower-cased, each once)."""
    with inbox_errors():
        conversation = await updates.set_labels(replier.workspace_id, conversation_id, body.labels)
    await announce(services, replier.workspace_id, ConversationEvent(conversation=conversation))
    return conversation


@router.get("/conversation-labels", response_model=LabelCountsPublic)
async def list_labels(reader: InboxReader, updates: UpdatesDep) -> LabelCountsPublic:
    """Labels in use in the workspace, with how many conversations carry each."""
    counts = await updates.label_counts(reader.workspace_id)
    return LabelCountsPublic(data=[LabelCount(label=c.label, count=c.count) for c in counts])


@router.get(
    "/conversations/{conversation_id}/notes",
    response_model=ConversationNotesPublic,
    responses=errors(404),
)
async def list_notes(
    conversation_id: uuid.UUID, reader: InboxReader, notes: NotesDep
) -> ConversationNotesPublic:
    """Oldest first."""
    with inbox_errors():
        found = await notes.of_conversation(reader.workspace_id, conversation_id)
    return ConversationNotesPublic(
        data=[ConversationNotePublic.model_validate(note.model_dump()) for note in found]
    )


@router.post(
    "/conversations/{conversation_id}/notes",
    response_model=ConversationNotePublic,
    status_code=status.HTTP_201_CREATED,
    responses=errors(404),
)
async def create_note(
    conversation_id: uuid.UUID,
    body: ConversationNoteCreate,
    replier: InboxReplier,
    notes: NotesDep,
    services: ServicesDep,
) -> ConversationNotePublic:
    """A private note for the other agents; the contact never sees it."""
    with inbox_errors():
        note = await notes.add(
            replier.workspace_id, conversation_id, replier.actor_user_id, body.body
        )
    await announce(services, replier.workspace_id, NoteEvent(note=note))
    return ConversationNotePublic.model_validate(note.model_dump())
