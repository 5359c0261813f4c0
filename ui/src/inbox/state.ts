import type { Conversation, InboxEvent, Message } from '../client/types'
import { newerStatus } from '../shared/messageStatus'

export type ThreadState =
  | { conversationId: string; phase: 'loading' | 'ready'; messages: Message[] }
  | { conversationId: string; phase: 'missing'; messages: [] }

export interface InboxState {
  conversations: Conversation[]
  conversationsLoaded: boolean
  thread: ThreadState | null
}

export type InboxAction =
  | { type: 'conversationsLoaded'; conversations: Conversation[] }
  | { type: 'conversationReceived'; conversation: Conversation }
  | { type: 'threadOpened'; conversationId: string | null }
  | { type: 'messagesLoaded'; conversationId: string; messages: Message[] }
  | { type: 'messageReceived'; message: Message }
  | { type: 'threadMissing'; conversationId: string }

export const initialInboxState: InboxState = { conversations: [], conversationsLoaded: false, thread: null }

function activityTime(conversation: Conversation): string {
  return conversation.last_message_at ?? conversation.created_at
}

/** Newest activity first; ties broken by id so the order is stable. */
export function compareConversations(a: Conversation, b: Conversation): number {
  const byTime = Date.parse(activityTime(b)) - Date.parse(activityTime(a))
  if (byTime !== 0) return byTime
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

/** Oldest first; ties broken by id. */
export function compareMessages(a: Message, b: Message): number {
  const byTime = Date.parse(a.created_at) - Date.parse(b.created_at)
  if (byTime !== 0) return byTime
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

export function upsertConversation(list: readonly Conversation[], incoming: Conversation): Conversation[] {
  const existing = list.find((conversation) => conversation.id === incoming.id)
  // Events can arrive out of order; one describing an older last message is stale.
  if (existing && Date.parse(activityTime(incoming)) < Date.parse(activityTime(existing))) {
    return [...list]
  }
  const others = list.filter((conversation) => conversation.id !== incoming.id)
  return [...others, incoming].sort(compareConversations)
}

export function upsertMessage(list: readonly Message[], incoming: Message): Message[] {
  const existing = list.find((message) => message.id === incoming.id)
  if (!existing) return [...list, incoming].sort(compareMessages)
  const status = newerStatus(existing.status, incoming.status)
  const merged: Message = { ...existing, ...incoming, status }
  return list.map((message) => (message.id === incoming.id ? merged : message))
}

export function inboxReducer(state: InboxState, action: InboxAction): InboxState {
  switch (action.type) {
    case 'conversationsLoaded':
      return {
        ...state,
        conversationsLoaded: true,
        conversations: action.conversations.reduce(upsertConversation, state.conversations),
      }
    case 'conversationReceived':
      return { ...state, conversations: upsertConversation(state.conversations, action.conversation) }
    case 'threadOpened':
      if (action.conversationId === null) return { ...state, thread: null }
      if (state.thread?.conversationId === action.conversationId) return state
      return { ...state, thread: { conversationId: action.conversationId, phase: 'loading', messages: [] } }
    case 'messagesLoaded': {
      const thread = state.thread
      if (thread?.conversationId !== action.conversationId || thread.phase === 'missing') return state
      // Merge instead of replace: live events may have arrived while the request was in flight.
      const messages = action.messages.reduce(upsertMessage, thread.messages)
      return { ...state, thread: { ...thread, phase: 'ready', messages } }
    }
    case 'messageReceived': {
      const thread = state.thread
      if (thread?.conversationId !== action.message.conversation_id || thread.phase === 'missing') return state
      return { ...state, thread: { ...thread, messages: upsertMessage(thread.messages, action.message) } }
    }
    case 'threadMissing':
      if (state.thread?.conversationId !== action.conversationId) return state
      return { ...state, thread: { conversationId: action.conversationId, phase: 'missing', messages: [] } }
  }
}

/** Narrows a parsed WebSocket frame to a known inbox event; unknown frames are ignored. */
export function toInboxEvent(frame: unknown): InboxEvent | null {
  if (typeof frame !== 'object' || frame === null || !('type' in frame)) return null
  if (frame.type === 'message' && 'message' in frame && isRecord(frame.message)) {
    return frame as InboxEvent
  }
  if (frame.type === 'conversation' && 'conversation' in frame && isRecord(frame.conversation)) {
    return frame as InboxEvent
  }
  return null
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && 'id' in value
}
