"""The Temporal payload codec: per-workspace keys from the workflow id, sealed and authenticated
payloads, plain ones passed through, failure messages encoded, keys destroyed for good."""

import uuid

import pytest
from temporalio.api.common.v1 import Payload
from temporalio.api.failure.v1 import Failure
from temporalio.converter import (
    ActivitySerializationContext,
    WorkflowSerializationContext,
)

from infra import secrets
from infra.payload_codec import (
    SYSTEM_SCOPE,
    EncryptingCodec,
    KeyRef,
    KeyUnavailable,
    key_ref_of,
    scope_of_workflow,
)
from stores.workspace_keys import DatabaseKeyRing
from temporal.client import data_converter
from tests.channels.delivery_support import SECRET_BOX
from tests.support.databases import Sessions

WORKSPACE = uuid.UUID("7f6ce8a6-dc51-4324-9e06-6587f22b160d")


def plain(text: str) -> Payload:
    return Payload(metadata={"encoding": b"json/plain"}, data=f'"{text}"'.encode())


@pytest.fixture
def ring(sessions: Sessions) -> DatabaseKeyRing:
    secrets.configure(SECRET_BOX)
    return DatabaseKeyRing(sessions)


def test_the_workspace_comes_from_the_workflow_id() -> None:
    assert scope_of_workflow(f"conversation/{WORKSPACE}/whatsapp/abc") == str(WORKSPACE)
    assert scope_of_workflow(f"import/{WORKSPACE}/{uuid.uuid4()}") == str(WORKSPACE)
    assert scope_of_workflow("some-other-workflow") == SYSTEM_SCOPE
    assert scope_of_workflow(None) == SYSTEM_SCOPE


async def test_a_payload_is_sealed_with_its_workspaces_key_and_opens_again(
    ring: DatabaseKeyRing,
) -> None:
    codec = EncryptingCodec(ring).with_context(
        WorkflowSerializationContext(namespace="default", workflow_id=f"conversation/{WORKSPACE}/x")
    )
    [sealed] = await codec.encode([plain("Maria Silva +5511987654321")])
    assert key_ref_of(sealed) == KeyRef(str(WORKSPACE), 1)
    assert b"Maria" not in sealed.data and b"5511987654321" not in sealed.data
    [opened] = await EncryptingCodec(ring).decode([sealed])
    assert opened == plain("Maria Silva +5511987654321")


async def test_activity_payloads_use_their_workflows_workspace(ring: DatabaseKeyRing) -> None:
    context = ActivitySerializationContext(
        namespace="default",
        activity_id="1",
        activity_type="deliver_reply",
        activity_task_queue="q",
        workflow_id=f"conversation/{WORKSPACE}/webchat/v",
        workflow_type="ConversationWorkflow",
        is_local=False,
    )
    [sealed] = await EncryptingCodec(ring).with_context(context).encode([plain("oi")])
    assert key_ref_of(sealed) == KeyRef(str(WORKSPACE), 1)


async def test_plain_payloads_from_before_encryption_pass_through(ring: DatabaseKeyRing) -> None:
    assert await EncryptingCodec(ring).decode([plain("old")]) == [plain("old")]


async def test_a_payload_moved_under_another_key_id_does_not_open(ring: DatabaseKeyRing) -> None:
    other = uuid.uuid4()
    ours = EncryptingCodec(ring, str(WORKSPACE))
    await EncryptingCodec(ring, str(other)).encode([plain("theirs")])
    [sealed] = await ours.encode([plain("ours")])
    sealed.metadata["encryption-key-id"] = f"{other}/1".encode()
    with pytest.raises(KeyUnavailable):
        await ours.decode([sealed])


async def test_failure_messages_are_encoded_too(ring: DatabaseKeyRing) -> None:
    converter = data_converter(EncryptingCodec(ring, str(WORKSPACE)))
    failure = Failure()
    await converter.encode_failure(ValueError("CPF 123.456.789-00 is invalid"), failure)
    assert b"123.456.789-00" not in failure.SerializeToString()
    decoded = await converter.decode_failure(failure)
    assert "123.456.789-00" in str(decoded)


async def test_rotation_seals_new_payloads_with_the_new_key_and_keeps_old_ones_readable(
    ring: DatabaseKeyRing,
) -> None:
    workspace = str(uuid.uuid4())
    codec = EncryptingCodec(ring, workspace)
    [before] = await codec.encode([plain("before")])
    assert await ring.rotate(workspace) == 2
    [after] = await codec.encode([plain("after")])
    assert key_ref_of(after) == KeyRef(workspace, 2)
    assert await codec.decode([before, after]) == [plain("before"), plain("after")]


async def test_destroyed_keys_open_nothing_afterwards(ring: DatabaseKeyRing) -> None:
    workspace = uuid.uuid4()
    [sealed] = await EncryptingCodec(ring, str(workspace)).encode([plain("gone")])
    assert await ring.destroy(workspace) == 1
    with pytest.raises(KeyUnavailable, match="workspace was deleted"):
        await EncryptingCodec(ring).decode([sealed])
