"""What the API process holds for its lifetime: database, event bus, Temporal client, mailer,
rate limiter."""

import asyncio
import logging
import secrets
from dataclasses import dataclass, field

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from temporalio.client import Client
from temporalio.converter import PayloadCodec

from channels.email.account_mail import Mailer, OutboxMailer, SendGridMailer
from domain.settings import Settings
from infra import secrets as secrets_at_rest
from infra.database import create_engine, create_session_factory
from infra.eventbus import EventBus, create_event_bus
from infra.file_storage import LocalFileStorage
from infra.keyfiles import load_secret_box
from infra.payload_codec import EncryptingCodec
from infra.ratelimit import RateLimiter, create_rate_limiter
from stores.channel_directory import ChannelDirectory
from stores.conversations.store import ConversationStore
from stores.inbox.attachments import AttachmentStore
from stores.workspace_keys import DatabaseKeyRing
from temporal.client import connect, with_payload_codec

log = logging.getLogger(__name__)


class TemporalUnavailable(RuntimeError):
    pass


@dataclass
class TemporalGateway:
    """Connects on first use, so the API starts (and reports health) while Temporal is down."""

    settings: Settings
    client: Client | None = None
    payload_codec: PayloadCodec | None = None
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    def __post_init__(self) -> None:
        if self.client is not None and self.payload_codec is not None:
            # A client handed in (tests share one connection) still encrypts what we send.
            self.client = with_payload_codec(self.client, self.payload_codec)

    async def get(self) -> Client:
        if self.client is not None:
            return self.client
        async with self._lock:
            if self.client is None:
                try:
                    self.client = await asyncio.wait_for(
                        connect(self.settings, self.payload_codec), timeout=5
                    )
                except Exception as error:
                    raise TemporalUnavailable(
                        f"Temporal at {self.settings.temporal_address} is unreachable: {error}"
                    ) from error
            return self.client


@dataclass
class Services:
    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    store: ConversationStore
    event_bus: EventBus
    temporal: TemporalGateway
    secret_key: str
    mailer: Mailer
    rate_limiter: RateLimiter
    attachments: AttachmentStore
    channels: ChannelDirectory

    async def close(self) -> None:
        await self.mailer.close()
        await self.rate_limiter.close()
        await self.event_bus.close()
        await self.engine.dispose()


def load_secret_key(settings: Settings) -> str:
    """The configured key, or one generated once and kept in the data folder."""
    if settings.secret_key is not None:
        return settings.secret_key.get_secret_value()
    path = settings.data_dir / "secret.key"
    if not path.exists():
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def create_mailer(settings: Settings) -> Mailer:
    if settings.sendgrid_api_key is None:
        return OutboxMailer(settings.data_dir / "outbox", settings.mail_from)
    return SendGridMailer(
        settings.sendgrid_api_key.get_secret_value(),
        settings.mail_from,
        settings.sendgrid_base_url,
        httpx.AsyncClient(timeout=10),
    )


def create_services(
    settings: Settings,
    *,
    event_bus: EventBus | None = None,
    temporal_client: Client | None = None,
    mailer: Mailer | None = None,
    rate_limiter: RateLimiter | None = None,
) -> Services:
    engine = create_engine(settings.resolved_database_url)
    sessions = create_session_factory(engine)
    secrets_at_rest.configure(load_secret_box(settings))
    return Services(
        settings=settings,
        engine=engine,
        sessions=sessions,
        store=ConversationStore(sessions),
        event_bus=event_bus or create_event_bus(settings.redis_url),
        temporal=TemporalGateway(
            settings,
            client=temporal_client,
            payload_codec=EncryptingCodec(DatabaseKeyRing(sessions)),
        ),
        secret_key=load_secret_key(settings),
        mailer=mailer or create_mailer(settings),
        # Redis when configured, so every API process counts the same attempts.
        rate_limiter=rate_limiter or create_rate_limiter(settings.redis_url),
        attachments=AttachmentStore(sessions, LocalFileStorage(settings.uploads_dir)),
        channels=ChannelDirectory(sessions),
    )
