import { useT } from '../i18n/useT'
import { ConversationList } from './ConversationList'
import { EmptyInbox } from './EmptyInbox'
import { LiveStatus } from './LiveStatus'
import { Thread } from './Thread'
import { useInbox } from './useInbox'

export function InboxPage({ conversationId }: { conversationId: string | null }) {
  const t = useT()
  const { state, live, loadError, send } = useInbox(conversationId)
  const { conversations, conversationsLoaded, thread } = state
  const conversation = conversations.find((candidate) => candidate.id === conversationId)
  const showEmpty = conversationsLoaded && conversations.length === 0 && conversationId === null

  return (
    <div className={`inbox${conversationId || showEmpty ? ' inbox--thread-open' : ''}`}>
      <aside className="inbox__list" aria-label={t('inbox.title')}>
        <header className="inbox__list-header">
          <h1>{t('inbox.title')}</h1>
          <LiveStatus open={live} />
        </header>
        {loadError && (
          <p className="form-error" role="alert">
            {t('error.network')}
          </p>
        )}
        {!conversationsLoaded && !loadError && <p className="muted inbox__hint">{t('app.loading')}</p>}
        <ConversationList conversations={conversations} selectedId={conversationId} />
      </aside>
      <main className="inbox__thread">
        {showEmpty ? (
          <EmptyInbox />
        ) : thread ? (
          <Thread thread={thread} conversation={conversation} onSend={send} />
        ) : (
          <div className="thread thread--placeholder">
            <p className="muted">{t('inbox.noSelection')}</p>
          </div>
        )}
      </main>
    </div>
  )
}
