import { describe, expect, it } from 'vitest'
import { relativeTime } from './relativeTime'

const now = Date.parse('2025-03-10T12:00:00Z')

describe('relativeTime', () => {
  it('says "now" under a minute, including clock skew into the future', () => {
    expect(relativeTime('2025-03-10T11:59:30Z', now, 'en', 'now')).toBe('now')
    expect(relativeTime('2025-03-10T12:00:05Z', now, 'en', 'now')).toBe('now')
  })

  it('uses minutes, hours and days', () => {
    expect(relativeTime('2025-03-10T11:55:00Z', now, 'en', 'now')).toMatch(/5/)
    expect(relativeTime('2025-03-10T09:00:00Z', now, 'en', 'now')).toMatch(/3/)
    expect(relativeTime('2025-03-08T12:00:00Z', now, 'en', 'now')).toMatch(/2/)
  })

  it('falls back to a date after a week and to empty text for bad input', () => {
    expect(relativeTime('2025-02-01T12:00:00Z', now, 'en', 'now')).toMatch(/Feb/)
    expect(relativeTime('not a date', now, 'en', 'now')).toBe('')
  })
})
