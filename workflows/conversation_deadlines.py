"""When a conversation's workflow must wake up, decided from its state alone: the end of
WhatsApp's 24-hour window, a bot waiting out a delay or a question's timeout, a snooze's end,
and the idle timeout. Pure and deterministic; the workflow owns the timers and the patches."""

from datetime import datetime

from domain.conversations import ConversationState, window_expires_at
from domain.enums import ChannelKind
from workflows.conversation_policies import IDLE_TIMEOUT


def window_closes_at(kind: ChannelKind, state: ConversationState) -> datetime | None:
    return window_expires_at(kind, state.last_inbound_at)


def flow_waits(state: ConversationState) -> bool:
    """A bot run waits for a time (a delay, or a question's timeout)."""
    run = state.flow_run
    return run is not None and run.resume_at is not None


def next_deadline(
    kind: ChannelKind,
    state: ConversationState,
    idle_since: datetime,
    *,
    flow_wait_keeps_alive: bool,
) -> datetime:
    """The earliest moment something is due. A snooze keeps the conversation however far away
    it ends; so does a bot's wait when `flow_wait_keeps_alive` (runs from before that rule end
    at the idle timeout)."""
    deadlines = []
    closes_at = window_closes_at(kind, state)
    if closes_at is not None and not state.window_closed_announced:
        deadlines.append(closes_at)
    run = state.flow_run
    if run is not None and run.resume_at is not None:
        deadlines.append(run.resume_at)
    if state.snoozed_until is not None:
        deadlines.append(state.snoozed_until)
    elif not (flow_waits(state) and flow_wait_keeps_alive):
        deadlines.append(idle_since + IDLE_TIMEOUT)
    return min(deadlines)


def flow_due(state: ConversationState, now: datetime) -> bool:
    run = state.flow_run
    return run is not None and run.resume_at is not None and run.resume_at <= now


def window_close_due(kind: ChannelKind, state: ConversationState, now: datetime) -> bool:
    closes_at = window_closes_at(kind, state)
    return closes_at is not None and not state.window_closed_announced and closes_at <= now


def snooze_due(state: ConversationState, now: datetime) -> bool:
    return state.snoozed_until is not None and state.snoozed_until <= now
