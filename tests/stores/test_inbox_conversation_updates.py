"""Conversation changes on each database: each field, explicit nulls, every refusal (which
changes nothing), labels, and whether the workflow must hear about the snooze."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from domain.conversations import ConversationPublic
from domain.enums import ConversationMode, ConversationStatus, Role
from domain.timeutil import utcnow
from stores.inbox.conversation_updates import ConversationChanges, ConversationUpdates
from stores.inbox.errors import InboxInputError, InboxNotFound
from stores.tables.inbox import InboxTeam
from tests.api.team_support import add_member
from tests.factories import WorkspaceFixture, create_workspace
from tests.support.databases import Sessions
from tests.support.inbox import start_conversation


async def change(
    sessions: Sessions, account: WorkspaceFixture, conversation: ConversationPublic, **values: Any
) -> tuple[ConversationPublic, bool]:
    updated = await ConversationUpdates(sessions).update(
        account.workspace_id,
        conversation.id,
        ConversationChanges.model_validate(values),
        now=utcnow(),
    )
    return updated.conversation, updated.snooze_changed


async def refused(
    sessions: Sessions, account: WorkspaceFixture, conversation: ConversationPublic, **values: Any
) -> InboxInputError:
    with pytest.raises(InboxInputError) as raised:
        await change(sessions, account, conversation, **values)
    current = await ConversationUpdates(sessions).update(
        account.workspace_id, conversation.id, ConversationChanges(), now=utcnow()
    )
    assert current.conversation == conversation, "a refused change must change nothing"
    return raised.value


async def make_team(sessions: Sessions, account: WorkspaceFixture, name: str) -> uuid.UUID:
    async with sessions() as session, session.begin():
        team = InboxTeam(workspace_id=account.workspace_id, name=name)
        session.add(team)
    return team.id


async def test_status_mode_and_assignment_change_only_what_is_named(sessions: Sessions) -> None:
    account = await create_workspace(sessions)
    colleague = await add_member(sessions, account, Role.agent)
    team = await make_team(sessions, account, "Support")
    conversation = await start_conversation(sessions, account)

    pending, snooze_changed = await change(sessions, account, conversation, status="pending")
    assert pending.status == ConversationStatus.pending and not snooze_changed
    assigned, _ = await change(
        sessions,
        account,
        conversation,
        assignee_user_id=str(colleague.user_id),
        assignee_team_id=str(team),
        mode="bot",
    )
    assert assigned.assignee_user_id == colleague.user_id
    assert assigned.assignee_team_id == team
    assert assigned.mode == ConversationMode.bot
    assert assigned.status == ConversationStatus.pending

    closed, _ = await change(sessions, account, conversation, status="closed")
    assert (closed.status, closed.assignee_user_id, closed.assignee_team_id, closed.mode) == (
        ConversationStatus.closed,
        colleague.user_id,
        team,
        ConversationMode.bot,
    )
    # Explicit nulls clear; the fields left out stay.
    cleared, _ = await change(sessions, account, conversation, assignee_user_id=None)
    assert cleared.assignee_user_id is None and cleared.assignee_team_id == team
    cleared, _ = await change(sessions, account, conversation, assignee_team_id=None, mode="human")
    assert cleared.assignee_team_id is None and cleared.mode == ConversationMode.human
    assert cleared.status == ConversationStatus.closed


async def test_snooze_sets_the_status_and_any_status_or_null_ends_it(sessions: Sessions) -> None:
    account = await create_workspace(sessions)
    conversation = await start_conversation(sessions, account)
    until = (utcnow() + timedelta(hours=3)).replace(microsecond=0)

    snoozed, snooze_changed = await change(
        sessions, account, conversation, snoozed_until=until.isoformat()
    )
    assert snoozed.status == ConversationStatus.snoozed and snoozed.snoozed_until == until
    assert snooze_changed
    # Assigning while snoozed keeps the snooze, and the workflow needs no word of it.
    _, snooze_changed = await change(
        sessions, account, conversation, assignee_user_id=str(account.user_id)
    )
    assert not snooze_changed
    # Named again with the same time (a retried request): the wake-up is sent again.
    _, snooze_changed = await change(sessions, account, conversation, snoozed_until=until)
    assert snooze_changed

    reopened, snooze_changed = await change(sessions, account, conversation, snoozed_until=None)
    assert reopened.status == ConversationStatus.open and reopened.snoozed_until is None
    assert snooze_changed

    await change(sessions, account, conversation, snoozed_until=until)
    closed, snooze_changed = await change(sessions, account, conversation, status="closed")
    assert closed.status == ConversationStatus.closed and closed.snoozed_until is None
    assert snooze_changed

    # Null on a conversation that was not snoozed leaves its status alone.
    still_closed, snooze_changed = await change(sessions, account, conversation, snoozed_until=None)
    assert still_closed.status == ConversationStatus.closed
    # Named, so sent: harmless, the workflow just has no wake-up to cancel.
    assert snooze_changed

    # A status with a null snooze in one request: the status wins.
    await change(sessions, account, conversation, snoozed_until=until)
    pending, _ = await change(sessions, account, conversation, status="pending", snoozed_until=None)
    assert pending.status == ConversationStatus.pending and pending.snoozed_until is None


async def test_bad_values_are_refused_naming_the_field_and_change_nothing(
    sessions: Sessions,
) -> None:
    account = await create_workspace(sessions)
    conversation = await start_conversation(sessions, account)
    other = await create_workspace(sessions)
    their_team = await make_team(sessions, other, "Theirs")
    marketer = await add_member(sessions, account, Role.marketer)
    past = utcnow() - timedelta(minutes=1)
    future = utcnow() + timedelta(hours=1)

    error = await refused(sessions, account, conversation, snoozed_until=past)
    assert (error.loc, error.message) == (("body", "snoozed_until"), "choose a time in the future")
    naive = datetime.now(UTC).replace(tzinfo=None) + timedelta(days=1)
    error = await refused(sessions, account, conversation, snoozed_until=naive)
    assert error.loc == ("body", "snoozed_until") and "offset" in error.message
    error = await refused(sessions, account, conversation, snoozed_until=future, status="open")
    assert error.loc == ("body", "status")
    error = await refused(sessions, account, conversation, status=None)
    assert error.loc == ("body", "status")
    error = await refused(sessions, account, conversation, mode=None)
    assert error.loc == ("body", "mode")
    # Another workspace's owner is no member here; nor is an id nobody has.
    for stranger in (other.user_id, uuid.uuid4()):
        error = await refused(sessions, account, conversation, assignee_user_id=stranger)
        assert error.loc == ("body", "assignee_user_id") and str(stranger) in error.message
    error = await refused(sessions, account, conversation, assignee_team_id=their_team)
    assert error.loc == ("body", "assignee_team_id")
    # A refusal late in the checks still leaves the earlier fields unwritten.
    await refused(sessions, account, conversation, status="closed", assignee_team_id=uuid.uuid4())
    # Every role may answer conversations today, so a marketer can be assigned.
    assigned, _ = await change(sessions, account, conversation, assignee_user_id=marketer.user_id)
    assert assigned.assignee_user_id == marketer.user_id


async def test_another_workspace_cannot_change_or_label_the_conversation(
    sessions: Sessions,
) -> None:
    account = await create_workspace(sessions)
    other = await create_workspace(sessions)
    conversation = await start_conversation(sessions, account)
    updates = ConversationUpdates(sessions)
    with pytest.raises(InboxNotFound):
        await updates.update(
            other.workspace_id, conversation.id, ConversationChanges(status="closed"), now=utcnow()
        )
    with pytest.raises(InboxNotFound):
        await updates.set_labels(other.workspace_id, conversation.id, ["x"])
    assert await updates.label_counts(other.workspace_id) == []


async def test_labels_are_trimmed_lower_cased_deduplicated_and_replaced(
    sessions: Sessions,
) -> None:
    account = await create_workspace(sessions)
    first = await start_conversation(sessions, account)
    second = await start_conversation(sessions, account)
    erased = await start_conversation(sessions, account, contact={"erased_at": utcnow()})
    updates = ConversationUpdates(sessions)

    labelled = await updates.set_labels(
        account.workspace_id, first.id, ["  VIP ", "vip", "Billing", "billing "]
    )
    assert labelled.labels == ["billing", "vip"]
    await updates.set_labels(account.workspace_id, second.id, ["vip", "Refund"])
    relabelled = await updates.set_labels(account.workspace_id, first.id, ["vip", "urgent"])
    assert relabelled.labels == ["urgent", "vip"]
    with pytest.raises(InboxNotFound):
        await updates.set_labels(account.workspace_id, erased.id, ["hidden"])

    counts = await updates.label_counts(account.workspace_id)
    assert [(c.label, c.count) for c in counts] == [("refund", 1), ("urgent", 1), ("vip", 2)]
    cleared = await updates.set_labels(account.workspace_id, first.id, [])
    assert cleared.labels == []
    with pytest.raises(InboxInputError):
        await updates.set_labels(account.workspace_id, first.id, [f"l{i}" for i in range(21)])
