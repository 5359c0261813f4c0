import { useEffect, useRef } from 'react'
import { can } from '../auth/permissions'
import { temporalWorkflowUrl, useSession } from '../auth/session'
import type { Conversation, Message } from '../client/types'
import { useT } from '../i18n/useT'
import type { ThreadState } from './state'
import { Link } from '../shared/Link'
import { ReplyBox } from './ReplyBox'
import { ThreadMessage } from './ThreadMessage'

interface Props {
  thread: ThreadState
  conversation: Conversation | undefined
  onSend: (text: string) => Promise<Message | null>
}

export function Thread({ thread, conversation, onSend }: Props) {
  const t = useT()
  const { me } = useSession()
  const scroller = useRef<HTMLDivElement>(null)
  const lastMessageId = thread.messages.at(-1)?.id

  useEffect(() => {
    const element = scroller.current
    if (element) element.scrollTop = element.scrollHeight
  }, [lastMessageId, thread.conversationId])

  if (thread.phase === 'missing') {
    return (
      <section className="thread thread--placeholder">
        <p>{t('inbox.notFound')}</p>
        <Link href="/inbox">{t('inbox.back')}</Link>
      </section>
    )
  }

  return (
    <section className="thread" aria-label={conversation?.contact_name}>
      <header className="thread__header">
        <Link href="/inbox" className="thread__back" aria-label={t('inbox.back')}>
          ←
        </Link>
        <div className="thread__title">
          <h2>{conversation?.contact_name ?? ''}</h2>
          {conversation && <span className="chip">{t(`inbox.channel.${conversation.channel_kind}`)}</span>}
        </div>
        {me.temporal_ui_url && conversation && (
          <a
            className="button button--ghost"
            href={temporalWorkflowUrl(me.temporal_ui_url, conversation.workflow_id)}
            target="_blank"
            rel="noreferrer"
          >
            {t('thread.openInTemporal')} ↗
          </a>
        )}
      </header>
      <div className="thread__messages" ref={scroller}>
        {thread.phase === 'loading' && thread.messages.length === 0 ? (
          <p className="muted thread__hint">{t('thread.loading')}</p>
        ) : thread.messages.length === 0 ? (
          <p className="muted thread__hint">{t('inbox.noMessagesYet')}</p>
        ) : (
          <ol className="thread__list">
            {thread.messages.map((message) => (
              <ThreadMessage key={message.id} message={message} />
            ))}
          </ol>
        )}
      </div>
      {can(me.permissions, 'inbox:reply') && (
        <ReplyBox key={thread.conversationId} onSend={async (text) => (await onSend(text)) !== null} />
      )}
    </section>
  )
}
