import { afterEach, describe, expect, it, vi } from 'vitest'
import { retryAfterMs, WidgetApi } from './api'
import { parseOutbox } from './storage'

function reply(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } })
}

/** The server's answers in order; each call to fetch takes the next one. */
function serve(...responses: Response[]): string[] {
  const calls: string[] = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) => {
      calls.push(url)
      const next = responses.shift()
      if (!next) throw new Error('no more answers')
      return next
    }),
  )
  return calls
}

function api(slept: number[]): WidgetApi {
  return new WidgetApi(
    'https://fluxo.example',
    'pk',
    async (ms) => {
      slept.push(ms)
    },
    () => 0,
  )
}

const accepted = () => reply(202, { client_message_id: 'm-1' })
const throttled = (seconds: string) => reply(429, { detail: 'Too many attempts' }, { 'Retry-After': seconds })
const message = { client_message_id: 'm-1', text: 'Oi' }

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('retryAfterMs', () => {
  it('reads seconds, an HTTP date, or falls back to a default', () => {
    expect(retryAfterMs('12')).toBe(12_000)
    const now = Date.parse('2026-12-01T10:00:00Z')
    expect(retryAfterMs('Tue, 01 Dec 2026 10:00:30 GMT', now)).toBe(30_000)
    expect(retryAfterMs(null)).toBe(5_000)
    expect(retryAfterMs('soon')).toBe(5_000)
  })
})

describe('WidgetApi under rate limits', () => {
  it('waits out each 429 as Retry-After says, then sends: the message is delayed, never failed', async () => {
    const slept: number[] = []
    const waits: number[] = []
    // More 429s than attempts allowed: a rate limit is not a failure.
    serve(throttled('3'), throttled('1'), throttled('1'), accepted())
    const outcome = await api(slept).send('token', message, { attempts: 2, onThrottled: (ms) => waits.push(ms) })
    expect(outcome).toBe('accepted')
    expect(slept).toEqual([3_000, 1_000, 1_000])
    expect(waits).toEqual([3_000, 1_000, 1_000])
  })

  it('gives up on an unreachable server after the attempts, and at once on a refusal', async () => {
    serve(reply(503, {}), reply(503, {}))
    expect(await api([]).send('token', message, { attempts: 2 })).toBe('unreachable')
    serve(reply(403, { detail: 'This website may not use this chat' }))
    expect(await api([]).send('token', message)).toBe('rejected')
  })

  it('starts a session once the new-visitor limit allows it', async () => {
    const slept: number[] = []
    const calls = serve(throttled('60'), reply(200, { visitor_token: 'v-1', channel_name: 'Loja' }))
    const session = await api(slept).startSession(null)
    expect(session.visitor_token).toBe('v-1')
    expect(slept).toEqual([60_000])
    expect(calls).toEqual(['https://fluxo.example/api/widget/pk/sessions', 'https://fluxo.example/api/widget/pk/sessions'])
  })
})

describe('parseOutbox', () => {
  it('keeps well-formed entries and drops anything else', () => {
    const good = { clientMessageId: 'a', text: 'Oi', createdAt: '2026-12-01T10:00:00Z' }
    expect(parseOutbox(JSON.stringify([good, { clientMessageId: 1 }, null, { ...good, createdAt: 'x' }]))).toEqual([good])
    expect(parseOutbox('not json')).toEqual([])
    expect(parseOutbox('{"a":1}')).toEqual([])
    expect(parseOutbox(null)).toEqual([])
  })
})
