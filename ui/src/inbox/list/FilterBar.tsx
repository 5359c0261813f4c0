import { useEffect, useState } from 'react'
import { useDebounced } from '../../contacts/useDebounced'
import { useT } from '../../i18n/useT'
import type { ChannelKind, ConversationCounts, InboxTeam, LabelCount } from '../api'
import type { InboxFilter } from '../filters'

const channelKinds: readonly ChannelKind[] = ['whatsapp', 'email', 'sms', 'webchat']

interface Props {
  filter: InboxFilter
  counts: ConversationCounts | null
  teams: InboxTeam[]
  labels: LabelCount[]
  onChange: (filter: InboxFilter) => void
}

/** The assignee select holds people and teams in one list: `me`, `unassigned` or `team:<id>`. */
function assigneeValue(filter: InboxFilter): string {
  return filter.teamId !== null ? `team:${filter.teamId}` : filter.assignee
}

function withAssignee(filter: InboxFilter, value: string): InboxFilter {
  if (value.startsWith('team:')) return { ...filter, assignee: 'anyone', teamId: value.slice('team:'.length) }
  const assignee = value === 'me' || value === 'unassigned' ? value : 'anyone'
  return { ...filter, assignee, teamId: null }
}

export function FilterBar({ filter, counts, teams, labels, onChange }: Props) {
  const t = useT()
  const [search, setSearch] = useState(filter.search)
  const settled = useDebounced(search)

  // Typing pauses before the list is asked again; `filter` is left out so only typing triggers it.
  useEffect(() => {
    if (settled !== filter.search) onChange({ ...filter, search: settled })
  }, [settled])

  return (
    <div className="inbox-filters" data-testid="inbox-filters">
      <input
        className="input input--small inbox-filters__search"
        type="search"
        name="inbox_search"
        aria-label={t('inbox.filter.search')}
        placeholder={t('inbox.filter.searchPlaceholder')}
        value={search}
        onChange={(event) => setSearch(event.target.value)}
      />
      <div className="inbox-filters__row">
        <select
          className="select select--small"
          name="inbox_channel"
          aria-label={t('inbox.filter.channel')}
          value={filter.channel ?? ''}
          onChange={(event) => onChange({ ...filter, channel: (event.target.value || null) as ChannelKind | null })}
        >
          <option value="">{t('inbox.filter.anyChannel')}</option>
          {channelKinds.map((kind) => (
            <option key={kind} value={kind}>
              {t(`inbox.channel.${kind}`)}
            </option>
          ))}
        </select>
        <select
          className="select select--small"
          name="inbox_assignee"
          aria-label={t('inbox.filter.assignee')}
          value={assigneeValue(filter)}
          onChange={(event) => onChange(withAssignee(filter, event.target.value))}
        >
          <option value="anyone">{t('inbox.filter.anyone')}</option>
          <option value="me">{counts ? t('inbox.filter.meCount', { count: counts.mine }) : t('inbox.filter.me')}</option>
          <option value="unassigned">
            {counts ? t('inbox.filter.unassignedCount', { count: counts.unassigned }) : t('inbox.filter.unassigned')}
          </option>
          {teams.length > 0 && (
            <optgroup label={t('inbox.assign.teams')}>
              {teams.map((team) => (
                <option key={team.id} value={`team:${team.id}`}>
                  {team.name}
                </option>
              ))}
            </optgroup>
          )}
        </select>
        <select
          className="select select--small"
          name="inbox_label"
          aria-label={t('inbox.filter.label')}
          value={filter.label ?? ''}
          onChange={(event) => onChange({ ...filter, label: event.target.value || null })}
        >
          <option value="">{t('inbox.filter.anyLabel')}</option>
          {labels.map((entry) => (
            <option key={entry.label} value={entry.label}>
              {entry.label} ({entry.count})
            </option>
          ))}
        </select>
        <label className="checkbox inbox-filters__unread">
          <input
            type="checkbox"
            name="inbox_unread"
            checked={filter.unreadOnly}
            onChange={(event) => onChange({ ...filter, unreadOnly: event.target.checked })}
          />
          <span>{counts ? t('inbox.filter.unreadCount', { count: counts.unread }) : t('inbox.filter.unread')}</span>
        </label>
      </div>
    </div>
  )
}
