import { useEffect } from 'react'
import type { BuilderStore } from '../store'

function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)
}

/**
 * Ctrl+Z / Ctrl+Shift+Z (or Ctrl+Y), Ctrl+C / Ctrl+V and Ctrl+S (Cmd on a Mac). Inside a text
 * field the browser's own undo and copy apply instead.
 */
export function useShortcuts(store: BuilderStore, save: () => void): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return
      const key = event.key.toLowerCase()
      if (key === 's') {
        event.preventDefault()
        save()
        return
      }
      if (typingIn(event.target)) return
      const state = store.getState()
      if (key === 'z' && event.shiftKey) state.redo()
      else if (key === 'z') state.undo()
      else if (key === 'y') state.redo()
      else if (key === 'c') {
        if (!state.copy()) return
      } else if (key === 'v') state.paste()
      else return
      event.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [store, save])
}
