"""Timestamps are always timezone-aware UTC, whatever the database gives back."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)
