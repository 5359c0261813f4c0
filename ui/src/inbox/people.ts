import type { Conversation, InboxAgent, InboxTeam } from './api'

/** Up to two initials for an avatar; "?" for a name without letters. */
export function initials(name: string): string {
  const letters = name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => [...word][0]?.toUpperCase() ?? '')
  return letters.join('') || '?'
}

export function agentName(agent: Pick<InboxAgent, 'full_name' | 'email'>): string {
  return agent.full_name.trim() || agent.email
}

export type Assignee = { kind: 'agent'; name: string; isMe: boolean } | { kind: 'team'; name: string } | { kind: 'none' }

/** Who a conversation is assigned to, by name: the agent when there is one, else the team. */
export function assigneeOf(
  conversation: Pick<Conversation, 'assignee_user_id' | 'assignee_team_id'>,
  agents: readonly InboxAgent[],
  teams: readonly InboxTeam[],
  meId: string,
): Assignee {
  const userId = conversation.assignee_user_id ?? null
  if (userId !== null) {
    const agent = agents.find((candidate) => candidate.id === userId)
    return { kind: 'agent', name: agent ? agentName(agent) : '…', isMe: userId === meId }
  }
  const teamId = conversation.assignee_team_id ?? null
  if (teamId !== null) {
    const team = teams.find((candidate) => candidate.id === teamId)
    return { kind: 'team', name: team?.name ?? '…' }
  }
  return { kind: 'none' }
}
