"""The public unsubscribe pages behind `/u/{token}`: self-contained HTML (no script, one inline
style allowed by hash), in English or Brazilian Portuguese. Every value put into the markup is
escaped here, since workspace names are typed by users."""

import base64
import hashlib
from dataclasses import dataclass
from enum import StrEnum
from html import escape

from fastapi import status
from fastapi.responses import HTMLResponse, PlainTextResponse

from channels.email.unsubscribe_requests import WorkspaceFacts


class PageLanguage(StrEnum):
    en = "en"
    pt_br = "pt-BR"


@dataclass(frozen=True)
class PageTexts:
    title: str
    question: str
    explanation: str
    button: str
    done_title: str
    done: str
    unknown_sender: str
    invalid_link: str


TEXTS = {
    PageLanguage.en: PageTexts(
        title="Unsubscribe",
        question="Unsubscribe from {name}?",
        explanation="You will stop receiving marketing e-mail from {name} at this address.",
        button="Unsubscribe",
        done_title="You are unsubscribed",
        done="You will not receive marketing e-mail from {name} any more.",
        unknown_sender="this sender",
        invalid_link=(
            "This unsubscribe link is not valid. It may have been cut off: open the link "
            "from the e-mail again, or copy all of it."
        ),
    ),
    PageLanguage.pt_br: PageTexts(
        title="Cancelar inscrição",
        question="Cancelar a inscrição em {name}?",
        explanation="Você deixará de receber e-mails de marketing de {name} neste endereço.",
        button="Cancelar inscrição",
        done_title="Inscrição cancelada",
        done="Você não receberá mais e-mails de marketing de {name}.",
        unknown_sender="este remetente",
        invalid_link=(
            "Este link de cancelamento não é válido. Ele pode ter sido cortado: abra de novo "
            "o link do e-mail ou copie-o inteiro."
        ),
    ),
}

STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;"
    "color:#1f2933;line-height:1.5}h1{font-size:1.4rem}button{font:inherit;padding:.6rem 1.2rem;"
    "border:0;border-radius:.4rem;background:#1f6feb;color:#fff;cursor:pointer}"
)
_STYLE_HASH = base64.b64encode(hashlib.sha256(STYLE.encode()).digest()).decode()
# No script, no framing (a framed one-click button invites clickjacking), the form may only
# post back here, and the token in the URL is not sent on as a referrer.
HEADERS = {
    "Content-Security-Policy": (
        f"default-src 'none'; style-src 'sha256-{_STYLE_HASH}'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Robots-Tag": "noindex",
}


def page_language(accept_language: str | None, default_country: str | None) -> PageLanguage:
    """The reader's first supported language by `Accept-Language` (q-values honoured), else
    Portuguese for a workspace in Brazil and English elsewhere."""
    for tag in _preferred_tags(accept_language or ""):
        primary = tag.split("-", 1)[0]
        if primary == "pt":
            return PageLanguage.pt_br
        if primary == "en":
            return PageLanguage.en
    return PageLanguage.pt_br if (default_country or "").upper() == "BR" else PageLanguage.en


def _preferred_tags(header: str) -> list[str]:
    weighted: list[tuple[float, str]] = []
    for item in header.split(","):
        tag, _, params = item.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if tag and tag != "*" and quality > 0:
            weighted.append((quality, tag.strip().lower()))
    # sorted() is stable: equal weights keep the header's order.
    return [tag for _, tag in sorted(weighted, key=lambda pair: -pair[0])]


def confirm_page(language: PageLanguage, facts: WorkspaceFacts | None, token: str) -> HTMLResponse:
    texts = TEXTS[language]
    name = _name(texts, facts)
    body = (
        f"<h1>{escape(texts.question.format(name=name))}</h1>"
        f"<p>{escape(texts.explanation.format(name=name))}</p>"
        f'<form method="post" action="/u/{escape(token)}">'
        '<input type="hidden" name="List-Unsubscribe" value="One-Click">'
        f'<button type="submit">{escape(texts.button)}</button></form>'
    )
    return _page(language, texts.title, body)


def done_page(language: PageLanguage, facts: WorkspaceFacts | None) -> HTMLResponse:
    texts = TEXTS[language]
    body = (
        f"<h1>{escape(texts.done_title)}</h1>"
        f"<p>{escape(texts.done.format(name=_name(texts, facts)))}</p>"
    )
    return _page(language, texts.done_title, body)


def invalid_link(language: PageLanguage) -> PlainTextResponse:
    return PlainTextResponse(
        TEXTS[language].invalid_link, status_code=status.HTTP_400_BAD_REQUEST, headers=HEADERS
    )


def _name(texts: PageTexts, facts: WorkspaceFacts | None) -> str:
    return facts.name if facts is not None and facts.name.strip() else texts.unknown_sender


def _page(language: PageLanguage, title: str, body: str) -> HTMLResponse:
    html = (
        f'<!doctype html><html lang="{escape(language.value)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head>"
        f"<body>{body}</body></html>"
    )
    return HTMLResponse(html, headers=HEADERS)
