import { describe, expect, it } from 'vitest'
import { parseCustomSnooze, snoozeUntil, toLocalInput } from './snooze'

// Local-time constructors keep these tests right in any time zone.
const wednesday = new Date(2025, 2, 12, 14, 30)
const monday = new Date(2025, 2, 10, 8, 0)
const sunday = new Date(2025, 2, 16, 22, 0)

describe('snoozeUntil', () => {
  it('wakes in an hour', () => {
    expect(snoozeUntil('hour', wednesday).getTime() - wednesday.getTime()).toBe(3_600_000)
  })

  it('wakes tomorrow at 9:00, across a month end', () => {
    expect(snoozeUntil('tomorrow', wednesday)).toEqual(new Date(2025, 2, 13, 9, 0))
    expect(snoozeUntil('tomorrow', new Date(2025, 2, 31, 23, 0))).toEqual(new Date(2025, 3, 1, 9, 0))
  })

  it('wakes next Monday at 9:00, a full week on from a Monday', () => {
    expect(snoozeUntil('nextWeek', wednesday)).toEqual(new Date(2025, 2, 17, 9, 0))
    expect(snoozeUntil('nextWeek', monday)).toEqual(new Date(2025, 2, 17, 9, 0))
    expect(snoozeUntil('nextWeek', sunday)).toEqual(new Date(2025, 2, 17, 9, 0))
  })
})

describe('custom snooze', () => {
  it('round-trips a local date and time', () => {
    expect(toLocalInput(new Date(2025, 0, 5, 7, 3))).toBe('2025-01-05T07:03')
    expect(parseCustomSnooze('2025-03-20T10:15', wednesday)).toEqual({ ok: true, until: new Date(2025, 2, 20, 10, 15) })
  })

  it('refuses empty, impossible and past times', () => {
    expect(parseCustomSnooze('', wednesday)).toEqual({ ok: false, reason: 'empty' })
    expect(parseCustomSnooze('2025-02-30T10:00', wednesday)).toEqual({ ok: false, reason: 'invalid' })
    expect(parseCustomSnooze('tomorrow', wednesday)).toEqual({ ok: false, reason: 'invalid' })
    expect(parseCustomSnooze('2025-03-12T14:30', wednesday)).toEqual({ ok: false, reason: 'past' })
  })
})
