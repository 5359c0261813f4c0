import createClient, { type Middleware } from 'openapi-fetch'
import type { paths } from './schema'

type Listener = () => void
const unauthorizedListeners = new Set<Listener>()

/** Called on any 401 except the login attempt itself, whose 401 means "wrong password". */
export function onUnauthorized(listener: Listener): () => void {
  unauthorizedListeners.add(listener)
  return () => unauthorizedListeners.delete(listener)
}

const redirectOn401: Middleware = {
  onResponse({ request, response }) {
    if (response.status === 401 && !new URL(request.url, window.location.href).pathname.endsWith('/api/auth/login')) {
      unauthorizedListeners.forEach((listener) => listener())
    }
    return undefined
  },
}

export const api = createClient<paths>({ baseUrl: '', credentials: 'include' })
api.use(redirectOn401)

/** The `detail` of a FastAPI error body, when it is a plain message. */
export function errorDetail(error: unknown): string | null {
  if (typeof error === 'object' && error !== null && 'detail' in error && typeof error.detail === 'string') {
    return error.detail
  }
  return null
}
