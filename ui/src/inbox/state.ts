import { newerStatus } from '../shared/messageStatus'
import type { Conversation, ConversationCounts, ConversationNote, Message } from './api'
import { defaultFilter, filterKey, matchesFilter, type InboxFilter } from './filters'

/** Frames pushed on /api/ws (WebSockets are not part of OpenAPI, so they are declared here). */
export type InboxEvent =
  | { type: 'message'; message: Message }
  | { type: 'conversation'; conversation: Conversation }
  | { type: 'note'; note: ConversationNote }

export type ThreadPhase = 'loading' | 'ready' | 'missing'

export interface ThreadState {
  conversationId: string
  phase: ThreadPhase
  messages: Message[]
  notes: ConversationNote[]
}

export interface InboxState {
  meId: string
  filter: InboxFilter
  conversations: Conversation[]
  conversationsLoaded: boolean
  /** Where the next page of the list starts; null when the list is complete. */
  nextCursor: string | null
  counts: ConversationCounts | null
  /** The open conversation, kept even when it no longer matches the list's filter. */
  open: Conversation | null
  thread: ThreadState | null
}

export type InboxAction =
  | { type: 'filterChanged'; filter: InboxFilter }
  | { type: 'conversationsLoaded'; filterKey: string; conversations: Conversation[]; nextCursor: string | null; append: boolean }
  | { type: 'conversationReceived'; conversation: Conversation }
  | { type: 'countsLoaded'; counts: ConversationCounts }
  | { type: 'threadOpened'; conversationId: string | null }
  | { type: 'messagesLoaded'; conversationId: string; messages: Message[] }
  | { type: 'messageReceived'; message: Message }
  | { type: 'notesLoaded'; conversationId: string; notes: ConversationNote[] }
  | { type: 'noteReceived'; note: ConversationNote }
  | { type: 'threadMissing'; conversationId: string }

export function initialInboxState(meId: string, filter: InboxFilter = defaultFilter): InboxState {
  return { meId, filter, conversations: [], conversationsLoaded: false, nextCursor: null, counts: null, open: null, thread: null }
}

function activityTime(conversation: Conversation): number {
  return Date.parse(conversation.last_message_at ?? conversation.created_at)
}

