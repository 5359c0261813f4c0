"""The embedded default: each e-mail becomes a .eml file in the data folder's outbox."""

import asyncio
import logging
import uuid
from email.message import EmailMessage
from pathlib import Path

from domain.timeutil import utcnow
from infra.mail.base import OutgoingEmail

log = logging.getLogger(__name__)


class OutboxMailer:
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
