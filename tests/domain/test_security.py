"""Password hashing, visitor tokens and session-token digests."""

import uuid

import pytest

from domain import security
from domain.security import (
    hash_password,
    issue_visitor_token,
    new_token,
    read_visitor_token,
    token_digest,
    verify_password,
)

SECRET = "test-secret-key"


def test_verify_password_accepts_the_hashed_password() -> None:
    password_hash = hash_password("correct horse")
    assert verify_password(password_hash, "correct horse") is True


def test_verify_password_rejects_a_wrong_password() -> None:
    password_hash = hash_password("correct horse")
    assert verify_password(password_hash, "correct horsE") is False
    assert verify_password(password_hash, "") is False


def test_hash_password_salts_each_hash() -> None:
    assert hash_password("same") != hash_password("same")


def test_verify_password_without_a_hash_is_false() -> None:
    # An unknown e-mail: the dummy hash is checked for timing, but the answer is always no.
    assert verify_password(None, "anything") is False
    assert verify_password(None, "") is False


def test_verify_password_without_a_hash_refuses_the_dummy_password(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Even a password that matches the timing dummy must not log in an unknown e-mail.
    monkeypatch.setattr(security, "_DUMMY_HASH", hash_password("dummy"))
    assert verify_password(None, "dummy") is False


def test_verify_password_with_a_malformed_hash_is_false() -> None:
    assert verify_password("not-an-argon2-hash", "anything") is False


def test_read_visitor_token_returns_the_issued_visitor_id() -> None:
    channel_id = uuid.uuid4()
    token = issue_visitor_token(SECRET, channel_id)
    visitor_id = read_visitor_token(SECRET, channel_id, token)
    assert visitor_id is not None
    assert token.startswith(f"{visitor_id}.")
    assert len(visitor_id) == 32


def test_issue_visitor_token_gives_each_visitor_a_new_id() -> None:
    channel_id = uuid.uuid4()
    first = read_visitor_token(SECRET, channel_id, issue_visitor_token(SECRET, channel_id))
    second = read_visitor_token(SECRET, channel_id, issue_visitor_token(SECRET, channel_id))
    assert first is not None and second is not None and first != second


def test_read_visitor_token_rejects_a_tampered_signature() -> None:
    channel_id = uuid.uuid4()
    token = issue_visitor_token(SECRET, channel_id)
    last = token[-1]
    tampered = token[:-1] + ("0" if last != "0" else "1")
    assert read_visitor_token(SECRET, channel_id, tampered) is None


def test_read_visitor_token_rejects_a_tampered_visitor_id() -> None:
    channel_id = uuid.uuid4()
    visitor_id, _, signature = issue_visitor_token(SECRET, channel_id).partition(".")
    other_id = ("0" if visitor_id[0] != "0" else "1") + visitor_id[1:]
    assert read_visitor_token(SECRET, channel_id, f"{other_id}.{signature}") is None


def test_read_visitor_token_rejects_a_token_of_another_channel() -> None:
    token = issue_visitor_token(SECRET, uuid.uuid4())
    assert read_visitor_token(SECRET, uuid.uuid4(), token) is None


def test_read_visitor_token_rejects_a_token_signed_with_another_secret() -> None:
    channel_id = uuid.uuid4()
    token = issue_visitor_token("another-secret", channel_id)
    assert read_visitor_token(SECRET, channel_id, token) is None


@pytest.mark.parametrize(
    "token",
    [
        pytest.param("", id="empty"),
        pytest.param("a.b", id="short-parts"),
        pytest.param("f" * 32, id="no-dot"),
        pytest.param("f" * 32 + ".", id="empty-signature"),
        pytest.param("." + "f" * 64, id="empty-visitor-id"),
        pytest.param("f" * 31 + "." + "0" * 64, id="short-visitor-id"),
        pytest.param("f" * 32 + "." + "0" * 64, id="wrong-signature"),
    ],
)
def test_read_visitor_token_rejects_garbage(token: str) -> None:
    assert read_visitor_token(SECRET, uuid.uuid4(), token) is None


def test_read_visitor_token_rejects_extra_text_after_a_valid_token() -> None:
    channel_id = uuid.uuid4()
    token = issue_visitor_token(SECRET, channel_id)
    assert read_visitor_token(SECRET, channel_id, f"{token}.extra") is None
    assert read_visitor_token(SECRET, channel_id, f"{token}0") is None


def test_read_visitor_token_rejects_a_non_ascii_signature() -> None:
    # Tokens come from a header or a URL-decoded query string, so any character can arrive.
    assert read_visitor_token(SECRET, uuid.uuid4(), "f" * 32 + ".é") is None


def test_token_digest_is_stable_sha256_hex() -> None:
    token = new_token()
    digest = token_digest(token)
    assert digest == token_digest(token)
    assert len(digest) == 64 and int(digest, 16) >= 0
    assert digest != token


def test_token_digest_differs_for_different_tokens() -> None:
    assert token_digest(new_token()) != token_digest(new_token())
    assert token_digest("a") != token_digest("b")


def test_token_digest_matches_a_known_value() -> None:
    # Sessions stored by earlier releases must still be found: the digest may never change.
    assert token_digest("abc") == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )
