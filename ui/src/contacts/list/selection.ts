import type { Problems } from '../problems'
import { parseProblems } from '../problems'
import { conditionsOf } from '../filter/state'
import type { SegmentFilter } from '../types'

/** Which contacts the page shows: the filter builder's filter and the search text, ANDed. */
export interface Selection {
  filter: SegmentFilter
  q: string
}

/** The body fields for search, count and export; an empty filter or search is left out. */
export function selectionBody(selection: Selection): { filter: SegmentFilter | null; q: string | null } {
  const q = selection.q.trim()
  return { filter: conditionsOf(selection.filter).length > 0 ? selection.filter : null, q: q === '' ? null : q }
}

/** A stable key of a selection, to know when a list or count answer is for the current one. */
export function selectionKey(selection: Selection): string {
  return JSON.stringify(selectionBody(selection))
}

export function filterProblems(status: number, body: unknown): Problems {
  return status === 422 ? parseProblems(body) : new Map()
}

/** JSON with object keys sorted: the server may give a condition's keys in another order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  )
}

/** Whether the builder's filter differs from a saved segment's (the export then uses the filter). */
export function differsFrom(filter: SegmentFilter, saved: SegmentFilter): boolean {
  const normal = (group: SegmentFilter) => canonicalJson({ match: group.match, conditions: conditionsOf(group) })
  return normal(filter) !== normal(saved)
}

/** The file name a download gets: the server's Content-Disposition name, else the fallback. */
export function downloadName(disposition: string | null, fallback: string): string {
  const match = disposition?.match(/filename\*?=(?:UTF-8'')?"?([^";]+)"?/i)
  if (!match?.[1]) return fallback
  try {
    return decodeURIComponent(match[1])
  } catch {
    return match[1]
  }
}
