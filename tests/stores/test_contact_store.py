"""ContactStore and CustomFieldStore on SQLite and PostgreSQL: normalised upserts, races,
edits, tags, notes, merges, custom-field removal, and inbound messages touching the contact."""

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import col, select

from domain.conversations import ConversationRef, InboundMessage
from domain.custom_fields import CustomFieldDefinition
from domain.enums import ChannelKind, CustomFieldType, SuppressionKind
from domain.timeutil import utcnow
from stores.contacts.contact_input import ContactFields, ContactInputError
from stores.contacts.fields import FieldKeyTaken
from stores.contacts.store import (
    ContactConflict,
    ContactNotFound,
    ContactStore,
    NoteNotFound,
    NotNoteAuthor,
)
from stores.conversations.store import ConversationStore
from stores.tables.contacts import Contact, ContactEvent, Suppression
from tests.factories import WorkspaceFixture, create_workspace
from tests.support.databases import Sessions


@pytest.fixture
def store(sessions: Sessions) -> ContactStore:
    return ContactStore(sessions)


@pytest.fixture
async def account(sessions: Sessions) -> WorkspaceFixture:
    return await create_workspace(sessions)


async def events_of(sessions: Sessions, contact_id: uuid.UUID) -> list[ContactEvent]:
    async with sessions() as session:
        query = (
            select(ContactEvent)
            .where(ContactEvent.contact_id == contact_id)
            .order_by(col(ContactEvent.created_at))
        )
        return list((await session.execute(query)).scalars())


async def test_upsert_normalises_phone_with_workspace_country(
    store: ContactStore, account: WorkspaceFixture
) -> None:
    first = await store.upsert(account.workspace_id, ContactFields(phone="(11) 98765-4321"))
    second = await store.upsert(
        account.workspace_id, ContactFields(phone="+55 11 98765-4321", name="Ana")
    )
    assert first.created and not second.created
    assert second.contact.id == first.contact.id
    assert second.contact.phone == "+5511987654321"
    assert second.contact.name == "Ana"


async def test_upsert_concurrent_same_phone_makes_one_contact(
    store: ContactStore, sessions: Sessions, account: WorkspaceFixture
) -> None:
    results = await asyncio.gather(
        *(
            store.upsert(account.workspace_id, ContactFields(phone="+5511912345678", name=f"N{i}"))
            for i in range(4)
        )
    )
    assert len({r.contact.id for r in results}) == 1
    assert sum(r.created for r in results) == 1
    async with sessions() as session:
        rows = await session.execute(
            select(Contact).where(Contact.workspace_id == account.workspace_id)
        )
        assert len(rows.scalars().all()) == 1


async def test_upsert_invalid_values_name_the_field(
    store: ContactStore, account: WorkspaceFixture
) -> None:
    cases = [
        (ContactFields(phone="12"), ("body", "phone")),
        (ContactFields(email="not-an-email"), ("body", "email")),
        (ContactFields(name="A", custom_fields={"city": "x"}), ("body", "custom_fields", "city")),
        (ContactFields(name="A", owner_user_id=uuid.uuid4()), ("body", "owner_user_id")),
        (ContactFields(name="   "), ("body",)),
    ]
    for fields, loc in cases:
        with pytest.raises(ContactInputError) as caught:
            await store.upsert(account.workspace_id, fields)
        assert caught.value.loc == loc


