"""Throttling of the anonymous routes, on the limiter the process holds in `Services`: the account
routes (log-in, sign-up, password reset) per IP and per account, and the web chat widget per IP
and per visitor.

Per-account limits have an inherent cost: anyone who knows an e-mail address can use up that
account's budget (5 log-in attempts a minute, 3 reset e-mails an hour) and so delay its owner's
log-in or reset e-mail for one window. They are what stops password guessing from many IPs and
mail-bombing through resets, and the damage stays confined to the targeted account: keys are
per e-mail, never shared between accounts. The per-IP limit is checked first and a refused
request counts against nothing else, so one source cannot keep an account locked for longer
than its own per-IP budget allows.
"""

import hashlib
import uuid
from dataclasses import dataclass

from fastapi import HTTPException, status
from starlette.requests import HTTPConnection

from api.audit import client_ip
from domain.settings import Settings
from infra.ratelimit import RateLimiter


@dataclass(frozen=True)
class Limit:
    name: str
    attempts: int
    window_seconds: int


MINUTE = 60
HOUR = 60 * MINUTE

# Every attempt counts, successful or not: the check runs before the password is looked at, so a
# refusal costs no password hashing and says nothing about whether the password was right.
LOGIN_PER_IP = Limit("login:ip", 10, MINUTE)
LOGIN_PER_EMAIL = Limit("login:email", 5, MINUTE)
SIGNUP_PER_IP = Limit("signup:ip", 5, HOUR)
RESET_PER_IP = Limit("password-reset:ip", 5, HOUR)
RESET_PER_EMAIL = Limit("password-reset:email", 3, HOUR)


def _email_key(email: str) -> str:
    # A digest, so the shared store (Redis) holds no e-mail addresses.
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]


def _ip_key(connection: HTTPConnection) -> str:
    return client_ip(connection) or "unknown"


async def enforce(limiter: RateLimiter, limit: Limit, subject: str) -> None:
    """Counts one attempt; over the limit, answers 429 with `Retry-After`."""
    result = await limiter.hit(f"{limit.name}:{subject}", limit.attempts, limit.window_seconds)
    if not result.allowed:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            detail=f"Too many attempts; try again in {result.retry_after} seconds.",
            headers={"Retry-After": str(result.retry_after)},
        )


async def limit_login(limiter: RateLimiter, connection: HTTPConnection, email: str) -> None:
    await enforce(limiter, LOGIN_PER_IP, _ip_key(connection))
    await enforce(limiter, LOGIN_PER_EMAIL, _email_key(email))


async def limit_signup(limiter: RateLimiter, connection: HTTPConnection) -> None:
    await enforce(limiter, SIGNUP_PER_IP, _ip_key(connection))


async def limit_password_reset(
    limiter: RateLimiter, connection: HTTPConnection, email: str
) -> None:
    await enforce(limiter, RESET_PER_IP, _ip_key(connection))
    await enforce(limiter, RESET_PER_EMAIL, _email_key(email))


# The widget's limits bound what an anonymous page can make Fluxo do: each new visitor can become
# a contact, and each message is a Temporal signal (its first one starts a workflow). A refused
# message is not lost: the widget keeps it pending, waits out Retry-After and sends it again, and
# the server stores a client_message_id once.
def widget_new_visitor_per_ip(settings: Settings) -> Limit:
    return Limit("widget-visitor:ip", settings.widget_new_visitors_per_ip_per_hour, HOUR)


def widget_message_per_ip(settings: Settings) -> Limit:
    return Limit("widget-message:ip", settings.widget_messages_per_ip_per_minute, MINUTE)


def widget_message_per_visitor(settings: Settings) -> Limit:
    return Limit("widget-message:visitor", settings.widget_messages_per_visitor_per_minute, MINUTE)


async def limit_new_visitor(
    limiter: RateLimiter, connection: HTTPConnection, settings: Settings
) -> None:
    await enforce(limiter, widget_new_visitor_per_ip(settings), _ip_key(connection))


async def limit_widget_message(
    limiter: RateLimiter,
    connection: HTTPConnection,
    settings: Settings,
    channel_id: uuid.UUID,
    visitor_id: str,
) -> None:
    await enforce(limiter, widget_message_per_ip(settings), _ip_key(connection))
    await enforce(limiter, widget_message_per_visitor(settings), f"{channel_id}:{visitor_id}")
