import type { MessageStatus } from './api'

export type TickTone = 'none' | 'pending' | 'sent' | 'delivered' | 'read' | 'failed' | 'skipped' | 'unconfirmed'

export interface StatusTick {
  /** What the agent sees beside the time: one or two ticks, or a warning sign… */
  glyph: string
  /** …or, while the message waits to go out, a clock. */
  clock: boolean
  tone: TickTone
}

const ticks: Record<MessageStatus, StatusTick> = {
  received: { glyph: '', clock: false, tone: 'none' },
  queued: { glyph: '', clock: true, tone: 'pending' },
  sent: { glyph: '✓', clock: false, tone: 'sent' },
  delivered: { glyph: '✓✓', clock: false, tone: 'delivered' },
  read: { glyph: '✓✓', clock: false, tone: 'read' },
  failed: { glyph: '!', clock: false, tone: 'failed' },
  skipped: { glyph: '⊘', clock: false, tone: 'skipped' },
  unconfirmed: { glyph: '?', clock: false, tone: 'unconfirmed' },
}

/** The delivery mark of a message; inbound messages carry none. */
export function statusTick(status: MessageStatus, direction: 'inbound' | 'outbound'): StatusTick {
  return direction === 'inbound' ? ticks.received : ticks[status]
}
