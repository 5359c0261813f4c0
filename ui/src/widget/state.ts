import type { Message, MessageStatus } from '../client/types'
import { newerStatus } from '../shared/messageStatus'

/** Local states of the visitor's own message before the server has echoed it. */
export type LocalStatus = 'pending' | 'accepted' | 'failed'

export interface WidgetMessage {
  /** Stable identity for rendering: the client id for own messages, else the server id. */
  key: string
  id: string | null
  clientMessageId: string | null
  direction: Message['direction']
  text: string
  status: MessageStatus | LocalStatus
  createdAt: string
}

function byTime(a: WidgetMessage, b: WidgetMessage): number {
  const diff = Date.parse(a.createdAt) - Date.parse(b.createdAt)
  if (diff !== 0) return diff
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0
}

export function addPending(list: readonly WidgetMessage[], clientMessageId: string, text: string, now: Date): WidgetMessage[] {
  const pending: WidgetMessage = {
    key: clientMessageId,
    id: null,
    clientMessageId,
    direction: 'inbound',
    text,
    status: 'pending',
    createdAt: now.toISOString(),
  }
  return [...list, pending].sort(byTime)
}

/** Updates an own message that the server has not confirmed yet; confirmed messages keep the server's status. */
export function setLocalStatus(list: readonly WidgetMessage[], clientMessageId: string, status: LocalStatus): WidgetMessage[] {
  return list.map((message) =>
    message.clientMessageId === clientMessageId && message.id === null ? { ...message, status } : message,
  )
}

/** Adds a message from history or the socket, matching it to what we have by id, then by client id. */
export function mergeServerMessage(list: readonly WidgetMessage[], incoming: Message): WidgetMessage[] {
  const index = list.findIndex(
    (message) =>
      message.id === incoming.id || (message.clientMessageId !== null && message.clientMessageId === incoming.client_message_id),
  )
  const existing = index === -1 ? undefined : list[index]
  const status =
    existing && existing.id !== null && isServerStatus(existing.status)
      ? newerStatus(existing.status, incoming.status)
      : incoming.status
  const merged: WidgetMessage = {
    key: existing?.key ?? incoming.client_message_id ?? incoming.id,
    id: incoming.id,
    clientMessageId: incoming.client_message_id,
    direction: incoming.direction,
    text: incoming.text,
    status,
    createdAt: incoming.created_at,
  }
  const others = index === -1 ? [...list] : list.filter((_, position) => position !== index)
  return [...others, merged].sort(byTime)
}

function isServerStatus(status: WidgetMessage['status']): status is MessageStatus {
  return status !== 'pending' && status !== 'accepted'
}
