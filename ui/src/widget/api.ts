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
/** When a 429 carries no usable Retry-After. */
const defaultThrottleMs = 5_000

/** `rejected`: the server refused this message for good (4xx); `unreachable`: worth another try later. */
export type SendOutcome = 'accepted' | 'rejected' | 'unreachable'
/** Told how long the widget waits after a 429 before it tries again. */
export type OnThrottled = (waitMs: number) => void

/** How long a 429 asks to wait: Retry-After in seconds or as an HTTP date. */
export function retryAfterMs(header: string | null, now: number = Date.now()): number {
  const value = header?.trim() ?? ''
  if (/^\d+$/.test(value)) return Number(value) * 1000
  const date = Date.parse(value)
  if (!Number.isNaN(date)) return Math.max(0, date - now)
  return defaultThrottleMs
}

/** A little jitter, so visitors throttled together do not all come back in the same instant. */
function throttleDelay(response: Response, random: () => number): number {
  return retryAfterMs(response.headers.get('Retry-After')) + Math.round(random() * 1000)
}

/** The anonymous widget endpoints of one channel. Plain fetch keeps the widget bundle small. */
export class WidgetApi {
  private readonly origin: string
  private readonly key: string
  private readonly base: string

  private readonly sleep: (ms: number) => Promise<void>
  private readonly random: () => number

  constructor(origin: string, key: string, sleep: (ms: number) => Promise<void> = wait, random: () => number = Math.random) {
    this.origin = origin
    this.key = key
    this.base = `${origin}/api/widget/${encodeURIComponent(key)}`
    this.sleep = sleep
    this.random = random
  }

  /** Waits out rate limits (429) for as long as they last; other failures throw. */
  async startSession(visitorToken: string | null, onThrottled?: OnThrottled): Promise<WidgetSession> {
    const body: WidgetSessionRequest = { visitor_token: visitorToken }
    for (;;) {
      const response = await fetch(`${this.base}/sessions`, this.init('POST', null, body))
      if (response.status !== 429) return this.json<WidgetSession>(response)
      const delay = throttleDelay(response, this.random)
      onThrottled?.(delay)
      await this.sleep(delay)
    }
  }

  async history(token: string): Promise<Message[]> {
    const page = await this.json<WidgetMessages>(await fetch(`${this.base}/messages`, this.init('GET', token)))
    return page.data
  }

  /**
   * Retries network errors and server errors with backoff, up to `attempts`; a rate limit (429)
   * is waited out as Retry-After says and never counts as a failure, so a throttled message is
   * only delayed. Safe because the server deduplicates on client_message_id, which stays the
   * same across attempts.
   */
  async send(
    token: string,
    body: WidgetMessageRequest,
    { onThrottled, attempts = 6 }: { onThrottled?: OnThrottled; attempts?: number } = {},
  ): Promise<SendOutcome> {
    let failures = 0
    for (;;) {
      try {
        const response = await fetch(`${this.base}/messages`, this.init('POST', token, body))
        if (response.ok) {
          await this.json<WidgetMessageAccepted>(response)
          return 'accepted'
        }
        if (response.status === 429) {
          const delay = throttleDelay(response, this.random)
          onThrottled?.(delay)
          await this.sleep(delay)
          continue
        }
        if (response.status < 500) return 'rejected'
      } catch {
        // Network failure: retry below.
      }
      failures += 1
      if (failures >= attempts) return 'unreachable'
      await this.sleep(backoffDelay(failures - 1, 1000, 15_000))
    }
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

function wait(ms: number): Promise<void> {
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
