// localStorage can throw (disabled storage, sandboxed iframes): the widget then works for this page view only.

function storageKey(channelKey: string): string {
  return `fluxo:visitor:${channelKey}`
}

export function loadVisitorToken(channelKey: string): string | null {
  try {
    return localStorage.getItem(storageKey(channelKey))
  } catch {
    return null
  }
}

export function saveVisitorToken(channelKey: string, token: string): void {
  try {
    localStorage.setItem(storageKey(channelKey), token)
  } catch {
    // See above.
  }
}

/** A message the visitor typed that the server has not accepted yet. */
export interface OutboxEntry {
  clientMessageId: string
  text: string
  createdAt: string
}

function outboxKey(channelKey: string): string {
  return `fluxo:outbox:${channelKey}`
}

/** Reads what an earlier page view stored; anything malformed is dropped, never thrown. */
export function parseOutbox(raw: string | null): OutboxEntry[] {
  if (raw === null) return []
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch {
    return []
  }
  if (!Array.isArray(parsed)) return []
  return parsed.filter(
    (entry: unknown): entry is OutboxEntry =>
      typeof entry === 'object' &&
      entry !== null &&
      'clientMessageId' in entry &&
      typeof entry.clientMessageId === 'string' &&
      'text' in entry &&
      typeof entry.text === 'string' &&
      'createdAt' in entry &&
      typeof entry.createdAt === 'string' &&
      !Number.isNaN(Date.parse(entry.createdAt)),
  )
}

/**
 * Messages waiting to be accepted survive a page change: one held back by a rate limit or a lost
 * connection is sent when the visitor opens the next page, under the same client id, so the
 * server stores it once even if the earlier attempt got through after all.
 */
export function loadOutbox(channelKey: string): OutboxEntry[] {
  try {
    return parseOutbox(localStorage.getItem(outboxKey(channelKey)))
  } catch {
    return []
  }
}

export function saveOutbox(channelKey: string, entries: readonly OutboxEntry[]): void {
  try {
    if (entries.length === 0) localStorage.removeItem(outboxKey(channelKey))
    else localStorage.setItem(outboxKey(channelKey), JSON.stringify(entries))
  } catch {
    // See above.
  }
}
