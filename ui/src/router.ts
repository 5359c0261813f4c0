import { useSyncExternalStore } from 'react'

export type Route =
  | { name: 'login' }
  | { name: 'inbox'; conversationId: string | null }
  | { name: 'channels' }
  | { name: 'unknown' }

const navigationEvent = 'fluxo:navigate'

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (path === window.location.pathname) return
  if (options.replace) window.history.replaceState(null, '', path)
  else window.history.pushState(null, '', path)
  window.dispatchEvent(new Event(navigationEvent))
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange)
  window.addEventListener(navigationEvent, onChange)
  return () => {
    window.removeEventListener('popstate', onChange)
    window.removeEventListener(navigationEvent, onChange)
  }
}

export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname)
}

export function parseRoute(pathname: string): Route {
  const parts = pathname.split('/').filter(Boolean)
  const [first, second, ...rest] = parts
  if (first === 'login' && second === undefined) return { name: 'login' }
  if (first === 'channels' && second === undefined) return { name: 'channels' }
  if (first === 'inbox' && rest.length === 0) {
    return { name: 'inbox', conversationId: second === undefined ? null : decodeURIComponent(second) }
  }
  return { name: 'unknown' }
}

export function conversationPath(conversationId: string): string {
  return `/inbox/${encodeURIComponent(conversationId)}`
}