async def test_update_clears_and_merges_custom_fields(
    store: ContactStore, sessions: Sessions, account: WorkspaceFixture
) -> None:
    ws = account.workspace_id
    for key, kind in (("city", CustomFieldType.text), ("score", CustomFieldType.number)):
        await store.fields.create(ws, CustomFieldDefinition(key=key, label=key, type=kind))
    created = await store.upsert(
        ws,
        ContactFields(
            name="Ana", email="ANA@Example.com", language="pt_br", custom_fields={"city": "Rio"}
        ),
    )
    assert created.contact.email == "ana@example.com" and created.contact.language == "pt-BR"
    updated = await store.update(
        ws,
        created.contact.id,
        ContactFields.model_validate(
            {"language": None, "custom_fields": {"score": "1.234,5", "city": None}}
        ),
        actor_user_id=account.user_id,
    )
    assert updated.language is None
    assert updated.custom_fields == {"score": 1234.5}
    assert updated.name == "Ana" and updated.email == "ana@example.com"
    [_, change] = await events_of(sessions, created.contact.id)
    assert change.kind == "updated"
    assert change.details["changes"] == {
        "custom_fields.score": [None, 1234.5],
        "custom_fields.city": ["Rio", None],
        "language": ["pt-BR", None],
    }


async def test_update_to_another_contacts_phone_conflicts(
    store: ContactStore, account: WorkspaceFixture
) -> None:
    ws = account.workspace_id
    await store.upsert(ws, ContactFields(phone="+5511911111111"))
    other = await store.upsert(ws, ContactFields(phone="+5511922222222"))
    with pytest.raises(ContactConflict, match="Merge the two contacts"):
        await store.update(ws, other.contact.id, ContactFields(phone="11 91111-1111"))
    with pytest.raises(ContactInputError):
        await store.update(ws, other.contact.id, ContactFields.model_validate({"phone": None}))


async def test_tags_add_remove_record_events(
    store: ContactStore, sessions: Sessions, account: WorkspaceFixture
) -> None:
    ws = account.workspace_id
    contact = (await store.upsert(ws, ContactFields(name="Ana"))).contact
    tagged = await store.add_tags(ws, contact.id, ["  Lead ", "VIP", "lead"])
    assert tagged.tags == ["lead", "vip"]
    again = await store.add_tags(ws, contact.id, ["vip"])
    assert again.tags == ["lead", "vip"]
    untagged = await store.remove_tag(ws, contact.id, "LEAD")
    assert untagged.tags == ["vip"]
    kinds = [(e.kind, e.details.get("tag")) for e in await events_of(sessions, contact.id)]
    assert kinds[1:] == [("tag_added", "lead"), ("tag_added", "vip"), ("tag_removed", "lead")]


async def test_notes_are_deleted_by_author_or_manager(
    store: ContactStore, sessions: Sessions, account: WorkspaceFixture
) -> None:
    ws = account.workspace_id
    contact = (await store.upsert(ws, ContactFields(name="Ana"))).contact
    note = await store.add_note(ws, contact.id, "called, no answer", account.user_id)
    assert [n.id for n in await store.list_notes(ws, contact.id)] == [note.id]
    with pytest.raises(NotNoteAuthor):
        await store.delete_note(ws, contact.id, note.id, user_id=uuid.uuid4(), may_delete_any=False)
    await store.delete_note(ws, contact.id, note.id, user_id=uuid.uuid4(), may_delete_any=True)
    with pytest.raises(NoteNotFound):
        await store.delete_note(
            ws, contact.id, note.id, user_id=account.user_id, may_delete_any=True
        )
    assert [e.kind for e in await events_of(sessions, contact.id)] == ["created", "note_added"]


async def test_detail_lists_suppressed_addresses(
    store: ContactStore, sessions: Sessions, account: WorkspaceFixture
) -> None:
    ws = account.workspace_id
    contact = (
        await store.upsert(ws, ContactFields(phone="+5511933333333", email="a@b.co"))
    ).contact
    async with sessions() as session, session.begin():
        session.add(Suppression(workspace_id=ws, kind=SuppressionKind.email, value="a@b.co"))
    assert (await store.get(ws, contact.id)).suppressed == ["email"]


