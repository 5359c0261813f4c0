import type {
  Message,
  WidgetMessageAccepted,
  WidgetMessageRequest,
  WidgetMessages,
  WidgetSession,
  WidgetSessionRequest,
} from '../client/types'
import { backoffDelay, webSocketUrl } from '../shared/reconnectingSocket'

const visitorHeader = 'X-Fluxo-Visitor'

export type SendOutcome = 'accepted' | 'rejected'

/** The anonymous widget endpoints of one channel. Plain fetch keeps the widget bundle small. */
export class WidgetApi {
  private readonly origin: string
  private readonly key: string
  private readonly base: string

  constructor(origin: string, key: string) {
    this.origin = origin
    this.key = key
    this.base = `${origin}/api/widget/${encodeURIComponent(key)}`
  }

  async startSession(visitorToken: string | null): Promise<WidgetSession> {
    const body: WidgetSessionRequest = { visitor_token: visitorToken }
    return this.json<WidgetSession>(await fetch(`${this.base}/sessions`, this.init('POST', null, body)))
  }

  async history(token: string): Promise<Message[]> {
    const page = await this.json<WidgetMessages>(await fetch(`${this.base}/messages`, this.init('GET', token)))
    return page.data
  }

  /**
   * Retries network errors and server errors with backoff. Safe because the server deduplicates
   * on client_message_id, which stays the same across attempts.
   */
  async send(token: string, body: WidgetMessageRequest, attempts = 6): Promise<SendOutcome> {
    for (let attempt = 0; attempt < attempts; attempt += 1) {
      try {
        const response = await fetch(`${this.base}/messages`, this.init('POST', token, body))
        if (response.ok) {
          await this.json<WidgetMessageAccepted>(response)
          return 'accepted'
        }
        if (response.status < 500 && response.status !== 429) return 'rejected'
      } catch {
        // Network failure: retry below.
      }
      if (attempt < attempts - 1) await sleep(backoffDelay(attempt, 1000, 15_000))
    }
    return 'rejected'
  }

  socketUrl(token: string): string {
    return webSocketUrl(this.origin, `/api/widget/${encodeURIComponent(this.key)}/ws?token=${encodeURIComponent(token)}`)
  }

  private init(method: 'GET' | 'POST', token: string | null, body?: unknown): RequestInit {
    const headers: Record<string, string> = {}
    if (token !== null) headers[visitorHeader] = token
    if (body !== undefined) headers['Content-Type'] = 'application/json'
    return { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'omit' }
  }

  private async json<T>(response: Response): Promise<T> {
    if (!response.ok) throw new Error(`Fluxo widget: HTTP ${response.status}`)
    return (await response.json()) as T
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** crypto.randomUUID exists only in secure contexts; host pages may be plain http. */
export function newClientMessageId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
