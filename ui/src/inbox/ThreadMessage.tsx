import type { Message, MessageStatus } from '../client/types'
import { useI18n } from '../i18n/useT'

const statusIcon: Record<MessageStatus, string> = {
  received: '',
  queued: '⏱',
  sent: '✓',
  delivered: '✓✓',
  read: '✓✓',
  failed: '✗',
}

export function ThreadMessage({ message }: { message: Message }) {
  const { t, language } = useI18n()
  const time = new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit' }).format(Date.parse(message.created_at))
  const outbound = message.direction === 'outbound'
  return (
    <li
      className={`thread-message thread-message--${message.direction} thread-message--${message.status}`}
      data-testid="thread-message"
      data-direction={message.direction}
      data-status={message.status}
    >
      <div className="thread-message__bubble">{message.text}</div>
      <div className="thread-message__meta">
        <time dateTime={message.created_at}>{time}</time>
        {outbound && (
          <span
            className="thread-message__status"
            title={t(`thread.status.${message.status}`)}
            aria-label={t(`thread.status.${message.status}`)}
          >
            {statusIcon[message.status]}
          </span>
        )}
      </div>
    </li>
  )
}
