import { useState } from 'react'
import { useI18n } from '../../i18n/useT'
import { formatDateTime } from '../../shared/formatDate'
import type { CannedResponse, Conversation } from '../api'
import { Icon } from '../icons'
import type { Inbox } from '../useInbox'
import { MessageEditor } from './MessageEditor'
import { TemplateComposer } from './TemplateComposer'
import { useReplyWindow } from './useReplyWindow'

interface Props {
  conversation: Conversation
  inbox: Pick<Inbox, 'send' | 'addNote'>
  canned: readonly CannedResponse[]
}

type Mode = 'reply' | 'note'

/** A reply to the contact, or a private note to the team; templates only when WhatsApp says so. */
export function Composer({ conversation, inbox, canned }: Props) {
  const { t, language } = useI18n()
  const [mode, setMode] = useState<Mode>('reply')
  const replyWindow = useReplyWindow(conversation)
  const modes: Mode[] = ['reply', 'note']

  return (
    <div className={`composer composer--${mode}`} data-testid="composer" data-mode={mode} data-window={replyWindow.kind}>
      <div className="composer__tabs" role="group" aria-label={t('composer.modes')}>
        {modes.map((candidate) => (
          <button
            key={candidate}
            type="button"
            className={`composer__tab${mode === candidate ? ' composer__tab--active' : ''}`}
            aria-pressed={mode === candidate}
            data-testid={`composer-mode-${candidate}`}
            onClick={() => setMode(candidate)}
          >
            {candidate === 'reply' ? (
              t('composer.mode.reply')
            ) : (
              <>
                <Icon name="lock" /> {t('composer.mode.note')}
              </>
            )}
          </button>
        ))}
        {replyWindow.kind === 'open' && (
          <span className="composer__window muted small" data-testid="window-open">
            {t('composer.window.openUntil', { when: formatDateTime(replyWindow.closesAt, language) })}
          </span>
        )}
      </div>
      {mode === 'reply' && replyWindow.kind === 'closed' ? (
        <TemplateComposer conversation={conversation} closedAt={replyWindow.closedAt} inbox={inbox} />
      ) : (
        <MessageEditor key={mode} mode={mode} conversation={conversation} inbox={inbox} canned={canned} />
      )}
    </div>
  )
}
