import type { Conversation } from '../client/types'
import { useI18n } from '../i18n/useT'
import { conversationPath } from '../router'
import { Link } from '../shared/Link'
import { relativeTime } from '../shared/relativeTime'
import { useNow } from '../shared/useNow'

interface Props {
  conversations: Conversation[]
  selectedId: string | null
}

export function ConversationList({ conversations, selectedId }: Props) {
  const { t, language } = useI18n()
  const now = useNow()
  return (
    <ul className="conversation-list">
      {conversations.map((conversation) => {
        const activity = conversation.last_message_at ?? conversation.created_at
        const selected = conversation.id === selectedId
        return (
          <li key={conversation.id}>
            <Link
              href={conversationPath(conversation.id)}
              className={`conversation-item${selected ? ' conversation-item--selected' : ''}`}
              aria-current={selected ? 'page' : undefined}
              data-testid="conversation-item"
              data-conversation-id={conversation.id}
            >
              <span className="avatar" aria-hidden="true">
                {initials(conversation.contact_name)}
              </span>
              <span className="conversation-item__body">
                <span className="conversation-item__top">
                  <span className="conversation-item__name">{conversation.contact_name}</span>
                  <time className="conversation-item__time" dateTime={activity}>
                    {relativeTime(activity, now, language, t('time.now'))}
                  </time>
                </span>
                <span className="conversation-item__bottom">
                  <span className="conversation-item__preview">
                    {conversation.last_message_preview || t('inbox.noMessagesYet')}
                  </span>
                  {conversation.unread_count > 0 && (
                    <span className="badge" aria-label={t('inbox.unread', { count: conversation.unread_count })}>
                      {conversation.unread_count}
                    </span>
                  )}
                </span>
                <span className="conversation-item__meta">
                  <span className="chip">{t(`inbox.channel.${conversation.channel_kind}`)}</span>
                  {conversation.status === 'closed' && <span className="chip chip--muted">{t('inbox.closed')}</span>}
                </span>
              </span>
            </Link>
          </li>
        )
      })}
    </ul>
  )
}

function initials(name: string): string {
  const letters = name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => word[0]?.toUpperCase() ?? '')
  return letters.join('') || '?'
}
