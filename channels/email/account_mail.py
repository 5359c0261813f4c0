"""Account mail (invitations, password resets): through SendGrid when SENDGRID_API_KEY is set,
else as `.eml` files in the data folder's outbox, so `fluxo dev` needs no provider.

Not the e-mail channel: these go from Fluxo's own sender (MAIL_FROM), not a workspace's, and
carry no threading, custom args or unsubscribe links. Both share `providers.sendgrid`'s client.
"""

import asyncio
import logging
import uuid
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol

import httpx
from pydantic import BaseModel, SecretStr

from domain.timeutil import utcnow
from providers.sendgrid import EmailChannelError, SendGridClient, plain_mail

log = logging.getLogger(__name__)


class OutgoingEmail(BaseModel):
    to: str
    subject: str
    text: str
    html: str | None = None


class MailerError(RuntimeError):
    """The provider refused or could not be reached; the message was not sent."""


class Mailer(Protocol):
    async def send(self, email: OutgoingEmail) -> None: ...

    async def close(self) -> None: ...


class OutboxMailer:
    """The embedded default: each e-mail becomes a .eml file in `folder`."""

    def __init__(self, folder: Path, sender: str) -> None:
        self.folder = folder
        self._sender = sender

    async def send(self, email: OutgoingEmail) -> None:
        message = EmailMessage()
        message["From"] = self._sender
        message["To"] = email.to
        message["Subject"] = email.subject
        message.set_content(email.text)
        if email.html:
            message.add_alternative(email.html, subtype="html")
        path = self.folder / f"{utcnow():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}.eml"
        await asyncio.to_thread(self._write, path, message.as_bytes())
        log.info("e-mail to %s (%s) written to %s", email.to, email.subject, path)

    def _write(self, path: Path, data: bytes) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    async def close(self) -> None:
        return None


class SendGridMailer:
    """Fluxo's own SendGrid account; owns `client` and closes it with the mailer."""

    def __init__(self, api_key: str, sender: str, base_url: str, client: httpx.AsyncClient) -> None:
        self._sender = sender
        self._http = client
        self._sendgrid = SendGridClient(SecretStr(api_key), client, base_url=base_url)

    async def send(self, email: OutgoingEmail) -> None:
        payload = plain_mail(self._sender, email.to, email.subject, email.text, email.html)
        try:
            await self._sendgrid.send(payload)
        except EmailChannelError as error:
            # Callers only need "not sent": an invitation is refused, a reset link is logged.
            raise MailerError(str(error)) from error

    async def close(self) -> None:
        await self._http.aclose()
