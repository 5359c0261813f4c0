"""Allowed websites are kept in the form browsers send in `Origin`."""

import pytest

from domain.web_origins import normalize_origin, origin_allowed


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("https://shop.example.com.br", "https://shop.example.com.br"),
        ("  HTTPS://Shop.Example.COM.br/  ", "https://shop.example.com.br"),
        ("https://shop.example.com.br:443", "https://shop.example.com.br"),
        ("http://shop.example.com.br:80/", "http://shop.example.com.br"),
        ("http://localhost:3000", "http://localhost:3000"),
        ("https://shop.example.com.br.", "https://shop.example.com.br"),
        ("https://açaí.example.com.br", "https://xn--aa-4iaz.example.com.br"),
        ("http://192.168.0.10:8080", "http://192.168.0.10:8080"),
        ("http://[::1]:8000", "http://[::1]:8000"),
    ],
)
def test_origin_is_stored_as_browsers_send_it(typed: str, stored: str) -> None:
    assert normalize_origin(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "shop.example.com.br",
        "https://",
        "https://shop.example.com.br/loja",
        "https://shop.example.com.br?x=1",
        "https://user:pass@shop.example.com.br",
        "https://*.example.com.br",
        "https://shop_example.com.br",
        "https://-shop.example.com.br",
        "https://shop.example.com.br:0x1",
        "javascript:alert(1)",
        "http://[::1",
        "https://" + "a" * 64 + ".example",
    ],
)
def test_what_is_not_a_website_origin_is_refused(typed: str) -> None:
    with pytest.raises(ValueError, match=r"\S"):
        normalize_origin(typed)


def test_empty_list_allows_any_website_and_a_list_only_its_own() -> None:
    assert origin_allowed([], "https://anything.example")
    assert origin_allowed([], "null")
    listed = ["https://shop.example.com.br", "http://localhost:3000"]
    assert origin_allowed(listed, "https://shop.example.com.br")
    assert origin_allowed(listed, "http://localhost:3000")
    assert not origin_allowed(listed, "http://shop.example.com.br")
    assert not origin_allowed(listed, "https://evil.shop.example.com.br")
    assert not origin_allowed(listed, "http://localhost:3001")
    assert not origin_allowed(listed, "null")
