import { describe, expect, it } from 'vitest'
import type { Permission } from '../client/types'
import { parseRoute } from '../router'
import { canOpen, homePath, sectionOf, visibleNavItems } from './nav'

// The role → permission map of domain/permissions.py, as GET /api/auth/me returns it.
const agent: Permission[] = ['contacts:read', 'contacts:write', 'inbox:read', 'inbox:reply', 'team:read']
const marketer: Permission[] = [...agent, 'automations:manage', 'contacts:manage', 'broadcasts:manage', 'channels:read', 'flows:manage']
const admin: Permission[] = [...marketer, 'api_keys:manage', 'audit:read', 'channels:manage', 'team:manage']
const owner: Permission[] = [...admin, 'workspace:manage']

const sections = (permissions: Permission[]) => visibleNavItems(permissions).map((item) => item.section)

describe('visibleNavItems', () => {
  it('shows each role only the pages it may open', () => {
    expect(sections(agent)).toEqual(['inbox', 'contacts', 'team', 'cannedResponses', 'profile'])
    expect(sections(marketer)).toEqual(['inbox', 'contacts', 'channels', 'flows', 'team', 'customFields', 'suppressions', 'cannedResponses', 'aiSettings', 'profile'])
    expect(sections(admin)).toEqual([
      'inbox',
      'contacts',
      'channels',
      'flows',
      'team',
      'customFields',
      'suppressions',
      'cannedResponses',
      'aiSettings',
      'apiKeys',
      'audit',
      'profile',
    ])
    expect(sections(owner)).toEqual(sections(admin))
  })

  it('always keeps the profile', () => {
    expect(sections([])).toEqual(['profile'])
  })

  it('maps single permissions to their page', () => {
    expect(sections(['api_keys:manage'])).toEqual(['apiKeys', 'profile'])
    expect(sections(['audit:read'])).toEqual(['audit', 'profile'])
    expect(sections(['channels:read'])).toEqual(['channels', 'profile'])
  })
})

describe('homePath', () => {
  it('is the first page the user may open', () => {
    expect(homePath(agent)).toBe('/inbox')
    expect(homePath(['audit:read'])).toBe('/settings/audit')
    expect(homePath([])).toBe('/settings/profile')
  })
})

describe('sections of routes', () => {
  it('maps signed-in routes to sidebar sections and gates them by permission', () => {
    expect(sectionOf(parseRoute('/inbox/abc'))).toBe('inbox')
    expect(sectionOf(parseRoute('/settings/api-keys'))).toBe('apiKeys')
    expect(sectionOf(parseRoute('/login'))).toBeNull()
    expect(canOpen('audit', agent)).toBe(false)
    expect(canOpen('audit', admin)).toBe(true)
    expect(canOpen('profile', [])).toBe(true)
    expect(sectionOf(parseRoute('/contacts/abc'))).toBe('contacts')
    expect(sectionOf(parseRoute('/contacts/import'))).toBe('contacts')
    expect(sectionOf(parseRoute('/settings/custom-fields'))).toBe('customFields')
    expect(canOpen('contacts', agent)).toBe(true)
    expect(canOpen('customFields', agent)).toBe(false)
    expect(canOpen('suppressions', marketer)).toBe(true)
    expect(sectionOf(parseRoute('/settings/canned-responses'))).toBe('cannedResponses')
    expect(canOpen('cannedResponses', agent)).toBe(true)
    expect(canOpen('cannedResponses', ['inbox:read'])).toBe(false)
    expect(sectionOf(parseRoute('/settings/ai'))).toBe('aiSettings')
    expect(canOpen('aiSettings', marketer)).toBe(true)
    expect(canOpen('aiSettings', agent)).toBe(false)
  })
})
