import { useI18n } from '../../i18n/useT'
import type { Message } from '../api'
import { Icon } from '../icons'
import { deliveryNotice } from '../deliveryNotice'
import { statusTick } from '../statusTicks'
import { MessageBody } from './MessageBody'

export function ThreadMessage({ message, authorName }: { message: Message; authorName: string | null }) {
  const { t, language } = useI18n()
  const time = new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit' }).format(Date.parse(message.created_at))
  const tick = statusTick(message.status, message.direction)
  const notice = deliveryNotice(message, t)
  return (
    <li
      className={`thread-message thread-message--${message.direction} thread-message--${message.status}`}
      data-testid="thread-message"
      data-message-id={message.id}
      data-direction={message.direction}
      data-status={message.status}
      data-kind={message.content?.kind ?? 'text'}
    >
      <div className="thread-message__bubble">
        <MessageBody message={message} />
      </div>
      {notice && (
        <p
          className={`thread-message__error thread-message__error--${notice.tone}`}
          data-testid="message-error"
          data-tone={notice.tone}
          title={notice.detail}
        >
          {notice.text}
        </p>
      )}
      <div className="thread-message__meta">
        {authorName && <span>{authorName}</span>}
        <time dateTime={message.created_at}>{time}</time>
        {tick.tone !== 'none' && (
          <span
            className={`thread-message__status tick tick--${tick.tone}`}
            data-testid="message-tick"
            title={t(`thread.status.${message.status}`)}
            aria-label={t(`thread.status.${message.status}`)}
          >
            {tick.clock ? <Icon name="clock" /> : tick.glyph}
          </span>
        )}
      </div>
    </li>
  )
}
