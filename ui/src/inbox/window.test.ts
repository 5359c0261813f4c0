import { describe, expect, it } from 'vitest'
import { msUntilChange, replyWindow } from './window'

const now = Date.parse('2025-03-10T12:00:00Z')

describe('replyWindow', () => {
  it('is always open outside WhatsApp', () => {
    expect(replyWindow({ channel_kind: 'email', window_expires_at: null }, now)).toEqual({ kind: 'always' })
    expect(replyWindow({ channel_kind: 'webchat', window_expires_at: '2020-01-01T00:00:00Z' }, now)).toEqual({ kind: 'always' })
  })

  it('is open until the expiry and closed from then on', () => {
    const open = replyWindow({ channel_kind: 'whatsapp', window_expires_at: '2025-03-10T13:00:00Z' }, now)
    expect(open).toEqual({ kind: 'open', closesAt: '2025-03-10T13:00:00Z', remainingMs: 3_600_000 })
    expect(msUntilChange(open)).toBe(3_600_000)
    expect(replyWindow({ channel_kind: 'whatsapp', window_expires_at: '2025-03-10T12:00:00Z' }, now)).toEqual({
      kind: 'closed',
      closedAt: '2025-03-10T12:00:00Z',
    })
  })

  it('is closed when the contact never wrote (or the time is unreadable)', () => {
    const closed = replyWindow({ channel_kind: 'whatsapp', window_expires_at: null }, now)
    expect(closed).toEqual({ kind: 'closed', closedAt: null })
    expect(msUntilChange(closed)).toBeNull()
    expect(replyWindow({ channel_kind: 'whatsapp', window_expires_at: 'soon' }, now)).toEqual({ kind: 'closed', closedAt: null })
  })
})
