const minute = 60_000
const hour = 60 * minute
const day = 24 * hour

/**
 * Short "time ago" text for a list: "now" under a minute, then minutes, hours and days,
 * and a plain date after a week.
 */
export function relativeTime(iso: string, now: number, locale: string, nowLabel: string): string {
  const then = Date.parse(iso)
  if (Number.isNaN(then)) return ''
  const elapsed = Math.max(0, now - then)
  if (elapsed < minute) return nowLabel
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'always', style: 'narrow' })
  if (elapsed < hour) return format.format(-Math.floor(elapsed / minute), 'minute')
  if (elapsed < day) return format.format(-Math.floor(elapsed / hour), 'hour')
  if (elapsed < 7 * day) return format.format(-Math.floor(elapsed / day), 'day')
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short' }).format(then)
}
