"""Secrets at rest: encrypted in the database, readable only with the configured keys."""

import uuid
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import Column, MetaData, String, Table, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from infra import secrets
from infra.database import create_engine
from infra.secrets import EncryptedText, SecretBox, new_encryption_key


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url)
    yield engine
    await engine.dispose()


def _table() -> Table:
    return Table(
        f"secret_probe_{uuid.uuid4().hex[:8]}",
        MetaData(),
        Column("id", String(36), primary_key=True),
        Column("token", EncryptedText()),
    )


async def test_encrypted_column_stores_ciphertext_and_reads_plaintext(engine: AsyncEngine) -> None:
    secrets.configure(SecretBox([new_encryption_key()]))
    table = _table()
    async with engine.begin() as connection:
        await connection.run_sync(table.create)
        try:
            await connection.execute(table.insert().values(id="a", token="EAAG-whatsapp-token"))
            raw = (await connection.execute(text(f"SELECT token FROM {table.name}"))).scalar_one()
            read = (await connection.execute(select(table.c.token))).scalar_one()
        finally:
            await connection.run_sync(table.drop)
    assert "EAAG" not in raw
    assert read == "EAAG-whatsapp-token"


def test_rotated_keys_still_read_old_secrets() -> None:
    old, new = new_encryption_key(), new_encryption_key()
    written_before = SecretBox([old]).encrypt("s3cret")
    rotated = SecretBox([new, old])
    assert rotated.decrypt(written_before) == "s3cret"
    assert SecretBox([new]).decrypt(rotated.encrypt("next")) == "next"


def test_a_secret_under_an_unknown_key_fails_loudly() -> None:
    written = SecretBox([new_encryption_key()]).encrypt("s3cret")
    with pytest.raises(ValueError, match="another key"):
        SecretBox([new_encryption_key()]).decrypt(written)


def test_same_secret_encrypts_differently_each_time() -> None:
    box = SecretBox([new_encryption_key()])
    assert box.encrypt("same") != box.encrypt("same")
