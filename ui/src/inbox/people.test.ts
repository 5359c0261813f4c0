import { describe, expect, it } from 'vitest'
import type { InboxAgent, InboxTeam } from './api'
import { assigneeOf, initials } from './people'

const agents: InboxAgent[] = [
  { id: 'u-1', full_name: 'Ana Souza', email: 'ana@example.com', role: 'agent' },
  { id: 'u-2', full_name: ' ', email: 'bruno@example.com', role: 'admin' },
]
const teams: InboxTeam[] = [{ id: 't-1', name: 'Support', member_ids: ['u-1'], created_at: '2025-01-01T00:00:00Z' }]

describe('initials', () => {
  it('takes the first letters of up to two words', () => {
    expect(initials('ana maria souza')).toBe('AM')
    expect(initials('Élodie')).toBe('É')
    expect(initials('   ')).toBe('?')
  })
})

describe('assigneeOf', () => {
  it('names the agent first, then the team, else nobody', () => {
    expect(assigneeOf({ assignee_user_id: 'u-1', assignee_team_id: 't-1' }, agents, teams, 'u-1')).toEqual({
      kind: 'agent',
      name: 'Ana Souza',
      isMe: true,
    })
    expect(assigneeOf({ assignee_user_id: 'u-2' }, agents, teams, 'u-1')).toEqual({ kind: 'agent', name: 'bruno@example.com', isMe: false })
    expect(assigneeOf({ assignee_team_id: 't-1' }, agents, teams, 'u-1')).toEqual({ kind: 'team', name: 'Support' })
    expect(assigneeOf({}, agents, teams, 'u-1')).toEqual({ kind: 'none' })
  })
})
