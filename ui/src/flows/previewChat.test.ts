import { describe, expect, it } from 'vitest'
import type { Message } from '../client/types'
import { addTyped, choicesOf, conversationOf, markFailed, mergeMessage } from './previewChat'

const serverMessage = (overrides: Partial<Message>): Message => ({
  id: 'm1',
  conversation_id: 'c1',
  direction: 'outbound',
  text: 'Pick one',
  content: null,
  status: 'sent',
  client_message_id: 'bot-1',
  author_user_id: null,
  created_at: '2026-01-01T10:00:01Z',
  ...overrides,
})

describe('preview chat', () => {
  it('shows what the contact typed at once, then the server copy in its place', () => {
    let list = addTyped([], 'local-1', 'hi', new Date('2026-01-01T10:00:00Z'))
    expect(list[0]).toMatchObject({ state: 'pending', id: null, direction: 'inbound' })
    list = mergeMessage(list, serverMessage({ id: 'm0', direction: 'inbound', text: 'hi', client_message_id: 'local-1', created_at: '2026-01-01T10:00:00Z' }))
    expect(list).toHaveLength(1)
    expect(list[0]).toMatchObject({ key: 'local-1', id: 'm0', state: 'sent', conversationId: 'c1' })
    expect(conversationOf(list)).toBe('c1')
  })

  it('offers the buttons and list rows the bot sent as choices, in order', () => {
    const buttons = serverMessage({ content: { kind: 'buttons', text: 'Pick one', buttons: [{ id: 'a', title: 'Sales' }, { id: 'b', title: 'Support' }] } })
    expect(mergeMessage([], buttons)[0]?.choices).toEqual(['Sales', 'Support'])
    const list = { kind: 'list' as const, text: 'Menu', button: 'Open', sections: [{ rows: [{ id: 'x', title: 'One' }] }, { rows: [{ id: 'y', title: 'Two' }] }] }
    expect(choicesOf(list)).toEqual(['One', 'Two'])
    expect(choicesOf({ kind: 'text', text: 'hi' })).toEqual([])
  })

  it('keeps messages in time order and marks a message that could not be sent', () => {
    let list = mergeMessage([], serverMessage({ id: 'late', client_message_id: 'b', created_at: '2026-01-01T10:00:05Z' }))
    list = addTyped(list, 'local-2', 'hello', new Date('2026-01-01T10:00:02Z'))
    expect(list.map((message) => message.key)).toEqual(['local-2', 'b'])
    expect(markFailed(list, 'local-2')[0]?.state).toBe('failed')
    expect(conversationOf(addTyped([], 'x', 'y', new Date()))).toBeNull()
  })
})
