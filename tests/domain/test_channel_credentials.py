"""Channel credentials: each field checked where it is typed; secrets never in the public view."""

import base64
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from domain.channel_credentials import (
    CredentialsInvalid,
    EmailChannelCredentials,
    SmsChannelCredentials,
    WhatsAppChannelCredentials,
    from_storage,
    merge_secrets,
    public_view,
    secret_fields,
    to_storage,
    validate_credentials,
)
from domain.enums import ChannelKind

ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
SERVICE_SID = "MG" + "fedcba9876543210" * 2
KEY_SID = "SK" + "00112233445566778899aabbccddeeff"


def der_base64(public_key: Any) -> str:
    der = public_key.public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    return base64.b64encode(der).decode()


def ec_public_key() -> str:
    return der_base64(ec.generate_private_key(ec.SECP256R1()).public_key())


def whatsapp(**changes: Any) -> dict[str, Any]:
    return {
        "phone_number_id": "106540352242922",
        "business_account_id": "102290129340398",
        "access_token": "EAAGm0PX4ZCpsBAsecret-access-token-9876",
        "app_secret": "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6",
        **changes,
    }


def email(**changes: Any) -> dict[str, Any]:
    return {
        "api_key": "SG.abcdefghijklmnop.qrstuvwxyz0123456789-key",
        "from_email": "Support@Example.com",
        "from_name": "Example Support",
        "event_webhook_public_key": ec_public_key(),
        **changes,
    }


def sms(**changes: Any) -> dict[str, Any]:
    return {
        "account_sid": ACCOUNT_SID,
        "auth_token": "f00df00df00df00df00df00df00df00d",
        "from_number": "+55 11 98765-4321",
        **changes,
    }


def fields_of(error: pytest.ExceptionInfo[CredentialsInvalid]) -> set[str]:
    return {".".join(str(part) for part in e["loc"]) for e in error.value.errors}


def test_validate_each_kind_gives_its_model() -> None:
    wa = validate_credentials(ChannelKind.whatsapp, whatsapp())
    assert isinstance(wa, WhatsAppChannelCredentials)
    assert wa.api_version == "v23.0"
    mail = validate_credentials(
        ChannelKind.email, email(reply_to="", inbound_domain="Parse.Example.com")
    )
    assert isinstance(mail, EmailChannelCredentials)
    assert mail.from_email == "support@example.com"
    assert mail.reply_to is None and mail.inbound_domain == "parse.example.com"
    text = validate_credentials(ChannelKind.sms, sms())
    assert isinstance(text, SmsChannelCredentials)
    assert text.from_number == "+5511987654321"


@pytest.mark.parametrize(
    ("kind", "data", "field"),
    [
        (ChannelKind.whatsapp, whatsapp(phone_number_id="+55 11 9999"), "phone_number_id"),
        (ChannelKind.whatsapp, whatsapp(access_token="short"), "access_token"),
        (ChannelKind.whatsapp, whatsapp(api_version="23"), "api_version"),
        (ChannelKind.whatsapp, {"phone_number_id": "106540352242922"}, "app_secret"),
        (ChannelKind.email, email(from_email="not-an-address"), "from_email"),
        (ChannelKind.email, email(api_key="abcdefghijklmnopqrstuvwxyz"), "api_key"),
        (
            ChannelKind.email,
            email(event_webhook_public_key="bm90IGEga2V5"),
            "event_webhook_public_key",
        ),
        (ChannelKind.email, email(inbound_domain="not a domain"), "inbound_domain"),
        (ChannelKind.email, email(reply_to="@nowhere"), "reply_to"),
        (ChannelKind.sms, sms(account_sid="SK" + "0" * 32), "account_sid"),
        (ChannelKind.sms, sms(from_number="11987654321"), "from_number"),
        (ChannelKind.sms, sms(from_number=None), "from_number"),
        (ChannelKind.sms, sms(messaging_service_sid=SERVICE_SID), "from_number"),
        (ChannelKind.sms, sms(messaging_service_sid="MG123"), "messaging_service_sid"),
        (ChannelKind.sms, sms(api_key_sid=KEY_SID), "api_key_secret"),
        (ChannelKind.sms, sms(extra="x"), "extra"),
    ],
)
def test_validate_names_the_wrong_field(
    kind: ChannelKind, data: dict[str, Any], field: str
) -> None:
    with pytest.raises(CredentialsInvalid) as error:
        validate_credentials(kind, data)
    assert field in fields_of(error)
    # A 422 must not echo what was typed: it may be a secret.
    assert all("input" not in e for e in error.value.errors)


