import { describe, expect, it } from 'vitest'
import { conversationPath, parseRoute } from './router'

describe('parseRoute', () => {
  it('recognises the app paths', () => {
    expect(parseRoute('/login')).toEqual({ name: 'login' })
    expect(parseRoute('/inbox')).toEqual({ name: 'inbox', conversationId: null })
    expect(parseRoute('/inbox/')).toEqual({ name: 'inbox', conversationId: null })
    expect(parseRoute('/inbox/abc-123')).toEqual({ name: 'inbox', conversationId: 'abc-123' })
    expect(parseRoute('/channels')).toEqual({ name: 'channels' })
  })

  it('treats anything else as unknown', () => {
    expect(parseRoute('/')).toEqual({ name: 'unknown' })
    expect(parseRoute('/inbox/a/b')).toEqual({ name: 'unknown' })
    expect(parseRoute('/settings')).toEqual({ name: 'unknown' })
  })

  it('round-trips conversation ids through the path', () => {
    const id = 'odd id/with?chars'
    expect(parseRoute(conversationPath(id))).toEqual({ name: 'inbox', conversationId: id })
  })
})
