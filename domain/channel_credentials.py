"""What a workspace pastes to connect WhatsApp, e-mail (SendGrid) or SMS (Twilio-compatible).

One model per channel kind, validated field by field, joined in a union discriminated by `kind`.
The whole model is stored as JSON in `channel.credentials` (encrypted at rest); what leaves the
API is `public_view`, where every secret is reduced to "…" and its last four characters.
"""

import base64
import binascii
import re
from typing import Annotated, Any, Literal, Self

from cryptography.hazmat.primitives.asymmetric.ec import EllipticCurvePublicKey
from cryptography.hazmat.primitives.serialization import load_der_public_key
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    TypeAdapter,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from domain.contact_values import normalize_email, normalize_phone
from domain.enums import ChannelKind

DEFAULT_WHATSAPP_API_VERSION = "v23.0"
HOSTNAME = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
PEM_LINE = re.compile(r"-----(BEGIN|END) [A-Z ]+-----")
# Secrets shorter than this show no characters at all: four of eight would be half the secret.
MIN_LENGTH_TO_HINT = 12


def _one_of(field: str, message: str) -> PydanticCustomError:
    """A whole-model rule reported on the field the person should fill in."""
    return PydanticCustomError("credentials_rule", message, {"field": field})


class _Credentials(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class WhatsAppChannelCredentials(_Credentials):
    """A WhatsApp Business number on the Cloud API (Meta's app dashboard, WhatsApp → API setup)."""

    kind: Literal["whatsapp"] = "whatsapp"
    phone_number_id: str = Field(
        pattern=r"^\d{6,20}$", description="The business number's id (digits), not the number."
    )
    business_account_id: str = Field(
        pattern=r"^\d{6,20}$", description="The WhatsApp Business Account (WABA) id."
    )
    access_token: SecretStr = Field(
        min_length=20, max_length=1000, description="A system user's permanent access token."
    )
    app_secret: SecretStr = Field(
        min_length=16, max_length=128, description="The Meta app's secret; signs every webhook."
    )
    api_version: str = Field(default=DEFAULT_WHATSAPP_API_VERSION, pattern=r"^v\d{1,3}\.\d{1,2}$")


class EmailChannelCredentials(_Credentials):
    """A SendGrid account sending as the workspace's verified sender."""

    kind: Literal["email"] = "email"
    api_key: SecretStr = Field(
        min_length=20, max_length=200, description="A SendGrid API key with Mail Send access."
    )
    from_email: str = Field(max_length=320, description="A sender verified in SendGrid.")
    from_name: str = Field(min_length=1, max_length=200)
    reply_to: str | None = Field(default=None, max_length=320)
    event_webhook_public_key: str = Field(
        max_length=2000,
        description="Event Webhook → Signed Event Webhook → Verification Key (base64 DER).",
    )
    inbound_domain: str | None = Field(
        default=None, max_length=253, description="The domain or subdomain Inbound Parse receives."
    )

    @field_validator("api_key")
    @classmethod
    def _sendgrid_key(cls, value: SecretStr) -> SecretStr:
        if not value.get_secret_value().startswith("SG."):
            raise ValueError("a SendGrid API key starts with SG.")
        return value

    @field_validator("from_email", "reply_to")
    @classmethod
    def _address(cls, value: str | None) -> str | None:
        return None if value is None or value == "" else normalize_email(value)

    @field_validator("event_webhook_public_key")
    @classmethod
    def _ec_public_key(cls, value: str) -> str:
        text = "".join(PEM_LINE.sub("", value).split())
        try:
            key = load_der_public_key(base64.b64decode(text, validate=True))
        except (binascii.Error, ValueError):
            raise ValueError(
                "not a public key: paste the verification key as SendGrid shows it"
            ) from None
        if not isinstance(key, EllipticCurvePublicKey):
            raise ValueError("not an elliptic-curve (ECDSA) public key")
        return text

    @field_validator("inbound_domain")
    @classmethod
    def _hostname(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        domain = value.lower().rstrip(".")
        if not HOSTNAME.match(domain):
            raise ValueError("not a domain name such as parse.example.com")
        return domain


class SmsChannelCredentials(_Credentials):
    """A Twilio(-compatible) account; REST calls use the API key when one is given."""

    kind: Literal["sms"] = "sms"
    account_sid: str = Field(pattern=r"^AC[0-9a-fA-F]{32}$", description="AC followed by 32 hex.")
    auth_token: SecretStr = Field(
        min_length=16, max_length=200, description="Signs every webhook, even with an API key."
    )
    api_key_sid: str | None = Field(default=None, pattern=r"^SK[0-9a-fA-F]{32}$")
    api_key_secret: SecretStr | None = Field(default=None, min_length=16, max_length=200)
    from_number: str | None = Field(default=None, description="E.164, e.g. +5511987654321.")
    messaging_service_sid: str | None = Field(default=None, pattern=r"^MG[0-9a-fA-F]{32}$")

    @field_validator("api_key_sid", "messaging_service_sid", "from_number", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("from_number")
    @classmethod
    def _e164(cls, value: str | None) -> str | None:
        return None if value is None else normalize_phone(value, default_region=None)

    @model_validator(mode="after")
    def _rules(self) -> Self:
        if (self.api_key_sid is None) != (self.api_key_secret is None):
            missing = "api_key_secret" if self.api_key_secret is None else "api_key_sid"
            raise _one_of(missing, "an API key needs both its SID and its secret")
        if (self.from_number is None) == (self.messaging_service_sid is None):
            raise _one_of(
                "from_number", "give either a From number or a Messaging Service SID, not both"
            )
        return self


ChannelCredentials = Annotated[
    WhatsAppChannelCredentials | EmailChannelCredentials | SmsChannelCredentials,
    Field(discriminator="kind"),
]
CredentialsModel = type[
    WhatsAppChannelCredentials | EmailChannelCredentials | SmsChannelCredentials
]
MODELS: dict[ChannelKind, CredentialsModel] = {
    ChannelKind.whatsapp: WhatsAppChannelCredentials,
    ChannelKind.email: EmailChannelCredentials,
    ChannelKind.sms: SmsChannelCredentials,
}
_adapter: TypeAdapter[ChannelCredentials] = TypeAdapter(ChannelCredentials)


class CredentialsInvalid(ValueError):
    """Validation failed; `errors` name the field (`loc`) of each problem, as FastAPI does."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__("; ".join(f"{e['loc']}: {e['msg']}" for e in errors))
        self.errors = errors


def secret_fields(kind: ChannelKind) -> frozenset[str]:
    model = MODELS[kind]
    return frozenset(
        name
        for name, field in model.model_fields.items()
        if field.annotation in (SecretStr, SecretStr | None)
    )


def validate_credentials(kind: ChannelKind, data: dict[str, Any]) -> ChannelCredentials:
    """The kind's model from what a person typed, or `CredentialsInvalid` naming each field."""
    model = MODELS.get(kind)
    if model is None:
        raise CredentialsInvalid(
            [
                {
                    "loc": ("kind",),
                    "msg": f"{kind} channels take no credentials",
                    "type": "value_error",
                }
            ]
        )
    try:
        return model.model_validate({**data, "kind": kind.value})
    except ValidationError as error:
        raise CredentialsInvalid([_named(e) for e in error.errors(include_url=False)]) from None


def _named(error: Any) -> dict[str, Any]:
    ctx = error.get("ctx") or {}
    loc = tuple(error["loc"]) or ((ctx["field"],) if "field" in ctx else ())
    # Drop the input: for a secret it would echo the secret back in the 422.
    return {"loc": loc, "msg": error["msg"], "type": error["type"]}


def merge_secrets(
    kind: ChannelKind, stored: ChannelCredentials, changes: dict[str, Any]
) -> dict[str, Any]:
    """`changes` with every secret it omits, leaves blank or echoes as its hint from `stored`."""
    merged = dict(changes)
    for name in secret_fields(kind):
        value: SecretStr | None = getattr(stored, name)
        kept = value.get_secret_value() if value is not None else None
        # A client that sends back the public view sends "…last4": that means "unchanged".
        if merged.get(name) in (None, "") or (kept is not None and merged[name] == hint(kept)):
            merged[name] = kept
    return merged


def to_storage(credentials: ChannelCredentials) -> str:
    """JSON with the secrets in clear: only for the encrypted column."""
    values = {
        name: value.get_secret_value() if isinstance(value, SecretStr) else value
        for name, value in credentials
    }
    return TypeAdapter(dict[str, Any]).dump_json(values).decode()


def from_storage(text: str) -> ChannelCredentials:
    return _adapter.validate_json(text)


def hint(secret: str) -> str:
    return "…" + secret[-4:] if len(secret) >= MIN_LENGTH_TO_HINT else "…"


def public_view(credentials: ChannelCredentials) -> dict[str, str | None]:
    """Every field, with each secret reduced to "…last4": safe to show to channels:read."""
    return {
        name: hint(value.get_secret_value()) if isinstance(value, SecretStr) else value
        for name, value in credentials
        if name != "kind"
    }
