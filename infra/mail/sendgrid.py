"""SendGrid's v3 Mail Send API, over httpx (the `sendgrid` package builds the payload)."""

import httpx
from sendgrid.helpers.mail import Mail

from infra.mail.base import MailerError, OutgoingEmail


class SendGridMailer:
    def __init__(self, api_key: str, sender: str, base_url: str, client: httpx.AsyncClient) -> None:
        self._api_key = api_key
        self._sender = sender
        self._base_url = base_url.rstrip("/")
        self._client = client

    async def send(self, email: OutgoingEmail) -> None:
        payload = Mail(
            from_email=self._sender,
            to_emails=email.to,
            subject=email.subject,
            plain_text_content=email.text,
            html_content=email.html,
        ).get()
        try:
            response = await self._client.post(
                f"{self._base_url}/v3/mail/send",
                json=payload,
                headers={"Authorization": f"Bearer {self._api_key}"},
            )
        except httpx.HTTPError as error:
            raise MailerError(f"SendGrid unreachable: {error}") from error
        if response.status_code != 202:
            raise MailerError(f"SendGrid answered {response.status_code}: {response.text[:300]}")

    async def close(self) -> None:
        await self._client.aclose()
