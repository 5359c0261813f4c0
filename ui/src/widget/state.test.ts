import { describe, expect, it } from 'vitest'
import type { Message } from '../client/types'
import { addPending, mergeServerMessage, setLocalStatus } from './state'

function serverMessage(id: string, createdAt: string, extra: Partial<Message> = {}): Message {
  return {
    id,
    conversation_id: 'c-1',
    direction: 'inbound',
    text: `text ${id}`,
    status: 'received',
    client_message_id: `client-${id}`,
    author_user_id: null,
    created_at: createdAt,
    ...extra,
  }
}

const now = new Date('2025-01-02T10:00:05Z')

describe('widget messages', () => {
  it('confirms a pending message when its echo arrives, keeping one entry and its key', () => {
    let list = addPending([], 'local-1', 'hello', now)
    list = setLocalStatus(list, 'local-1', 'accepted')
    list = mergeServerMessage(list, serverMessage('srv-1', '2025-01-02T10:00:04Z', { client_message_id: 'local-1', text: 'hello' }))
    expect(list).toHaveLength(1)
    expect(list[0]).toMatchObject({ key: 'local-1', id: 'srv-1', status: 'received' })
  })

  it('deduplicates the same server message arriving from history and the socket', () => {
    const m = serverMessage('srv-2', '2025-01-02T10:00:00Z', { direction: 'outbound', status: 'sent' })
    const list = mergeServerMessage(mergeServerMessage([], m), m)
    expect(list).toHaveLength(1)
  })

  it('keeps the newest status of agent replies', () => {
    const m = serverMessage('srv-3', '2025-01-02T10:00:00Z', { direction: 'outbound', status: 'delivered' })
    const list = mergeServerMessage(mergeServerMessage([], m), { ...m, status: 'sent' })
    expect(list[0]?.status).toBe('delivered')
  })

  it('does not let a late local status override a confirmed message', () => {
    let list = addPending([], 'local-4', 'hi', now)
    list = mergeServerMessage(list, serverMessage('srv-4', '2025-01-02T10:00:04Z', { client_message_id: 'local-4' }))
    list = setLocalStatus(list, 'local-4', 'accepted')
    expect(list[0]?.status).toBe('received')
  })

  it('orders by creation time', () => {
    let list = addPending([], 'local-5', 'later', now)
    list = mergeServerMessage(list, serverMessage('srv-5', '2025-01-02T09:00:00Z', { direction: 'outbound' }))
    expect(list.map((m) => m.key)).toEqual(['client-srv-5', 'local-5'])
  })
})
