// Undo/redo over snapshots of the document. Edits that share a key (typing into one field)
// merge into one step, so one Ctrl+Z takes back the whole word, not one letter.

export interface History<T> {
  past: T[]
  present: T
  future: T[]
  /** The key of the edit that made `present`; null when it may not merge with the next one. */
  lastKey: string | null
}

export const historyLimit = 100

export function startHistory<T>(present: T): History<T> {
  return { past: [], present, future: [], lastKey: null }
}

/** Makes `next` the present. An edit with the same key as the previous one replaces it. */
export function record<T>(history: History<T>, next: T, key: string | null = null, limit = historyLimit): History<T> {
  if (key !== null && key === history.lastKey) return { ...history, present: next, future: [] }
  const past = [...history.past, history.present].slice(-limit)
  return { past, present: next, future: [], lastKey: key }
}

export function undo<T>(history: History<T>): History<T> {
  const previous = history.past.at(-1)
  if (previous === undefined) return history
  return { past: history.past.slice(0, -1), present: previous, future: [history.present, ...history.future], lastKey: null }
}

export function redo<T>(history: History<T>): History<T> {
  const [next, ...rest] = history.future
  if (next === undefined) return history
  return { past: [...history.past, history.present], present: next, future: rest, lastKey: null }
}

export const canUndo = <T>(history: History<T>): boolean => history.past.length > 0
export const canRedo = <T>(history: History<T>): boolean => history.future.length > 0
