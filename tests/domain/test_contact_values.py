"""Normalising what people type for a contact's standard fields."""

import pytest

from domain.contact_values import (
    normalize_country,
    normalize_email,
    normalize_language,
    normalize_phone,
    normalize_tag,
    normalize_timezone,
)


@pytest.mark.parametrize(
    "raw",
    [
        "(11) 98765-4321",
        "+55 11 98765-4321",
        "11987654321",
        "0055 11 98765 4321",
        " +5511987654321 ",
    ],
)
def test_normalize_phone_brazilian_forms_are_one_number(raw: str) -> None:
    assert normalize_phone(raw, "BR") == "+5511987654321"


def test_normalize_phone_uses_default_region_only_without_plus() -> None:
    assert normalize_phone("(212) 555-0123", "US") == "+12125550123"
    assert normalize_phone("+1 212 555 0123", "BR") == "+12125550123"


@pytest.mark.parametrize("raw", ["", "123", "abc", "+55 11 1234"])
def test_normalize_phone_rejects_non_numbers(raw: str) -> None:
    with pytest.raises(ValueError, match="phone"):
        normalize_phone(raw, "BR")


def test_normalize_email_lowercases() -> None:
    assert normalize_email("  Ana.Souza@Example.COM ") == "ana.souza@example.com"


@pytest.mark.parametrize("raw", ["ana", "ana@", "@example.com", "ana@@example.com"])
def test_normalize_email_rejects_invalid(raw: str) -> None:
    with pytest.raises(ValueError, match="e-mail"):
        normalize_email(raw)


def test_normalize_language_country_timezone() -> None:
    assert normalize_language("pt_br") == "pt-BR"
    assert normalize_language("EN") == "en"
    assert normalize_country(" br ") == "BR"
    assert normalize_timezone("America/Sao_Paulo") == "America/Sao_Paulo"


@pytest.mark.parametrize(
    ("normalise", "raw", "field"),
    [
        (normalize_language, "portuguese!", "language"),
        (normalize_country, "XX", "country"),
        (normalize_timezone, "Mars/Base", "timezone"),
        (normalize_tag, "   ", "tag"),
        (normalize_tag, "x" * 65, "tag"),
    ],
)
def test_normalize_rejects_with_field_name(normalise: object, raw: str, field: str) -> None:
    assert callable(normalise)
    with pytest.raises(ValueError, match=field):
        normalise(raw)


def test_normalize_tag_is_case_and_space_insensitive() -> None:
    assert normalize_tag("  Hot   Lead ") == "hot lead"
