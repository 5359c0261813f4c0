"""Personal data in Temporal is encrypted with the workspace's own key: the server's raw history
holds no message text, and destroying the workspace's keys leaves it unreadable everywhere."""

import json
import uuid

import pytest
from google.protobuf.message import Message
from sqlmodel import select
from temporalio.api.common.v1 import Payload
from temporalio.client import Client

from infra.payload_codec import EncryptingCodec, KeyRef, KeyUnavailable, key_ref_of
from stores.tables.conversations import Conversation
from stores.workspace_keys import DatabaseKeyRing
from tests.factories import create_workspace
from tests.support.harness import Harness
from tests.support.waiting import eventually
from tests.support.widget import post_visitor_message

SECRET_TEXT = "Meu CPF é 123.456.789-00 e o cartão 4111 1111 1111 1111"


async def _workflow_id(app: Harness, workspace_id: uuid.UUID) -> str | None:
    async with app.services.sessions() as session:
        row = await session.scalar(
            select(Conversation.workflow_id).where(Conversation.workspace_id == workspace_id)
        )
    return row


def _payloads(message: Message) -> list[Payload]:
    """Every payload anywhere inside a history event (inputs, results, marker details...)."""
    if isinstance(message, Payload):
        return [message]
    found: list[Payload] = []
    for field, value in message.ListFields():
        if field.message_type is None:
            continue
        if field.message_type.GetOptions().map_entry:
            for entry in value.values():
                found.extend(_payloads(entry) if isinstance(entry, Message) else [])
        elif isinstance(value, Message):
            found.extend(_payloads(value))
        else:
            for item in value:
                found.extend(_payloads(item))
    return found


async def test_the_servers_history_holds_no_plaintext_and_the_key_opens_it(
    sqlite_app: Harness, temporal_client: Client
) -> None:
    app = sqlite_app
    account = await create_workspace(app.services.sessions)
    token = await app.visitor_token(account)
    assert await post_visitor_message(app, account, token, SECRET_TEXT) == 202
    workflow_id = await eventually(lambda: _workflow_id(app, account.workspace_id))

    async def stored() -> bool | None:
        agent = await app.login(account)
        data = (await agent.get("/api/conversations")).json()["data"]
        return True if data else None

    await eventually(stored)
    # Read as anyone with access to the Temporal server would: no codec.
    history = await temporal_client.get_workflow_handle(workflow_id).fetch_history()
    raw = b"".join(event.SerializeToString() for event in history.events)
    assert b"123.456.789-00" not in raw
    assert b"CPF" not in raw

    payloads = [p for event in history.events for p in _payloads(event)]
    assert payloads, "the history has payloads"
    sealed = [p for p in payloads if key_ref_of(p) is not None]
    plain = [p for p in payloads if key_ref_of(p) is None]
    # In the clear by design: search attributes (the server indexes them; ids only) and the
    # SDK's own bookkeeping of a local activity (sequence, type, attempt, timing).
    assert all(
        "type" in p.metadata or {"seq", "activity_type"} <= json.loads(p.data).keys() for p in plain
    ), plain
    assert sealed and {key_ref_of(p) for p in sealed} == {KeyRef(str(account.workspace_id), 1)}

    # The workspace's key opens them: the message is in there.
    codec = EncryptingCodec(DatabaseKeyRing(app.services.sessions))
    opened = b"".join(p.data for p in await codec.decode(sealed))
    assert SECRET_TEXT.encode() in opened

    # Destroying the workspace's keys (its deletion) leaves the history unreadable for good.
    assert await DatabaseKeyRing(app.services.sessions).destroy(account.workspace_id) == 1
    with pytest.raises(KeyUnavailable, match="workspace was deleted"):
        await EncryptingCodec(DatabaseKeyRing(app.services.sessions)).decode(sealed)
