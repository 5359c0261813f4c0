from typing import Protocol

from pydantic import BaseModel


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
