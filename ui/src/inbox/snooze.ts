export type SnoozePreset = 'hour' | 'tomorrow' | 'nextWeek'

export const snoozePresets: readonly SnoozePreset[] = ['hour', 'tomorrow', 'nextWeek']

const hourMs = 60 * 60 * 1000

function atNine(day: Date): Date {
  return new Date(day.getFullYear(), day.getMonth(), day.getDate(), 9, 0, 0, 0)
}

/** When a preset wakes the conversation, in the agent's own time zone: in an hour, tomorrow at
 * 9:00, or next Monday at 9:00 (a week on when today is Monday). */
export function snoozeUntil(preset: SnoozePreset, now: Date): Date {
  switch (preset) {
    case 'hour':
      return new Date(now.getTime() + hourMs)
    case 'tomorrow':
      return atNine(new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1))
    case 'nextWeek': {
      const daysToMonday = ((8 - now.getDay()) % 7) || 7
      return atNine(new Date(now.getFullYear(), now.getMonth(), now.getDate() + daysToMonday))
    }
  }
}

const pad = (value: number) => String(value).padStart(2, '0')

/** A Date as the value of an `<input type="datetime-local">` (local time, minutes). */
export function toLocalInput(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`
}

export type CustomSnooze = { ok: true; until: Date } | { ok: false; reason: 'empty' | 'invalid' | 'past' }

/** Reads a custom time typed by the agent; it must be in the future. */
export function parseCustomSnooze(value: string, now: Date): CustomSnooze {
  if (value.trim() === '') return { ok: false, reason: 'empty' }
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value.trim())
  if (!match) return { ok: false, reason: 'invalid' }
  const [year, month, day, hours, minutes] = match.slice(1).map(Number) as [number, number, number, number, number]
  const until = new Date(year, month - 1, day, hours, minutes)
  if (until.getMonth() !== month - 1 || until.getDate() !== day) return { ok: false, reason: 'invalid' }
  if (until.getTime() <= now.getTime()) return { ok: false, reason: 'past' }
  return { ok: true, until }
}
