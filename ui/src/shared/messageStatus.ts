import type { MessageStatus } from '../client/types'

// A message only moves forward through these; "failed" and "skipped" are final. Events can
// arrive late or twice, so an older status must never overwrite a newer one. "unconfirmed" (a
// send we never heard back from) gives way to whatever the provider reports later.
const statusRank: Record<MessageStatus, number> = {
  received: 0,
  queued: 0,
  unconfirmed: 1,
  sent: 2,
  delivered: 3,
  read: 4,
  failed: 5,
  skipped: 6,
}

export function newerStatus(current: MessageStatus, incoming: MessageStatus): MessageStatus {
  return statusRank[incoming] > statusRank[current] ? incoming : current
}
