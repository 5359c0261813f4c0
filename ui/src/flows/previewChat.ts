import type { Message } from '../client/types'
import type { OutboundContent } from './graph'

// The preview chat's messages: what the "contact" typed (shown at once, then confirmed by the
// server) and what the bot sent back, with the buttons and list rows it offered as choices.

export interface ChatMessage {
  key: string
  id: string | null
  clientMessageId: string | null
  conversationId: string | null
  direction: Message['direction']
  text: string
  choices: string[]
  state: 'pending' | 'sent' | 'failed'
  createdAt: string
}

/** The tappable answers a message offers: its reply buttons, or the rows of its list. */
export function choicesOf(content: Message['content'] | OutboundContent | null | undefined): string[] {
  if (!content) return []
  if (content.kind === 'buttons') return content.buttons.map((button) => button.title)
  if (content.kind === 'list') return content.sections.flatMap((section) => section.rows.map((row) => row.title))
  return []
}

const byTime = (a: ChatMessage, b: ChatMessage) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)

export function addTyped(list: readonly ChatMessage[], clientMessageId: string, text: string, now: Date): ChatMessage[] {
  const typed: ChatMessage = {
    key: clientMessageId,
    id: null,
    clientMessageId,
    conversationId: null,
    direction: 'inbound',
    text,
    choices: [],
    state: 'pending',
    createdAt: now.toISOString(),
  }
  return [...list, typed].sort(byTime)
}

export function markFailed(list: readonly ChatMessage[], clientMessageId: string): ChatMessage[] {
  return list.map((message) => (message.clientMessageId === clientMessageId && message.id === null ? { ...message, state: 'failed' } : message))
}

/** Adds a message from the server (history or socket), replacing our own copy of it. */
export function mergeMessage(list: readonly ChatMessage[], incoming: Message): ChatMessage[] {
  const others = list.filter((message) => message.id !== incoming.id && message.clientMessageId !== incoming.client_message_id)
  const existing = list.find((message) => message.id === incoming.id || message.clientMessageId === incoming.client_message_id)
  const merged: ChatMessage = {
    key: existing?.key ?? incoming.client_message_id ?? incoming.id,
    id: incoming.id,
    clientMessageId: incoming.client_message_id,
    conversationId: incoming.conversation_id,
    direction: incoming.direction,
    text: incoming.text,
    choices: incoming.direction === 'outbound' ? choicesOf(incoming.content) : [],
    state: incoming.status === 'failed' ? 'failed' : 'sent',
    createdAt: incoming.created_at,
  }
  return [...others, merged].sort(byTime)
}

/** The conversation the preview runs in, once the server has told us. */
export function conversationOf(list: readonly ChatMessage[]): string | null {
  return list.find((message) => message.conversationId !== null)?.conversationId ?? null
}
