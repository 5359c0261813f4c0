"""Process configuration, read from the environment and an optional `.env` file."""

from functools import cached_property
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    data_dir: Path = Field(
        default=REPO_ROOT / ".fluxo",
        validation_alias="FLUXO_DATA_DIR",
        description="Folder for the SQLite file, the Temporal dev server's file and secrets.",
    )
    host: str = Field(default="127.0.0.1", validation_alias="FLUXO_HOST")
    port: int = Field(default=8000, validation_alias="FLUXO_PORT")
    public_url: str | None = Field(
        default=None,
        validation_alias="FLUXO_PUBLIC_URL",
        description="Base URL browsers use to reach the app; defaults to http://host:port.",
    )
    database_url: str | None = Field(
        default=None,
        validation_alias="DATABASE_URL",
        description="sqlite+aiosqlite:///path or postgresql+asyncpg://user@host/db. "
        "Defaults to a SQLite file in the data folder.",
    )
    redis_url: str | None = Field(
        default=None,
        validation_alias="REDIS_URL",
        description="When set, events fan out through Redis pub/sub across processes.",
    )
    temporal_address: str = Field(default="127.0.0.1:7233", validation_alias="TEMPORAL_ADDRESS")
    temporal_namespace: str = Field(default="default", validation_alias="TEMPORAL_NAMESPACE")
    temporal_api_key: SecretStr | None = Field(default=None, validation_alias="TEMPORAL_API_KEY")
    temporal_tls: bool = Field(default=False, validation_alias="TEMPORAL_TLS")
    temporal_tls_cert: Path | None = Field(default=None, validation_alias="TEMPORAL_TLS_CERT")
    temporal_tls_key: Path | None = Field(default=None, validation_alias="TEMPORAL_TLS_KEY")
    temporal_task_queue: str = Field(default="fluxo", validation_alias="FLUXO_TASK_QUEUE")
    temporal_port: int = Field(default=7233, validation_alias="FLUXO_TEMPORAL_PORT")
    temporal_ui_port: int = Field(default=8233, validation_alias="FLUXO_TEMPORAL_UI_PORT")
    temporal_ui_url: str | None = Field(
        default=None,
        validation_alias="FLUXO_TEMPORAL_UI_URL",
        description="Where the Temporal Web UI is, for links from the app.",
    )
    secret_key: SecretStr | None = Field(
        default=None,
        validation_alias="FLUXO_SECRET_KEY",
        description="Signs widget visitor tokens. Generated into the data folder when unset.",
    )
    encryption_keys: SecretStr | None = Field(
        default=None,
        validation_alias="FLUXO_ENCRYPTION_KEYS",
        description="Comma-separated Fernet keys for secrets at rest; the first encrypts. "
        "Generated into the data folder when unset.",
    )
    session_days: int = Field(default=14, validation_alias="FLUXO_SESSION_DAYS")
    secure_cookies: bool = Field(default=False, validation_alias="FLUXO_SECURE_COOKIES")
    admin_email: str = Field(default="admin@example.com", validation_alias="FLUXO_ADMIN_EMAIL")
    admin_password: SecretStr | None = Field(default=None, validation_alias="FLUXO_ADMIN_PASSWORD")
    sendgrid_api_key: SecretStr | None = Field(
        default=None,
        validation_alias="SENDGRID_API_KEY",
        description="Sends account e-mail through SendGrid; without it e-mail goes to the outbox.",
    )
    sendgrid_base_url: str = Field(
        default="https://api.sendgrid.com", validation_alias="SENDGRID_BASE_URL"
    )
    whatsapp_graph_url: str = Field(
        default="https://graph.facebook.com",
        validation_alias="WHATSAPP_GRAPH_URL",
        description="Meta's Graph API; tests point it at a local fake.",
    )
    twilio_base_url: str = Field(
        default="https://api.twilio.com", validation_alias="TWILIO_BASE_URL"
    )
    flow_http_allowed_hosts: str = Field(
        default="",
        validation_alias="FLUXO_FLOW_HTTP_ALLOWED_HOSTS",
        description="Comma-separated hosts a flow's HTTP step may call although they resolve "
        "to a private network (an intranet API); every other private address is refused.",
    )
    ai_allowed_hosts: str = Field(
        default="",
        validation_alias="FLUXO_AI_ALLOWED_HOSTS",
        description="Comma-separated hosts a workspace's AI base URL may name although they "
        "resolve to a private network (an Ollama or vLLM server beside Fluxo).",
    )
    widget_new_visitors_per_ip_per_hour: int = Field(
        default=60,
        ge=1,
        validation_alias="FLUXO_WIDGET_NEW_VISITORS_PER_IP_PER_HOUR",
        description="New web chat visitors (visitor tokens) one IP address may start in an hour; "
        "returning visitors resume theirs without counting.",
    )
    widget_messages_per_ip_per_minute: int = Field(
        default=60,
        ge=1,
        validation_alias="FLUXO_WIDGET_MESSAGES_PER_IP_PER_MINUTE",
        description="Web chat messages accepted from one IP address in a minute, all visitors "
        "behind it together.",
    )
    widget_messages_per_visitor_per_minute: int = Field(
        default=20,
        ge=1,
        validation_alias="FLUXO_WIDGET_MESSAGES_PER_VISITOR_PER_MINUTE",
        description="Web chat messages accepted from one visitor in a minute.",
    )
    mail_from: str = Field(
        default="Fluxo <no-reply@example.com>", validation_alias="FLUXO_MAIL_FROM"
    )
    ui_dist: Path = Field(default=REPO_ROOT / "ui" / "dist", validation_alias="FLUXO_UI_DIST")

    @cached_property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{self.data_dir / 'fluxo.db'}"

    @property
    def uploads_dir(self) -> Path:
        """Uploaded files (CSV imports): API and workers must see the same folder."""
        return self.data_dir / "uploads"

    @cached_property
    def resolved_public_url(self) -> str:
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")