def test_event_webhook_key_must_be_an_ec_key() -> None:
    rsa_key = der_base64(
        rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()
    )
    with pytest.raises(CredentialsInvalid) as error:
        validate_credentials(ChannelKind.email, email(event_webhook_public_key=rsa_key))
    assert "elliptic" in error.value.errors[0]["msg"]


def test_event_webhook_key_accepts_pem_and_line_breaks() -> None:
    key = ec_public_key()
    pem = (
        "-----BEGIN PUBLIC KEY-----\n" + key[:40] + "\n" + key[40:] + "\n-----END PUBLIC KEY-----\n"
    )
    mail = validate_credentials(ChannelKind.email, email(event_webhook_public_key=pem))
    assert isinstance(mail, EmailChannelCredentials)
    assert mail.event_webhook_public_key == key


def test_sms_takes_a_messaging_service_instead_of_a_number() -> None:
    text = validate_credentials(
        ChannelKind.sms,
        sms(
            from_number="",
            messaging_service_sid=SERVICE_SID,
            api_key_sid=KEY_SID,
            api_key_secret="k" * 32,
        ),
    )
    assert isinstance(text, SmsChannelCredentials)
    assert text.from_number is None and text.messaging_service_sid == SERVICE_SID


def test_webchat_takes_no_credentials() -> None:
    with pytest.raises(CredentialsInvalid) as error:
        validate_credentials(ChannelKind.webchat, {})
    assert fields_of(error) == {"kind"}


def test_public_view_hides_every_secret() -> None:
    data = sms(api_key_sid=KEY_SID, api_key_secret="api-key-secret-0000-wxyz")
    view = public_view(validate_credentials(ChannelKind.sms, data))
    assert view["auth_token"] == "…f00d"
    assert view["api_key_secret"] == "…wxyz"
    assert view["account_sid"] == ACCOUNT_SID
    assert "kind" not in view
    for name in secret_fields(ChannelKind.sms):
        assert data[name] not in str(view)
    assert secret_fields(ChannelKind.whatsapp) == {"access_token", "app_secret"}
    assert secret_fields(ChannelKind.email) == {"api_key"}
    assert secret_fields(ChannelKind.sms) == {"auth_token", "api_key_secret"}


def test_storage_round_trip_keeps_secrets() -> None:
    stored = validate_credentials(ChannelKind.whatsapp, whatsapp())
    text = to_storage(stored)
    assert whatsapp()["access_token"] in text
    assert from_storage(text) == stored


def test_merge_keeps_secrets_left_out_or_blank() -> None:
    stored = validate_credentials(ChannelKind.whatsapp, whatsapp())
    changes = whatsapp(access_token="", phone_number_id="999999999")
    del changes["app_secret"]
    merged = validate_credentials(
        ChannelKind.whatsapp, merge_secrets(ChannelKind.whatsapp, stored, changes)
    )
    assert isinstance(merged, WhatsAppChannelCredentials)
    assert isinstance(stored, WhatsAppChannelCredentials)
    assert merged.phone_number_id == "999999999"
    assert merged.access_token == stored.access_token
    assert merged.app_secret == stored.app_secret
    replaced = merge_secrets(ChannelKind.whatsapp, stored, whatsapp(app_secret="f" * 32))
    assert replaced["app_secret"] == "f" * 32


def test_merge_reads_a_hint_sent_back_as_unchanged() -> None:
    stored = validate_credentials(ChannelKind.whatsapp, whatsapp())
    view = public_view(stored)
    merged = merge_secrets(ChannelKind.whatsapp, stored, dict(view))
    assert merged["access_token"] == whatsapp()["access_token"]
    assert merged["app_secret"] == whatsapp()["app_secret"]
