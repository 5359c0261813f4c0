/** A date and time in the user's language, or an empty string for a missing or bad value. */
export function formatDateTime(iso: string | null | undefined, locale: string): string {
  if (!iso) return ''
  const time = Date.parse(iso)
  if (Number.isNaN(time)) return ''
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(time)
}
