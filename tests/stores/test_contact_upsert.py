"""Create-or-update by identity and merging, on SQLite and PostgreSQL."""

import uuid

import pytest
from sqlmodel import col, select

from domain.contacts import ContactDraft
from domain.enums import ChannelKind, ConsentStatus
from domain.timeutil import utcnow
from stores.contacts.merge import merge_contacts
from stores.contacts.upsert import upsert_contacts
from stores.tables.contacts import (
    Contact,
    ContactConsent,
    ContactEvent,
    ContactIdentity,
    ContactNote,
    ContactTag,
)
from tests.factories import WorkspaceFixture, create_workspace
from tests.support.databases import Sessions


@pytest.fixture
async def account(sessions: Sessions) -> WorkspaceFixture:
    return await create_workspace(sessions)


async def upsert(
    sessions: Sessions, workspace_id: uuid.UUID, *drafts: ContactDraft
) -> list[Contact]:
    async with sessions() as session, session.begin():
        outcomes = await upsert_contacts(session, workspace_id, drafts, now=utcnow())
    async with sessions() as session:
        found = [await session.get(Contact, o.contact_id) for o in outcomes]
    contacts = [c for c in found if c is not None]
    assert len(contacts) == len(outcomes)
    return contacts


async def contacts_of(sessions: Sessions, workspace_id: uuid.UUID) -> list[Contact]:
    async with sessions() as session:
        query = select(Contact).where(Contact.workspace_id == workspace_id)
        return list((await session.execute(query)).scalars())


async def test_upsert_creates_then_updates_by_phone(
    sessions: Sessions, account: WorkspaceFixture
) -> None:
    [created] = await upsert(
        sessions, account.workspace_id, ContactDraft(name="Ana", phone="+5511987654321")
    )
    [updated] = await upsert(
        sessions,
        account.workspace_id,
        ContactDraft(
            phone="+5511987654321", email="ana@example.com", custom_fields={"plan": "pro"}
        ),
    )

    assert updated.id == created.id
    [stored] = await contacts_of(sessions, account.workspace_id)
    assert (stored.name, stored.email, stored.custom_fields) == (
        "Ana",
        "ana@example.com",
        {"plan": "pro"},
    )
    async with sessions() as session:
        events = (
            await session.execute(
                select(ContactEvent)
                .where(ContactEvent.contact_id == created.id)
                .order_by(col(ContactEvent.created_at))
            )
        ).scalars()
        kinds = [(e.kind, sorted(e.details.get("changes", {}))) for e in events]
    assert kinds == [
        ("created", ["name", "phone"]),
        ("updated", ["custom_fields.plan", "email"]),
    ]


async def test_upsert_dedupes_within_one_batch(
    sessions: Sessions, account: WorkspaceFixture
) -> None:
    contacts = await upsert(
        sessions,
        account.workspace_id,
        ContactDraft(name="Bia", email="bia@example.com", tags=["lead"]),
        ContactDraft(email="bia@example.com", phone="+5521998765432", tags=["lead", "vip"]),
    )

    assert contacts[0].id == contacts[1].id
    [stored] = await contacts_of(sessions, account.workspace_id)
    assert stored.phone == "+5521998765432"
    async with sessions() as session:
        tags = (
            await session.execute(select(ContactTag.tag).where(ContactTag.contact_id == stored.id))
        ).scalars()
        assert sorted(tags) == ["lead", "vip"]


async def test_upsert_merges_when_phone_and_email_name_two_contacts(
    sessions: Sessions, account: WorkspaceFixture
) -> None:
    ws = account.workspace_id
    [older] = await upsert(sessions, ws, ContactDraft(name="Caio", phone="+5511912345678"))
    [newer] = await upsert(
        sessions, ws, ContactDraft(name="Caio S.", email="caio@example.com", tags=["buyer"])
    )
    async with sessions() as session, session.begin():
        session.add_all(
            [
                ContactIdentity(
                    workspace_id=ws,
                    contact_id=newer.id,
                    channel_kind=ChannelKind.webchat,
                    external_id="visitor-1",
                ),
                ContactNote(workspace_id=ws, contact_id=newer.id, text="asked for a quote"),
                ContactConsent(
                    contact_id=older.id,
                    channel=ChannelKind.email,
                    workspace_id=ws,
                    status=ConsentStatus.opted_in,
                    source="form",
                ),
                ContactConsent(
                    contact_id=newer.id,
                    channel=ChannelKind.email,
                    workspace_id=ws,
                    status=ConsentStatus.opted_out,
                    source="unsubscribe link",
                ),
            ]
        )

    [merged] = await upsert(
        sessions, ws, ContactDraft(phone="+5511912345678", email="caio@example.com")
    )

    assert merged.id == older.id
    [survivor] = await contacts_of(sessions, ws)
    assert (survivor.name, survivor.phone, survivor.email) == (
        "Caio",
        "+5511912345678",
        "caio@example.com",
    )
    async with sessions() as session:
        moved = []
        for table in (ContactIdentity, ContactNote, ContactTag, ContactConsent):
            owners = select(table.contact_id).where(table.workspace_id == ws)
            moved.append((await session.execute(owners)).scalars().all())
        assert all(ids == [older.id] for ids in moved), moved
        consent = await session.get(ContactConsent, (older.id, ChannelKind.email))
        assert consent is not None and consent.status == ConsentStatus.opted_out
        merged_events = (
            await session.execute(
                select(ContactEvent).where(
                    ContactEvent.contact_id == older.id, ContactEvent.kind == "merged"
                )
            )
        ).scalars()
        assert [e.details["merged_contact_id"] for e in merged_events] == [str(newer.id)]


async def test_merge_refuses_contacts_of_another_workspace(sessions: Sessions) -> None:
    ours = await create_workspace(sessions)
    theirs = await create_workspace(sessions)
    [mine] = await upsert(sessions, ours.workspace_id, ContactDraft(name="Mine"))
    [other] = await upsert(sessions, theirs.workspace_id, ContactDraft(name="Theirs"))

    async with sessions() as session:
        keep = await session.get(Contact, mine.id)
        foreign = await session.get(Contact, other.id)
        assert keep is not None and foreign is not None
        with pytest.raises(ValueError, match="one workspace"):
            await merge_contacts(session, keep, foreign, now=utcnow())

    assert [c.name for c in await contacts_of(sessions, theirs.workspace_id)] == ["Theirs"]


async def test_upsert_clears_a_custom_field_given_none(
    sessions: Sessions, account: WorkspaceFixture
) -> None:
    ws = account.workspace_id
    await upsert(
        sessions, ws, ContactDraft(email="d@example.com", custom_fields={"a": 1.0, "b": "x"})
    )
    [contact] = await upsert(
        sessions, ws, ContactDraft(email="d@example.com", custom_fields={"a": None})
    )

    assert contact.custom_fields == {"b": "x"}
