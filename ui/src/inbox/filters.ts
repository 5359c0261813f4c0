import type { ChannelKind, Conversation, ConversationQuery, ConversationStatus } from './api'

export type AssigneeFilter = 'anyone' | 'me' | 'unassigned'

/** What the conversation list shows: the server filters the pages, live events are checked here. */
export interface InboxFilter {
  status: ConversationStatus | null
  channel: ChannelKind | null
  assignee: AssigneeFilter
  teamId: string | null
  label: string | null
  unreadOnly: boolean
  search: string
}

export const defaultFilter: InboxFilter = {
  status: 'open',
  channel: null,
  assignee: 'anyone',
  teamId: null,
  label: null,
  unreadOnly: false,
  search: '',
}

export const statusTabs = ['open', 'pending', 'snoozed', 'closed'] as const satisfies readonly ConversationStatus[]

/** The list request's query for a filter (empty values left out). */
export function filterQuery(filter: InboxFilter): ConversationQuery {
  const query: ConversationQuery = {}
  if (filter.status !== null) query.status = filter.status
  if (filter.channel !== null) query.channel = filter.channel
  if (filter.assignee !== 'anyone') query.assignee = filter.assignee
  if (filter.teamId !== null) query.team_id = filter.teamId
  if (filter.label !== null) query.label = filter.label
  if (filter.unreadOnly) query.unread = true
  const search = filter.search.trim()
  if (search !== '') query.q = search
  return query
}

/** One string per distinct filter, to tell a stale page from the current one. */
export function filterKey(filter: InboxFilter): string {
  return JSON.stringify(filterQuery(filter))
}

function matchesSearch(conversation: Conversation, search: string): boolean {
  const needle = search.trim().toLocaleLowerCase()
  if (needle === '') return true
  return [conversation.contact_name, conversation.contact_key].some((text) => text.toLocaleLowerCase().includes(needle))
}

/**
 * Whether a conversation pushed over the socket belongs in the list. The server also searches
 * phones and e-mails, which a conversation event does not carry: a conversation already listed
 * keeps its place as far as the search goes, a new one must match by name or key.
 */
export function matchesFilter(conversation: Conversation, filter: InboxFilter, meId: string, listed: boolean): boolean {
  if (filter.status !== null && conversation.status !== filter.status) return false
  if (filter.channel !== null && conversation.channel_kind !== filter.channel) return false
  const assignee = conversation.assignee_user_id ?? null
  if (filter.assignee === 'me' && assignee !== meId) return false
  if (filter.assignee === 'unassigned' && assignee !== null) return false
  if (filter.teamId !== null && (conversation.assignee_team_id ?? null) !== filter.teamId) return false
  if (filter.label !== null && !(conversation.labels ?? []).includes(filter.label)) return false
  if (filter.unreadOnly && conversation.unread_count === 0) return false
  return listed || matchesSearch(conversation, filter.search)
}
