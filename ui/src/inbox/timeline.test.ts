import { describe, expect, it } from 'vitest'
import { lastItemKey, threadItems } from './timeline'
import { message, note } from './testFixtures'

describe('threadItems', () => {
  it('interleaves notes with messages by time, a note after a message of the same instant', () => {
    const items = threadItems(
      [message('m1', '2025-01-02T10:00:00Z'), message('m2', '2025-01-02T10:05:00Z')],
      [note('n1', '2025-01-02T10:02:00Z'), note('n2', '2025-01-02T10:05:00Z'), note('n0', '2025-01-02T09:00:00Z')],
    )
    expect(items.map((item) => (item.kind === 'message' ? item.message.id : item.note.id))).toEqual(['n0', 'm1', 'n1', 'm2', 'n2'])
    expect(lastItemKey(items)).toBe('n:n2')
    expect(lastItemKey([])).toBeNull()
  })
})
