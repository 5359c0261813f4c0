import createClient, { type Middleware } from 'openapi-fetch'
import type { paths } from './schema'

type Listener = () => void
const unauthorizedListeners = new Set<Listener>()

/**
 * Called on a 401 that means "your session is gone". Requests that check a password of their
 * own (log-in, accepting an invitation as an existing account) answer 401 for a wrong password.
 */
export function onUnauthorized(listener: Listener): () => void {
  unauthorizedListeners.add(listener)
  return () => unauthorizedListeners.delete(listener)
}

const ownPasswordChecks = [/\/api\/auth\/login$/, /\/api\/invitations\/[^/]+\/accept$/, /\/api\/auth\/password-reset/]

const redirectOn401: Middleware = {
  onResponse({ request, response }) {
    const path = new URL(request.url, window.location.href).pathname
    if (response.status === 401 && !ownPasswordChecks.some((pattern) => pattern.test(path))) {
      unauthorizedListeners.forEach((listener) => listener())
    }
    return undefined
  },
}

const csrfCookie = 'fluxo_csrf'
const csrfHeader = 'X-Fluxo-CSRF'
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS'])

/** The value of a cookie this page can read, if any. */
export function readCookie(cookies: string, name: string): string | null {
  for (const pair of cookies.split(';')) {
    const [key, ...rest] = pair.trim().split('=')
    if (key === name) return decodeURIComponent(rest.join('='))
  }
  return null
}

/** Changes echo the CSRF cookie in a header: another site can send our cookies, not read them. */
const echoCsrf: Middleware = {
  onRequest({ request }) {
    if (safeMethods.has(request.method)) return undefined
    const token = readCookie(document.cookie, csrfCookie)
    if (token !== null) request.headers.set(csrfHeader, token)
    return request
  },
}

export const api = createClient<paths>({ baseUrl: '', credentials: 'include' })
api.use(echoCsrf)
api.use(redirectOn401)

/** The `detail` of a FastAPI error body, when it is a plain message. */
export function errorDetail(error: unknown): string | null {
  if (typeof error === 'object' && error !== null && 'detail' in error && typeof error.detail === 'string') {
    return error.detail
  }
  return null
}
