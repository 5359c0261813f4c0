import { describe, expect, it } from 'vitest'
import { defaultFilter, filterKey, type InboxFilter } from './filters'
import {
  compareConversations,
  inboxReducer,
  initialInboxState,
  mergeFirstPage,
  toInboxEvent,
  upsertConversation,
  upsertMessage,
  type InboxState,
} from './state'
import { conversation, message, note } from './testFixtures'

const me = 'user-me'
const everything: InboxFilter = { ...defaultFilter, status: null }

function loaded(filter: InboxFilter, ...conversations: ReturnType<typeof conversation>[]): InboxState {
  const state = inboxReducer(initialInboxState(me), { type: 'filterChanged', filter })
  return inboxReducer(state, { type: 'conversationsLoaded', filterKey: filterKey(filter), conversations, nextCursor: null, append: false })
}

describe('upsertConversation', () => {
  it('orders by last activity, newest first, falling back to creation time', () => {
    let list: ReturnType<typeof conversation>[] = []
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

  it('breaks time ties by id so the order is stable', () => {
    const x = conversation('x', '2025-01-02T10:00:00Z')
    const y = conversation('y', '2025-01-02T10:00:00Z')
    expect([y, x].sort(compareConversations).map((c) => c.id)).toEqual(['x', 'y'])
  })
})

describe('mergeFirstPage', () => {
  const page = [conversation('a', '2025-01-02T12:00:00Z'), conversation('b', '2025-01-02T10:00:00Z')]

  it('drops rows the fresh page no longer has within its range', () => {
    const gone = conversation('gone', '2025-01-02T11:00:00Z')
    expect(mergeFirstPage([gone, ...page], page, false).map((c) => c.id)).toEqual(['a', 'b'])
    expect(mergeFirstPage([gone, ...page], page, true).map((c) => c.id)).toEqual(['a', 'b'])
  })

  it('keeps rows of further pages and newer live versions', () => {
    const older = conversation('older', '2025-01-01T09:00:00Z')
    const live = conversation('a', '2025-01-02T13:00:00Z', { last_message_preview: 'live' })
    const merged = mergeFirstPage([live, older], page, true)
    expect(merged.map((c) => [c.id, c.last_message_preview])).toEqual([
      ['a', 'live'],
      ['b', ''],
      ['older', ''],
    ])
    // A complete page leaves nothing beyond it.
    expect(mergeFirstPage([older], page, false).map((c) => c.id)).toEqual(['a', 'b'])
  })
})

describe('upsertMessage', () => {
  it('keeps messages oldest first regardless of arrival order, once each', () => {
    let list: ReturnType<typeof message>[] = []
    list = upsertMessage(list, message('2', '2025-01-02T10:00:02Z'))
    list = upsertMessage(list, message('1', '2025-01-02T10:00:01Z'))
    list = upsertMessage(list, message('3', '2025-01-02T10:00:03Z'))
    list = upsertMessage(list, message('3', '2025-01-02T10:00:03Z'))
    expect(list.map((m) => m.id)).toEqual(['1', '2', '3'])
  })

  it('moves the status forward only, and keeps a failure with its reason', () => {
    const queued = message('1', '2025-01-02T10:00:01Z', { status: 'queued' })
    const sent = upsertMessage([queued], { ...queued, status: 'sent' })
    expect(sent[0]?.status).toBe('sent')
    expect(upsertMessage(sent, queued)[0]?.status).toBe('sent')
    const failed = upsertMessage(sent, { ...queued, status: 'failed', error_message: 'The number is not on WhatsApp.' })
    expect(failed[0]).toMatchObject({ status: 'failed', error_message: 'The number is not on WhatsApp.' })
    const late = upsertMessage(failed, { ...queued, status: 'sent', error_message: null })
    expect(late[0]).toMatchObject({ status: 'failed', error_message: 'The number is not on WhatsApp.' })
  })
})

describe('inboxReducer: the list under a filter', () => {
  it('adds a pushed conversation that matches the filter and leaves out one that does not', () => {
    let state = loaded(defaultFilter, conversation('a', '2025-01-02T10:00:00Z'))
    state = inboxReducer(state, { type: 'conversationReceived', conversation: conversation('new', '2025-01-02T11:00:00Z') })
    state = inboxReducer(state, {
      type: 'conversationReceived',
      conversation: conversation('done', '2025-01-02T12:00:00Z', { status: 'closed' }),
    })
    expect(state.conversations.map((c) => c.id)).toEqual(['new', 'a'])
  })

  it('removes a conversation that stops matching (closed, assigned away, read under "unread")', () => {
    const mine: InboxFilter = { ...defaultFilter, assignee: 'me', unreadOnly: true }
    const a = conversation('a', '2025-01-02T10:00:00Z', { assignee_user_id: me, unread_count: 1 })
    const b = conversation('b', '2025-01-02T09:00:00Z', { assignee_user_id: me, unread_count: 2 })
    const c = conversation('c', '2025-01-02T08:00:00Z', { assignee_user_id: me, unread_count: 3 })
    let state = loaded(mine, a, b, c)
    state = inboxReducer(state, { type: 'conversationReceived', conversation: { ...a, status: 'closed' } })
    state = inboxReducer(state, { type: 'conversationReceived', conversation: { ...b, assignee_user_id: 'someone-else' } })
    expect(state.conversations.map((x) => x.id)).toEqual(['c'])
    state = inboxReducer(state, { type: 'conversationReceived', conversation: { ...c, unread_count: 0 } })
    expect(state.conversations).toEqual([])
  })

  it('ignores a stale event instead of removing the conversation', () => {
    const current = conversation('a', '2025-01-02T10:00:00Z')
    let state = loaded(defaultFilter, current)
    state = inboxReducer(state, {
      type: 'conversationReceived',
      conversation: conversation('a', '2025-01-02T09:00:00Z', { status: 'closed' }),
    })
    expect(state.conversations).toEqual([current])
  })

  it('keeps the open conversation current even when it leaves the list', () => {
    let state = loaded(defaultFilter, conversation('a', '2025-01-02T10:00:00Z'))
    state = inboxReducer(state, { type: 'threadOpened', conversationId: 'a' })
    expect(state.open?.id).toBe('a')
    state = inboxReducer(state, { type: 'conversationReceived', conversation: conversation('a', '2025-01-02T10:00:00Z', { status: 'closed' }) })
    expect(state.conversations).toEqual([])
    expect(state.open?.status).toBe('closed')
  })

  it('starts over on a new filter and drops pages answered for an old one', () => {
    let state = loaded(defaultFilter, conversation('a', '2025-01-02T10:00:00Z'))
    const closed: InboxFilter = { ...defaultFilter, status: 'closed' }
    state = inboxReducer(state, { type: 'filterChanged', filter: closed })
    expect(state.conversations).toEqual([])
    expect(state.conversationsLoaded).toBe(false)
    state = inboxReducer(state, {
      type: 'conversationsLoaded',
      filterKey: filterKey(defaultFilter),
      conversations: [conversation('late', '2025-01-02T10:00:00Z')],
      nextCursor: null,
      append: false,
    })
    expect(state.conversations).toEqual([])
    // Typing the same search again is no new filter: the list stays.
    const same = inboxReducer(loaded(everything, conversation('a', null)), { type: 'filterChanged', filter: { ...everything, search: '  ' } })
    expect(same.conversations).toHaveLength(1)
  })

  it('appends the next page by cursor without repeating rows', () => {
    let state = inboxReducer(initialInboxState(me), {
      type: 'conversationsLoaded',
      filterKey: filterKey(defaultFilter),
      conversations: [conversation('a', '2025-01-02T10:00:00Z'), conversation('b', '2025-01-02T09:00:00Z')],
      nextCursor: 'cursor-1',
      append: false,
    })
    expect(state.nextCursor).toBe('cursor-1')
    state = inboxReducer(state, {
      type: 'conversationsLoaded',
      filterKey: filterKey(defaultFilter),
      conversations: [conversation('b', '2025-01-02T09:00:00Z'), conversation('c', '2025-01-02T08:00:00Z')],
      nextCursor: null,
      append: true,
    })
    expect(state.conversations.map((c) => c.id)).toEqual(['a', 'b', 'c'])
    expect(state.nextCursor).toBeNull()
  })
})

describe('inboxReducer: the open thread', () => {
  const opened = inboxReducer(initialInboxState(me), { type: 'threadOpened', conversationId: 'c-1' })

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

  it('collects notes from the history and from live events, once each, oldest first', () => {
    let state = inboxReducer(opened, { type: 'noteReceived', note: note('n2', '2025-01-02T10:00:02Z') })
    state = inboxReducer(state, { type: 'notesLoaded', conversationId: 'c-1', notes: [note('n1', '2025-01-02T10:00:01Z'), note('n2', '2025-01-02T10:00:02Z')] })
    state = inboxReducer(state, { type: 'noteReceived', note: note('other', '2025-01-02T10:00:03Z', { conversation_id: 'c-9' }) })
    expect(state.thread?.notes.map((n) => n.id)).toEqual(['n1', 'n2'])
  })

  it('ignores messages and history of conversations other than the open one', () => {
    let state = inboxReducer(opened, { type: 'messageReceived', message: message('9', '2025-01-02T10:00:00Z', { conversation_id: 'other' }) })
    state = inboxReducer(state, { type: 'threadOpened', conversationId: 'c-2' })
    state = inboxReducer(state, { type: 'messagesLoaded', conversationId: 'c-1', messages: [message('1', '2025-01-02T10:00:01Z')] })
    expect(state.thread).toEqual({ conversationId: 'c-2', phase: 'loading', messages: [], notes: [] })
  })

  it('keeps the open thread when the same conversation is opened again', () => {
    const ready = inboxReducer(opened, { type: 'messagesLoaded', conversationId: 'c-1', messages: [message('1', '2025-01-02T10:00:01Z')] })
    expect(inboxReducer(ready, { type: 'threadOpened', conversationId: 'c-1' })).toBe(ready)
  })

  it('marks a conversation that is gone as missing', () => {
    const state = inboxReducer(opened, { type: 'threadMissing', conversationId: 'c-1' })
    expect(state.thread?.phase).toBe('missing')
    expect(inboxReducer(state, { type: 'noteReceived', note: note('n', '2025-01-02T10:00:00Z') }).thread?.notes).toEqual([])
  })
})

describe('toInboxEvent', () => {
  it('accepts message, conversation and note frames and rejects anything else', () => {
    const m = message('1', '2025-01-02T10:00:01Z')
    const n = note('n', '2025-01-02T10:00:01Z')
    expect(toInboxEvent({ type: 'message', message: m })).toEqual({ type: 'message', message: m })
    expect(toInboxEvent({ type: 'note', note: n })).toEqual({ type: 'note', note: n })
    expect(toInboxEvent({ type: 'typing' })).toBeNull()
    expect(toInboxEvent('hello')).toBeNull()
    expect(toInboxEvent({ type: 'message' })).toBeNull()
    expect(toInboxEvent({ type: 'note', note: 'x' })).toBeNull()
  })
})
