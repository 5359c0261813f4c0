/** A WebSocket that reconnects with capped exponential backoff until closed. No DOM or React. */

export interface SocketHandlers {
  /** Called on every successful (re)connection: callers re-sync, since events may have been missed. */
  onOpen: () => void
  onMessage: (data: unknown) => void
  onStateChange?: (open: boolean) => void
}

export interface SocketOptions {
  initialDelayMs?: number
  maxDelayMs?: number
}

export interface ReconnectingSocket {
  close: () => void
}

export function backoffDelay(attempt: number, initialDelayMs: number, maxDelayMs: number, random = Math.random): number {
  const ceiling = Math.min(maxDelayMs, initialDelayMs * 2 ** attempt)
  // Jitter so that many clients dropped by one server restart do not reconnect in lockstep.
  return Math.round(ceiling / 2 + (random() * ceiling) / 2)
}

export function connectReconnecting(
  url: () => string,
  handlers: SocketHandlers,
  { initialDelayMs = 500, maxDelayMs = 15_000 }: SocketOptions = {},
): ReconnectingSocket {
  let socket: WebSocket | null = null
  let attempt = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  let closed = false

  const connect = () => {
    if (closed) return
    const current = new WebSocket(url())
    socket = current
    current.onopen = () => {
      attempt = 0
      handlers.onStateChange?.(true)
      handlers.onOpen()
    }
    current.onmessage = (event: MessageEvent) => {
      if (typeof event.data !== 'string') return
      let parsed: unknown
      try {
        parsed = JSON.parse(event.data)
      } catch {
        return
      }
      handlers.onMessage(parsed)
    }
    current.onclose = () => {
      if (socket !== current) return
      socket = null
      handlers.onStateChange?.(false)
      if (closed) return
      timer = setTimeout(connect, backoffDelay(attempt, initialDelayMs, maxDelayMs))
      attempt += 1
    }
  }

  connect()

  return {
    close: () => {
      closed = true
      clearTimeout(timer)
      const current = socket
      socket = null
      current?.close()
    },
  }
}

/** ws(s):// URL for a path on the given http(s) origin. */
export function webSocketUrl(origin: string, pathAndQuery: string): string {
  const url = new URL(pathAndQuery, origin)
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
  return url.toString()
}
