import { describe, expect, it } from 'vitest'
import type { Contact } from '../types'
import { appendPage, ariaSort, defaultSort, toggleSort } from './state'

describe('toggleSort', () => {
  it('flips the same column and starts new ones in their natural order', () => {
    expect(toggleSort(defaultSort, 'created_at')).toEqual({ sort: 'created_at', order: 'asc' })
    expect(toggleSort(defaultSort, 'name')).toEqual({ sort: 'name', order: 'asc' })
    expect(toggleSort({ sort: 'name', order: 'asc' }, 'last_seen_at')).toEqual({ sort: 'last_seen_at', order: 'desc' })
    expect(ariaSort({ sort: 'name', order: 'asc' }, 'name')).toBe('ascending')
    expect(ariaSort({ sort: 'name', order: 'asc' }, 'email')).toBe('none')
  })
})

describe('appendPage', () => {
  it('adds the next page once', () => {
    const row = (id: string) => ({ id }) as Contact
    expect(appendPage([row('a'), row('b')], [row('b'), row('c')]).map((contact) => contact.id)).toEqual(['a', 'b', 'c'])
  })
})
