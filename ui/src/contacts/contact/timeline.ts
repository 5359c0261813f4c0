import type { TimelineEntry } from '../types'

/** Shown entries and a new page together: each entry once (the newest copy), newest first. */
export function mergeTimeline(shown: readonly TimelineEntry[], page: readonly TimelineEntry[]): TimelineEntry[] {
  const byId = new Map<string, TimelineEntry>()
  for (const entry of [...shown, ...page]) byId.set(entry.id, entry)
  return [...byId.values()].sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
}
