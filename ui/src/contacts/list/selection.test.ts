import { describe, expect, it } from 'vitest'
import { emptyFilter } from '../filter/state'
import { differsFrom, downloadName, selectionBody, selectionKey } from './selection'

describe('selection', () => {
  it('leaves out an empty filter and search', () => {
    expect(selectionBody({ filter: emptyFilter(), q: '  ' })).toEqual({ filter: null, q: null })
    const filter = { type: 'group', match: 'all', conditions: [{ type: 'tag', operator: 'has', tag: 'vip' }] } as const
    expect(selectionBody({ filter: filter as never, q: ' ana ' })).toEqual({ filter, q: 'ana' })
    expect(selectionKey({ filter: emptyFilter(), q: '' })).toBe(selectionKey({ filter: { type: 'group', match: 'any' }, q: ' ' }))
  })

  it('compares a filter with a saved one, missing lists counting as empty', () => {
    expect(differsFrom(emptyFilter(), { type: 'group', match: 'all' })).toBe(false)
    expect(differsFrom(emptyFilter(), { type: 'group', match: 'any', conditions: [] })).toBe(true)
    const mine = { type: 'group', match: 'all', conditions: [{ type: 'tag', operator: 'has', tag: 'a' }] } as const
    const theirs = { match: 'all', type: 'group', conditions: [{ tag: 'a', operator: 'has', type: 'tag' }] } as const
    expect(differsFrom(mine as never, theirs as never)).toBe(false)
  })

  it('takes the download name from the server', () => {
    expect(downloadName('attachment; filename="leads-2025.csv"', 'x.csv')).toBe('leads-2025.csv')
    expect(downloadName("attachment; filename*=UTF-8''S%C3%A3o.csv", 'x.csv')).toBe('São.csv')
    expect(downloadName(null, 'x.csv')).toBe('x.csv')
  })
})
