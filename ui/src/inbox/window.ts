import type { Conversation } from './api'

export type ReplyWindow =
  | { kind: 'always' }
  | { kind: 'open'; closesAt: string; remainingMs: number }
  | { kind: 'closed'; closedAt: string | null }

/**
 * Whether free-form replies may be sent now. Only WhatsApp has a window: 24 hours after the
 * contact last wrote; after it (or before the contact ever wrote) only approved templates go out.
 */
export function replyWindow(conversation: Pick<Conversation, 'channel_kind' | 'window_expires_at'>, now: number): ReplyWindow {
  if (conversation.channel_kind !== 'whatsapp') return { kind: 'always' }
  const expires = conversation.window_expires_at ?? null
  const closesAt = expires === null ? Number.NaN : Date.parse(expires)
  if (expires === null || Number.isNaN(closesAt)) return { kind: 'closed', closedAt: null }
  if (closesAt <= now) return { kind: 'closed', closedAt: expires }
  return { kind: 'open', closesAt: expires, remainingMs: closesAt - now }
}

/** How long until the window closes, for re-rendering exactly when it does. */
export function msUntilChange(window: ReplyWindow): number | null {
  return window.kind === 'open' ? window.remainingMs : null
}
