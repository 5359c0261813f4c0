import type { MessageStatus } from '../client/types'

// A message only moves forward through these; "failed" is final. Events can arrive late or twice,
// so an older status must never overwrite a newer one.
const statusRank: Record<MessageStatus, number> = {
  received: 0,
  queued: 0,
  sent: 1,
  delivered: 2,
  read: 3,
  failed: 4,
}

export function newerStatus(current: MessageStatus, incoming: MessageStatus): MessageStatus {
  return statusRank[incoming] > statusRank[current] ? incoming : current
}
