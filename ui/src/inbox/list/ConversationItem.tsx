import { useI18n } from '../../i18n/useT'
import { conversationPath } from '../../router'
import { formatDateTime } from '../../shared/formatDate'
import { Link } from '../../shared/Link'
import { relativeTime } from '../../shared/relativeTime'
import type { Conversation, InboxAgent, InboxTeam } from '../api'
import { ChannelIcon } from '../ChannelIcon'
import { assigneeOf, initials } from '../people'

interface Props {
  conversation: Conversation
  selected: boolean
  now: number
  meId: string
  agents: InboxAgent[]
  teams: InboxTeam[]
}

export function ConversationItem({ conversation, selected, now, meId, agents, teams }: Props) {
  const { t, language } = useI18n()
  const activity = conversation.last_message_at ?? conversation.created_at
  const assignee = assigneeOf(conversation, agents, teams, meId)
  const unread = conversation.unread_count
  return (
    <Link
      href={conversationPath(conversation.id)}
      className={`conversation-item${selected ? ' conversation-item--selected' : ''}${unread > 0 ? ' conversation-item--unread' : ''}`}
      aria-current={selected ? 'page' : undefined}
      data-testid="conversation-item"
      data-conversation-id={conversation.id}
      data-status={conversation.status}
    >
      <span className="conversation-item__avatar">
        <span className="avatar" aria-hidden="true">
          {initials(conversation.contact_name)}
        </span>
        <ChannelIcon kind={conversation.channel_kind} />
      </span>
      <span className="conversation-item__body">
        <span className="conversation-item__top">
          <span className="conversation-item__name">{conversation.contact_name}</span>
          <time className="conversation-item__time" dateTime={activity}>
            {relativeTime(activity, now, language, t('time.now'))}
          </time>
        </span>
        <span className="conversation-item__bottom">
          <span className="conversation-item__preview">{conversation.last_message_preview || t('inbox.noMessagesYet')}</span>
          {unread > 0 && (
            <span className="badge" data-testid="unread-badge" aria-label={t('inbox.unread', { count: unread })}>
              {unread}
            </span>
          )}
        </span>
        <span className="conversation-item__meta">
          {conversation.status === 'snoozed' && (
            <span className="chip chip--muted">{t('inbox.snoozedUntil', { when: formatDateTime(conversation.snoozed_until, language) })}</span>
          )}
          {conversation.status === 'pending' && <span className="chip chip--muted">{t('inbox.status.pending')}</span>}
          {conversation.status === 'closed' && <span className="chip chip--muted">{t('inbox.closed')}</span>}
          {conversation.mode === 'bot' && <span className="chip chip--bot">{t('inbox.mode.bot')}</span>}
          {(conversation.labels ?? []).map((label) => (
            <span key={label} className="chip chip--label">
              {label}
            </span>
          ))}
          {assignee.kind === 'agent' && (
            <span className="avatar avatar--tiny" title={t('inbox.assignedTo', { name: assignee.name })} data-testid="assignee-avatar">
              {initials(assignee.name)}
            </span>
          )}
          {assignee.kind === 'team' && <span className="chip chip--team">{assignee.name}</span>}
        </span>
      </span>
    </Link>
  )
}
