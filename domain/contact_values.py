"""Normalising what people type for a contact's standard fields: phone, e-mail, language,
timezone, country. Each function returns the canonical value or raises `ValueError` saying what
to fix; API, import and channels all go through here, so one person has one phone and one e-mail.
"""

import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import phonenumbers
from email_validator import EmailNotValidError, validate_email

LANGUAGE_TAG = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$")


def normalize_phone(raw: str, default_region: str | None = "BR") -> str:
    """E.164 (`+5511987654321`); numbers without `+` are read as numbers of `default_region`."""
    text = raw.strip()
    if not text:
        raise ValueError("phone is empty")
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        number = phonenumbers.parse(text, None if text.startswith("+") else default_region)
    except phonenumbers.NumberParseException as error:
        raise ValueError(f"phone {raw!r} is not a phone number ({error})") from None
    if not phonenumbers.is_valid_number(number):
        hint = "" if text.startswith("+") else f" for region {default_region}"
        raise ValueError(
            f"phone {raw!r} is not a valid number{hint}; write it as +<country><number>"
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalize_email(raw: str) -> str:
    try:
        result = validate_email(raw.strip(), check_deliverability=False)
    except EmailNotValidError as error:
        raise ValueError(f"e-mail {raw!r} is not valid: {error}") from None
    return result.normalized.lower()


def normalize_language(raw: str) -> str:
    text = raw.strip().replace("_", "-")
    if not LANGUAGE_TAG.match(text):
        raise ValueError(f"language {raw!r} is not a language tag such as pt-BR or en")
    primary, *rest = text.split("-")
    return "-".join([primary.lower(), *(part.upper() if len(part) == 2 else part for part in rest)])


def normalize_timezone(raw: str) -> str:
    text = raw.strip()
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"timezone {raw!r} is not an IANA time zone such as America/Sao_Paulo"
        ) from None
    return text


def normalize_country(raw: str) -> str:
    code = raw.strip().upper()
    if code not in phonenumbers.SUPPORTED_REGIONS:
        raise ValueError(f"country {raw!r} is not an ISO 3166 two-letter code such as BR")
    return code


def normalize_tag(raw: str) -> str:
    """Tags compare case-insensitively and without surrounding spaces."""
    tag = " ".join(raw.split()).lower()
    if not tag:
        raise ValueError("tag is empty")
    if len(tag) > 64:
        raise ValueError(f"tag {raw[:20]!r}… is longer than 64 characters")
    return tag
