import { useSyncExternalStore } from 'react'

export type Route =
  | { name: 'login' }
  | { name: 'signup' }
  | { name: 'forgotPassword' }
  | { name: 'resetPassword'; token: string }
  | { name: 'invite'; token: string }
  | { name: 'inbox'; conversationId: string | null }
  | { name: 'channels' }
  | { name: 'team' }
  | { name: 'apiKeys' }
  | { name: 'audit' }
  | { name: 'profile' }
  | { name: 'contacts' }
  | { name: 'contact'; contactId: string }
  | { name: 'contactImport' }
  | { name: 'customFields' }
  | { name: 'suppressions' }
  | { name: 'cannedResponses' }
  | { name: 'aiSettings' }
  | { name: 'flows' }
  | { name: 'flow'; flowId: string }
  | { name: 'unknown' }

export type RouteName = Route['name']

/** Pages for visitors without a session: a signed-in user is sent on to the app. */
const guestRoutes: ReadonlySet<RouteName> = new Set(['login', 'signup', 'forgotPassword'])
/** Pages opened from an e-mailed link: they work with or without a session. */
const linkRoutes: ReadonlySet<RouteName> = new Set(['resetPassword', 'invite'])

export function isGuestRoute(route: Route): boolean {
  return guestRoutes.has(route.name)
}

export function isLinkRoute(route: Route): boolean {
  return linkRoutes.has(route.name)
}

/** Routes a signed-out visitor may stay on; every other one sends them to /login. */
export function isPublicRoute(route: Route): boolean {
  return isGuestRoute(route) || isLinkRoute(route)
}

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

const singleSegment: Record<string, Route> = {
  login: { name: 'login' },
  signup: { name: 'signup' },
  'forgot-password': { name: 'forgotPassword' },
  channels: { name: 'channels' },
  contacts: { name: 'contacts' },
  flows: { name: 'flows' },
}

const settingsPages: Record<string, Route> = {
  team: { name: 'team' },
  'api-keys': { name: 'apiKeys' },
  audit: { name: 'audit' },
  profile: { name: 'profile' },
  'custom-fields': { name: 'customFields' },
  suppressions: { name: 'suppressions' },
  'canned-responses': { name: 'cannedResponses' },
  ai: { name: 'aiSettings' },
}

export function parseRoute(pathname: string): Route {
  const parts = pathname.split('/').filter(Boolean)
  const [first, second, ...rest] = parts
  if (first === undefined) return { name: 'unknown' }
  if (second === undefined && Object.hasOwn(singleSegment, first)) return singleSegment[first] ?? { name: 'unknown' }
  if (first === 'inbox' && rest.length === 0) {
    return { name: 'inbox', conversationId: second === undefined ? null : decodeURIComponent(second) }
  }
  if (second !== undefined && rest.length === 0) {
    if (first === 'reset-password') return { name: 'resetPassword', token: decodeURIComponent(second) }
    if (first === 'invite') return { name: 'invite', token: decodeURIComponent(second) }
    if (first === 'settings' && Object.hasOwn(settingsPages, second)) return settingsPages[second] ?? { name: 'unknown' }
    if (first === 'flows') return { name: 'flow', flowId: decodeURIComponent(second) }
    if (first === 'contacts') {
      return second === 'import' ? { name: 'contactImport' } : { name: 'contact', contactId: decodeURIComponent(second) }
    }
  }
  return { name: 'unknown' }
}

export function conversationPath(conversationId: string): string {
  return `/inbox/${encodeURIComponent(conversationId)}`
}

export function contactPath(contactId: string): string {
  return `/contacts/${encodeURIComponent(contactId)}`
}

export function flowPath(flowId: string): string {
  return `/flows/${encodeURIComponent(flowId)}`
}
