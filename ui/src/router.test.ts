import { describe, expect, it } from 'vitest'
import { contactPath, conversationPath, isGuestRoute, isLinkRoute, isPublicRoute, parseRoute } from './router'

describe('parseRoute', () => {
  it('recognises the app paths', () => {
    expect(parseRoute('/login')).toEqual({ name: 'login' })
    expect(parseRoute('/inbox')).toEqual({ name: 'inbox', conversationId: null })
    expect(parseRoute('/inbox/')).toEqual({ name: 'inbox', conversationId: null })
    expect(parseRoute('/inbox/abc-123')).toEqual({ name: 'inbox', conversationId: 'abc-123' })
    expect(parseRoute('/channels')).toEqual({ name: 'channels' })
  })

  it('recognises the account and settings paths', () => {
    expect(parseRoute('/signup')).toEqual({ name: 'signup' })
    expect(parseRoute('/forgot-password')).toEqual({ name: 'forgotPassword' })
    expect(parseRoute('/reset-password/tok%2Fen')).toEqual({ name: 'resetPassword', token: 'tok/en' })
    expect(parseRoute('/invite/abc')).toEqual({ name: 'invite', token: 'abc' })
    expect(parseRoute('/settings/team')).toEqual({ name: 'team' })
    expect(parseRoute('/settings/api-keys')).toEqual({ name: 'apiKeys' })
    expect(parseRoute('/settings/audit')).toEqual({ name: 'audit' })
    expect(parseRoute('/settings/profile')).toEqual({ name: 'profile' })
  })

  it('recognises the contacts paths', () => {
    expect(parseRoute('/contacts')).toEqual({ name: 'contacts' })
    expect(parseRoute('/contacts/import')).toEqual({ name: 'contactImport' })
    expect(parseRoute('/contacts/abc-1')).toEqual({ name: 'contact', contactId: 'abc-1' })
    expect(parseRoute('/settings/custom-fields')).toEqual({ name: 'customFields' })
    expect(parseRoute('/settings/suppressions')).toEqual({ name: 'suppressions' })
    expect(parseRoute('/settings/canned-responses')).toEqual({ name: 'cannedResponses' })
    expect(parseRoute('/settings/ai')).toEqual({ name: 'aiSettings' })
    expect(parseRoute('/contacts/a/b')).toEqual({ name: 'unknown' })
    expect(parseRoute(contactPath('odd/id'))).toEqual({ name: 'contact', contactId: 'odd/id' })
  })

  it('treats anything else as unknown', () => {
    expect(parseRoute('/')).toEqual({ name: 'unknown' })
    expect(parseRoute('/inbox/a/b')).toEqual({ name: 'unknown' })
    expect(parseRoute('/settings')).toEqual({ name: 'unknown' })
    expect(parseRoute('/settings/constructor')).toEqual({ name: 'unknown' })
    expect(parseRoute('/toString')).toEqual({ name: 'unknown' })
    expect(parseRoute('/invite')).toEqual({ name: 'unknown' })
    expect(parseRoute('/reset-password/a/b')).toEqual({ name: 'unknown' })
  })

  it('round-trips conversation ids through the path', () => {
    const id = 'odd id/with?chars'
    expect(parseRoute(conversationPath(id))).toEqual({ name: 'inbox', conversationId: id })
  })
})

describe('public routes', () => {
  it('lets signed-out visitors stay on the account pages only', () => {
    for (const path of ['/login', '/signup', '/forgot-password', '/reset-password/t', '/invite/t']) {
      expect(isPublicRoute(parseRoute(path)), path).toBe(true)
    }
    for (const path of ['/inbox', '/channels', '/settings/team', '/settings/profile', '/']) {
      expect(isPublicRoute(parseRoute(path)), path).toBe(false)
    }
  })

  it('keeps e-mailed links open for signed-in users too', () => {
    expect(isLinkRoute(parseRoute('/invite/t'))).toBe(true)
    expect(isLinkRoute(parseRoute('/reset-password/t'))).toBe(true)
    expect(isGuestRoute(parseRoute('/invite/t'))).toBe(false)
    expect(isGuestRoute(parseRoute('/signup'))).toBe(true)
  })
})
