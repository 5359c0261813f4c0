import { useMemo, useState, type KeyboardEvent } from 'react'
import type { CannedResponse } from '../api'
import { moveHighlight, searchCanned, shortcutAt, type ShortcutQuery } from '../canned'

export interface CannedShortcut {
  /** The `/shortcut` under the caret while the picker is showing, else null. */
  token: ShortcutQuery | null
  matches: CannedResponse[]
  highlighted: number
  setHighlighted: (index: number) => void
  /** Handles the picker's keys; true when the key was used (the textarea must not act on it). */
  onKeyDown: (event: KeyboardEvent<HTMLTextAreaElement>, pick: (response: CannedResponse, token: ShortcutQuery) => void) => boolean
}

export function useCannedShortcut(text: string, caret: number, canned: readonly CannedResponse[]): CannedShortcut {
  const [highlighted, setHighlighted] = useState(0)
  // Escape hides the picker for this token only; typing a new `/` shows it again.
  const [dismissedAt, setDismissedAt] = useState<number | null>(null)
  const found = shortcutAt(text, caret)
  const token = found !== null && found.start !== dismissedAt ? found : null
  const query = token?.query ?? null
  const matches = useMemo(() => (query === null ? [] : searchCanned(canned, query)), [canned, query])
  const active = Math.min(highlighted, Math.max(matches.length - 1, 0))

  const onKeyDown: CannedShortcut['onKeyDown'] = (event, pick) => {
    if (token === null) return false
    if (event.key === 'Escape') {
      setDismissedAt(token.start)
      return true
    }
    if (matches.length === 0) return false
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      setHighlighted(moveHighlight(active, event.key === 'ArrowDown' ? 1 : -1, matches.length))
      return true
    }
    const chosen = matches[active]
    if ((event.key === 'Enter' || event.key === 'Tab') && !event.shiftKey && chosen) {
      pick(chosen, token)
      setHighlighted(0)
      return true
    }
    return false
  }

  return { token, matches, highlighted: active, setHighlighted, onKeyDown }
}
