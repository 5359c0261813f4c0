import type { CannedResponse } from './api'

export interface ShortcutQuery {
  /** What follows the slash, lower-cased. */
  query: string
  /** Where the `/shortcut` token starts and ends in the text. */
  start: number
  end: number
}

/**
 * The `/shortcut` being typed at the caret, if any: a slash at the start of the text or after
 * whitespace, followed by shortcut characters up to the caret. "and/or" and URLs do not count.
 */
export function shortcutAt(text: string, caret: number): ShortcutQuery | null {
  const before = text.slice(0, caret)
  const match = /(^|\s)\/([a-z0-9_-]*)$/i.exec(before)
  if (!match) return null
  const query = match[2] ?? ''
  const start = caret - query.length - 1
  // The token runs on past the caret while the characters are shortcut characters.
  const rest = /^[a-z0-9_-]*/i.exec(text.slice(caret))?.[0] ?? ''
  return { query: query.toLowerCase(), start, end: caret + rest.length }
}

function rank(response: CannedResponse, query: string): number | null {
  const shortcut = response.shortcut.toLowerCase()
  if (query === '' || shortcut.startsWith(query)) return 0
  if (shortcut.includes(query)) return 1
  if (response.title.toLowerCase().includes(query)) return 2
  if (response.body.toLowerCase().includes(query)) return 3
  return null
}

/** Responses for a typed query: shortcut prefix first, then shortcut, title and body matches. */
export function searchCanned(responses: readonly CannedResponse[], query: string, limit = 8): CannedResponse[] {
  const needle = query.trim().toLowerCase()
  return responses
    .map((response) => ({ response, rank: rank(response, needle) }))
    .filter((entry): entry is { response: CannedResponse; rank: number } => entry.rank !== null)
    .sort((a, b) => a.rank - b.rank || a.response.shortcut.localeCompare(b.response.shortcut))
    .slice(0, limit)
    .map((entry) => entry.response)
}

export interface Edit {
  text: string
  caret: number
}

/** Replaces the characters between `start` and `end` with `insert`; the caret lands after it. */
export function replaceRange(text: string, start: number, end: number, insert: string): Edit {
  return { text: text.slice(0, start) + insert + text.slice(end), caret: start + insert.length }
}

/** Moves a highlighted row up or down a list of `count`, wrapping around. */
export function moveHighlight(current: number, delta: number, count: number): number {
  if (count === 0) return 0
  return (((current + delta) % count) + count) % count
}
