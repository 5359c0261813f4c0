import { describe, expect, it } from 'vitest'
import type { CannedResponse } from './api'
import { moveHighlight, replaceRange, searchCanned, shortcutAt } from './canned'

function canned(shortcut: string, title: string, body = ''): CannedResponse {
  return { id: shortcut, shortcut, title, body, created_at: '', updated_at: '' }
}

describe('shortcutAt', () => {
  it('finds a /shortcut at the start or after a space, up to the caret', () => {
    expect(shortcutAt('/gre', 4)).toEqual({ query: 'gre', start: 0, end: 4 })
    expect(shortcutAt('Hello /Th', 9)).toEqual({ query: 'th', start: 6, end: 9 })
    expect(shortcutAt('/', 1)).toEqual({ query: '', start: 0, end: 1 })
  })

  it('takes the rest of the word when the caret is inside it', () => {
    expect(shortcutAt('/greeting now', 3)).toEqual({ query: 'gr', start: 0, end: 9 })
  })

  it('ignores slashes inside words and URLs, and finished tokens', () => {
    expect(shortcutAt('and/or', 6)).toBeNull()
    expect(shortcutAt('see https://x.io/a', 18)).toBeNull()
    expect(shortcutAt('/thanks ', 8)).toBeNull()
  })
})

describe('searchCanned', () => {
  const responses = [canned('thanks', 'Thank you'), canned('greeting', 'Hello'), canned('hours', 'Opening hours', 'We open at 9'), canned('ship', 'Shipping thanks')]

  it('ranks shortcut prefixes, then shortcut, title and body matches', () => {
    expect(searchCanned(responses, 'th').map((r) => r.shortcut)).toEqual(['thanks', 'ship'])
    expect(searchCanned(responses, 'h').map((r) => r.shortcut)).toEqual(['hours', 'ship', 'thanks', 'greeting'])
    expect(searchCanned(responses, 'open').map((r) => r.shortcut)).toEqual(['hours'])
    expect(searchCanned(responses, 'zzz')).toEqual([])
  })

  it('lists everything alphabetically for an empty query, up to the limit', () => {
    expect(searchCanned(responses, '', 3).map((r) => r.shortcut)).toEqual(['greeting', 'hours', 'ship'])
  })
})

describe('replaceRange and moveHighlight', () => {
  it('replaces the token and puts the caret after the insert', () => {
    expect(replaceRange('Hi /gr!', 3, 6, 'Hello Ana')).toEqual({ text: 'Hi Hello Ana!', caret: 12 })
  })

  it('wraps around the list', () => {
    expect(moveHighlight(0, -1, 3)).toBe(2)
    expect(moveHighlight(2, 1, 3)).toBe(0)
    expect(moveHighlight(0, 1, 0)).toBe(0)
  })
})
