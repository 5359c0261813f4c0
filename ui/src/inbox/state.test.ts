import { describe, expect, it } from 'vitest'
import type { Conversation, Message } from '../client/types'
import {
  compareConversations,
  inboxReducer,
  initialInboxState,
  toInboxEvent,
  upsertConversation,
  upsertMessage,
  type InboxState,
} from './state'

function conversation(id: string, lastMessageAt: string | null, extra: Partial<Conversation> = {}): Conversation {
  return {
    id,
    channel_id: 'ch-1',
    channel_kind: 'webchat',
    contact_id: `contact-${id}`,
    contact_key: `visitor-${id}`,
    contact_name: `Visitor ${id}`,
    status: 'open',
    mode: 'human',
    labels: [],
    unread_count: 0,
    last_message_preview: '',
    last_message_at: lastMessageAt,
    created_at: '2025-01-01T00:00:00Z',
    workflow_id: `conversation-${id}`,
    ...extra,
  }
}

function message(id: string, createdAt: string, extra: Partial<Message> = {}): Message {
  return {
    id,
    conversation_id: 'c-1',
    direction: 'outbound',
    text: `text ${id}`,
    status: 'queued',
    client_message_id: `client-${id}`,
    author_user_id: null,
    created_at: createdAt,
    ...extra,
  }
}

describe('upsertConversation', () => {
  it('orders by last activity, newest first, falling back to creation time', () => {
    let list: Conversation[] = []
    list = upsertConversation(list, conversation('a', '2025-01-02T10:00:00Z'))
    list = upsertConversation(list, conversation('b', '2025-01-02T12:00:00Z'))
    list = upsertConversation(list, conversation('c', null, { created_at: '2025-01-02T11:00:00Z' }))
    expect(list.map((c) => c.id)).toEqual(['b', 'c', 'a'])
  })

  it('replaces an existing conversation instead of duplicating it and moves it to the top', () => {
    let list = [conversation('a', '2025-01-02T10:00:00Z'), conversation('b', '2025-01-02T09:00:00Z')]
    list = upsertConversation(list, conversation('b', '2025-01-02T11:00:00Z', { unread_count: 2 }))
    expect(list.map((c) => [c.id, c.unread_count])).toEqual([
      ['b', 2],
      ['a', 0],
    ])
  })

  it('ignores a stale event about an older last message', () => {
    const current = conversation('a', '2025-01-02T10:00:00Z', { last_message_preview: 'newest' })
    const stale = conversation('a', '2025-01-02T09:00:00Z', { last_message_preview: 'older' })
    expect(upsertConversation([current], stale)).toEqual([current])
  })

  it('accepts an update with the same activity time (for example a read reset)', () => {
    const unread = conversation('a', '2025-01-02T10:00:00Z', { unread_count: 3 })
    const read = conversation('a', '2025-01-02T10:00:00Z', { unread_count: 0 })
    expect(upsertConversation([unread], read)[0]?.unread_count).toBe(0)
  })

  it('breaks time ties by id so the order is stable', () => {
    const x = conversation('x', '2025-01-02T10:00:00Z')
    const y = conversation('y', '2025-01-02T10:00:00Z')
    expect([y, x].sort(compareConversations).map((c) => c.id)).toEqual(['x', 'y'])
  })
})

describe('upsertMessage', () => {
  it('keeps messages oldest first regardless of arrival order', () => {
    let list: Message[] = []
    list = upsertMessage(list, message('2', '2025-01-02T10:00:02Z'))
    list = upsertMessage(list, message('1', '2025-01-02T10:00:01Z'))
    list = upsertMessage(list, message('3', '2025-01-02T10:00:03Z'))
    expect(list.map((m) => m.id)).toEqual(['1', '2', '3'])
  })

  it('deduplicates repeated events by id', () => {
    const first = message('1', '2025-01-02T10:00:01Z')
    const list = upsertMessage(upsertMessage([], first), { ...first })
    expect(list).toHaveLength(1)
  })

  it('upgrades the status', () => {
    const queued = message('1', '2025-01-02T10:00:01Z', { status: 'queued' })
    const list = upsertMessage([queued], { ...queued, status: 'sent' })
    expect(list[0]?.status).toBe('sent')
  })

  it('never downgrades the status when an older event arrives late', () => {
    const delivered = message('1', '2025-01-02T10:00:01Z', { status: 'delivered' })
    const list = upsertMessage([delivered], { ...delivered, status: 'queued' })
    expect(list[0]?.status).toBe('delivered')
  })

  it('keeps failed as a final status', () => {
    const failed = message('1', '2025-01-02T10:00:01Z', { status: 'failed' })
    expect(upsertMessage([failed], { ...failed, status: 'sent' })[0]?.status).toBe('failed')
    const sent = message('2', '2025-01-02T10:00:01Z', { status: 'sent' })
    expect(upsertMessage([sent], { ...sent, status: 'failed' })[0]?.status).toBe('failed')
  })
})

describe('inboxReducer', () => {
  const opened: InboxState = inboxReducer(initialInboxState, { type: 'threadOpened', conversationId: 'c-1' })

  it('merges loaded history with live messages received while loading', () => {
    const live = message('2', '2025-01-02T10:00:02Z', { status: 'sent' })
    let state = inboxReducer(opened, { type: 'messageReceived', message: live })
    state = inboxReducer(state, {
      type: 'messagesLoaded',
      conversationId: 'c-1',
      messages: [message('1', '2025-01-02T10:00:01Z'), { ...live, status: 'queued' }],
    })
    expect(state.thread?.phase).toBe('ready')
    expect(state.thread?.messages.map((m) => [m.id, m.status])).toEqual([
      ['1', 'queued'],
      ['2', 'sent'],
    ])
  })

  it('ignores messages of conversations other than the open one', () => {
    const state = inboxReducer(opened, {
      type: 'messageReceived',
      message: message('9', '2025-01-02T10:00:00Z', { conversation_id: 'other' }),
    })
    expect(state.thread?.messages).toEqual([])
  })

  it('ignores history that arrives after the user switched conversations', () => {
    const switched = inboxReducer(opened, { type: 'threadOpened', conversationId: 'c-2' })
    const state = inboxReducer(switched, {
      type: 'messagesLoaded',
      conversationId: 'c-1',
      messages: [message('1', '2025-01-02T10:00:01Z')],
    })
    expect(state.thread).toEqual({ conversationId: 'c-2', phase: 'loading', messages: [] })
  })

  it('keeps the open thread when the same conversation is opened again', () => {
    const loaded = inboxReducer(opened, {
      type: 'messagesLoaded',
      conversationId: 'c-1',
      messages: [message('1', '2025-01-02T10:00:01Z')],
    })
    expect(inboxReducer(loaded, { type: 'threadOpened', conversationId: 'c-1' })).toBe(loaded)
  })
})

describe('toInboxEvent', () => {
  it('accepts known frames and rejects anything else', () => {
    const m = message('1', '2025-01-02T10:00:01Z')
    expect(toInboxEvent({ type: 'message', message: m })).toEqual({ type: 'message', message: m })
    expect(toInboxEvent({ type: 'typing' })).toBeNull()
    expect(toInboxEvent('hello')).toBeNull()
    expect(toInboxEvent({ type: 'message' })).toBeNull()
  })
})
