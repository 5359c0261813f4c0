import { useI18n } from '../../i18n/useT'
import { formatDateTime } from '../../shared/formatDate'
import type { ConversationNote } from '../api'
import { Icon } from '../icons'

/** A private note between agents, in the thread where it was written; never sent to the contact. */
export function ThreadNote({ note }: { note: ConversationNote }) {
  const { t, language } = useI18n()
  return (
    <li className="thread-note" data-testid="thread-note">
      <div className="thread-note__head">
        <span className="thread-note__label">
          <Icon name="lock" /> {t('note.private')}
        </span>
        <strong>{note.author_name}</strong>
        <time dateTime={note.created_at}>{formatDateTime(note.created_at, language)}</time>
      </div>
      <p className="thread-note__body">{note.body}</p>
    </li>
  )
}