function byId(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

/** Newest activity first; ties broken by id so the order is stable. */
export function compareConversations(a: Conversation, b: Conversation): number {
  return activityTime(b) - activityTime(a) || byId(a, b)
}

/** Oldest first; ties broken by id. */
export function compareByCreation(a: { id: string; created_at: string }, b: { id: string; created_at: string }): number {
  return Date.parse(a.created_at) - Date.parse(b.created_at) || byId(a, b)
}

/** Events can arrive out of order; one describing an older last message is stale. */
function isStale(existing: Conversation | undefined | null, incoming: Conversation): boolean {
  return existing !== undefined && existing !== null && activityTime(incoming) < activityTime(existing)
}

export function upsertConversation(list: readonly Conversation[], incoming: Conversation): Conversation[] {
  if (isStale(list.find((conversation) => conversation.id === incoming.id), incoming)) return [...list]
  const others = list.filter((conversation) => conversation.id !== incoming.id)
  return [...others, incoming].sort(compareConversations)
}

/**
 * A fresh first page replaces what the list showed, except that a version pushed live while the
 * request was in flight wins over an older one in the page, and rows from further pages stay
 * (they are older than anything the page covers).
 */
export function mergeFirstPage(shown: readonly Conversation[], page: readonly Conversation[], hasMore: boolean): Conversation[] {
  const oldest = page.at(-1)
  const merged = page.map((fresh) => {
    const live = shown.find((conversation) => conversation.id === fresh.id)
    return live && isStale(live, fresh) ? live : fresh
  })
  const inPage = new Set(page.map((conversation) => conversation.id))
  const beyond = hasMore && oldest ? shown.filter((c) => !inPage.has(c.id) && compareConversations(oldest, c) < 0) : []
  return [...merged, ...beyond].sort(compareConversations)
}

export function upsertMessage(list: readonly Message[], incoming: Message): Message[] {
  const existing = list.find((message) => message.id === incoming.id)
  if (!existing) return [...list, incoming].sort(compareByCreation)
  const status = newerStatus(existing.status, incoming.status)
  // A late event with an older status must not bring back the older error fields either.
  const merged: Message = status === incoming.status ? { ...existing, ...incoming } : { ...incoming, ...existing }
  return list.map((message) => (message.id === incoming.id ? merged : message))
}

export function upsertNote(list: readonly ConversationNote[], incoming: ConversationNote): ConversationNote[] {
  return [...list.filter((note) => note.id !== incoming.id), incoming].sort(compareByCreation)
}

function receiveConversation(state: InboxState, conversation: Conversation): InboxState {
  const listed = state.conversations.find((candidate) => candidate.id === conversation.id)
  const openMatches = state.thread?.conversationId === conversation.id
  const open = openMatches && !isStale(state.open, conversation) ? conversation : state.open
  if (isStale(listed, conversation)) return { ...state, open }
  const conversations = matchesFilter(conversation, state.filter, state.meId, listed !== undefined)
    ? upsertConversation(state.conversations, conversation)
    : state.conversations.filter((candidate) => candidate.id !== conversation.id)
  return { ...state, conversations, open }
}

export function inboxReducer(state: InboxState, action: InboxAction): InboxState {
  switch (action.type) {
    case 'filterChanged':
      if (filterKey(action.filter) === filterKey(state.filter)) return { ...state, filter: action.filter }
      return { ...state, filter: action.filter, conversations: [], conversationsLoaded: false, nextCursor: null }
    case 'conversationsLoaded': {
      if (action.filterKey !== filterKey(state.filter)) return state
      const conversations = action.append
        ? action.conversations.reduce(upsertConversation, state.conversations)
        : mergeFirstPage(state.conversations, action.conversations, action.nextCursor !== null)
      return { ...state, conversations, conversationsLoaded: true, nextCursor: action.nextCursor }
    }
    case 'conversationReceived':
      return receiveConversation(state, action.conversation)
    case 'countsLoaded':
      return { ...state, counts: action.counts }
    case 'threadOpened': {
      if (action.conversationId === null) return { ...state, thread: null, open: null }
      if (state.thread?.conversationId === action.conversationId) return state
      const open = state.conversations.find((conversation) => conversation.id === action.conversationId) ?? null
      return { ...state, open, thread: { conversationId: action.conversationId, phase: 'loading', messages: [], notes: [] } }
    }
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
    case 'notesLoaded': {
      const thread = state.thread
      if (thread?.conversationId !== action.conversationId || thread.phase === 'missing') return state
      return { ...state, thread: { ...thread, notes: action.notes.reduce(upsertNote, thread.notes) } }
    }
    case 'noteReceived': {
      const thread = state.thread
      if (thread?.conversationId !== action.note.conversation_id || thread.phase === 'missing') return state
      return { ...state, thread: { ...thread, notes: upsertNote(thread.notes, action.note) } }
    }
    case 'threadMissing':
      if (state.thread?.conversationId !== action.conversationId) return state
      return { ...state, open: null, thread: { conversationId: action.conversationId, phase: 'missing', messages: [], notes: [] } }
  }
}

/** Narrows a parsed WebSocket frame to a known inbox event; unknown frames are ignored. */
export function toInboxEvent(frame: unknown): InboxEvent | null {
  if (typeof frame !== 'object' || frame === null || !('type' in frame)) return null
  const field = frame.type === 'message' || frame.type === 'conversation' || frame.type === 'note' ? frame.type : null
  if (field === null || !(field in frame)) return null
  return isRecord((frame as Record<string, unknown>)[field]) ? (frame as InboxEvent) : null
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && 'id' in value
}