async def test_erased_and_foreign_contacts_are_not_found(
    store: ContactStore, sessions: Sessions, account: WorkspaceFixture
) -> None:
    ws = account.workspace_id
    contact = (await store.upsert(ws, ContactFields(name="Ana"))).contact
    theirs = await create_workspace(sessions)
    with pytest.raises(ContactNotFound):
        await store.get(theirs.workspace_id, contact.id)
    async with sessions() as session, session.begin():
        row = await session.get(Contact, contact.id)
        assert row is not None
        row.erased_at = utcnow()
    with pytest.raises(ContactNotFound):
        await store.get(ws, contact.id)
    with pytest.raises(ContactNotFound):
        await store.add_tags(ws, contact.id, ["x"])


async def test_delete_field_removes_values_in_its_workspace_only(
    store: ContactStore, sessions: Sessions, account: WorkspaceFixture
) -> None:
    theirs = await create_workspace(sessions)
    city: dict[uuid.UUID, uuid.UUID] = {}
    for ws in (account.workspace_id, theirs.workspace_id):
        for key in ("city", "plan"):
            definition = CustomFieldDefinition(key=key, label=key, type=CustomFieldType.text)
            row = await store.fields.create(ws, definition)
            if key == "city":
                city[ws] = row.id
        await store.upsert(ws, ContactFields(name="A", custom_fields={"city": "Rio", "plan": "x"}))
        await store.upsert(ws, ContactFields(name="B", custom_fields={"plan": "y"}))
    with pytest.raises(FieldKeyTaken):
        await store.fields.create(
            account.workspace_id,
            CustomFieldDefinition(key="city", label="City", type=CustomFieldType.text),
        )
    await store.fields.delete(account.workspace_id, city[account.workspace_id])
    async with sessions() as session:
        rows = (await session.execute(select(Contact.workspace_id, Contact.custom_fields))).all()
    ours = sorted(str(c) for w, c in rows if w == account.workspace_id)
    other = sorted(str(c) for w, c in rows if w == theirs.workspace_id)
    assert ours == ["{'plan': 'x'}", "{'plan': 'y'}"]
    assert other == ["{'city': 'Rio', 'plan': 'x'}", "{'plan': 'y'}"]
    assert [f.key for f in await store.fields.list_all(account.workspace_id)] == ["plan"]


async def test_merge_keeps_the_given_contact(
    store: ContactStore, account: WorkspaceFixture
) -> None:
    ws = account.workspace_id
    older = (await store.upsert(ws, ContactFields(phone="+5511944444444"))).contact
    newer = (await store.upsert(ws, ContactFields(name="Bia", email="bia@x.co"))).contact
    await store.add_tags(ws, newer.id, ["lead"])
    merged = await store.merge(ws, newer.id, older.id)
    assert merged.id == newer.id
    assert (merged.phone, merged.email, merged.name) == ("+5511944444444", "bia@x.co", "Bia")
    assert merged.tags == ["lead"]
    with pytest.raises(ContactNotFound):
        await store.get(ws, older.id)
    with pytest.raises(ContactInputError):
        await store.merge(ws, newer.id, newer.id)


async def test_record_inbound_sets_last_inbound_not_updated(
    sessions: Sessions, account: WorkspaceFixture
) -> None:
    conversations = ConversationStore(sessions)
    ref = ConversationRef(
        workspace_id=account.workspace_id,
        channel_id=account.channel_id,
        channel_kind=ChannelKind.webchat,
        contact_key=uuid.uuid4().hex,
    )
    later = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)
    workflow_id = f"test-conversation-{uuid.uuid4().hex}"
    first = InboundMessage(client_message_id="m1", text="hi", received_at=later)
    recorded = await conversations.record_inbound(ref, workflow_id, first)
    earlier = InboundMessage(
        client_message_id="m2", text="late", received_at=later - timedelta(days=1)
    )
    await conversations.record_inbound(ref, workflow_id, earlier)
    async with sessions() as session:
        contact = await session.get(Contact, recorded.conversation.contact_id)
    assert contact is not None
    assert contact.last_inbound_at == later and contact.last_seen_at == later
    # Created with its first message; a message changes no field of the contact.
    assert contact.updated_at == contact.created_at == later
