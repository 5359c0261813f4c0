import { describe, expect, it } from 'vitest'
import { defaultFilter, filterKey, filterQuery, matchesFilter, type InboxFilter } from './filters'
import { conversation } from './testFixtures'

const me = 'user-me'
const all: InboxFilter = { ...defaultFilter, status: null }

describe('filterQuery', () => {
  it('sends only what is set, with the search trimmed', () => {
    expect(filterQuery(defaultFilter)).toEqual({ status: 'open' })
    expect(
      filterQuery({ status: 'snoozed', channel: 'whatsapp', assignee: 'me', teamId: 't-1', label: 'vip', unreadOnly: true, search: '  ana ' }),
    ).toEqual({ status: 'snoozed', channel: 'whatsapp', assignee: 'me', team_id: 't-1', label: 'vip', unread: true, q: 'ana' })
    expect(filterQuery({ ...all, assignee: 'unassigned', search: '   ' })).toEqual({ assignee: 'unassigned' })
  })

  it('gives equal keys to filters that ask the same', () => {
    expect(filterKey({ ...defaultFilter, search: ' ' })).toBe(filterKey(defaultFilter))
    expect(filterKey({ ...defaultFilter, label: 'vip' })).not.toBe(filterKey(defaultFilter))
  })
})

describe('matchesFilter', () => {
  const c = conversation('a', '2025-01-02T10:00:00Z', {
    channel_kind: 'whatsapp',
    contact_name: 'Ana Souza',
    contact_key: '5581990000101',
    labels: ['vip'],
    unread_count: 2,
    assignee_user_id: me,
    assignee_team_id: 't-1',
  })

  it('checks status, channel, label, team and unread', () => {
    expect(matchesFilter(c, defaultFilter, me, false)).toBe(true)
    expect(matchesFilter(c, { ...defaultFilter, status: 'closed' }, me, false)).toBe(false)
    expect(matchesFilter(c, { ...all, channel: 'email' }, me, false)).toBe(false)
    expect(matchesFilter(c, { ...all, label: 'vip' }, me, false)).toBe(true)
    expect(matchesFilter(c, { ...all, label: 'late' }, me, false)).toBe(false)
    expect(matchesFilter(c, { ...all, teamId: 't-2' }, me, false)).toBe(false)
    expect(matchesFilter({ ...c, unread_count: 0 }, { ...all, unreadOnly: true }, me, false)).toBe(false)
  })

  it('reads "me" and "unassigned" against the signed-in agent', () => {
    expect(matchesFilter(c, { ...all, assignee: 'me' }, me, false)).toBe(true)
    expect(matchesFilter(c, { ...all, assignee: 'me' }, 'someone-else', false)).toBe(false)
    expect(matchesFilter(c, { ...all, assignee: 'unassigned' }, me, false)).toBe(false)
    expect(matchesFilter({ ...c, assignee_user_id: null }, { ...all, assignee: 'unassigned' }, me, false)).toBe(true)
  })

  it('matches a search by name or key, and trusts the server for rows it already listed', () => {
    expect(matchesFilter(c, { ...all, search: 'souza' }, me, false)).toBe(true)
    expect(matchesFilter(c, { ...all, search: '990000101' }, me, false)).toBe(true)
    expect(matchesFilter(c, { ...all, search: 'ana@example.com' }, me, false)).toBe(false)
    expect(matchesFilter(c, { ...all, search: 'ana@example.com' }, me, true)).toBe(true)
  })
})
