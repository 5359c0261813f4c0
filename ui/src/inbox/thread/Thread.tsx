import { useEffect, useMemo, useRef } from 'react'
import { useT } from '../../i18n/useT'
import { Link } from '../../shared/Link'
import type { Conversation } from '../api'
import { Composer } from '../composer/Composer'
import { agentName } from '../people'
import type { ThreadState } from '../state'
import { lastItemKey, threadItems } from '../timeline'
import type { Directory } from '../useDirectory'
import type { Inbox } from '../useInbox'
import { ThreadHeader } from './ThreadHeader'
import { ThreadMessage } from './ThreadMessage'
import { ThreadNote } from './ThreadNote'

interface Props {
  thread: ThreadState
  conversation: Conversation | null
  inbox: Inbox
  directory: Directory
  canReply: boolean
  panelOpen: boolean
  onTogglePanel: () => void
}

export function Thread({ thread, conversation, inbox, directory, canReply, panelOpen, onTogglePanel }: Props) {
  const t = useT()
  const scroller = useRef<HTMLDivElement>(null)
  const items = useMemo(() => threadItems(thread.messages, thread.notes), [thread.messages, thread.notes])
  const newest = lastItemKey(items)
  const names = useMemo(() => new Map(directory.agents.map((agent) => [agent.id, agentName(agent)])), [directory.agents])

  useEffect(() => {
    const element = scroller.current
    if (element) element.scrollTop = element.scrollHeight
  }, [newest, thread.conversationId])

  if (thread.phase === 'missing') {
    return (
      <section className="thread thread--placeholder" data-testid="thread-missing">
        <p>{t('inbox.notFound')}</p>
        <Link href="/inbox">{t('inbox.back')}</Link>
      </section>
    )
  }

  return (
    <section className="thread" aria-label={conversation?.contact_name} data-testid="thread">
      {conversation && (
        <ThreadHeader conversation={conversation} inbox={inbox} directory={directory} canReply={canReply} panelOpen={panelOpen} onTogglePanel={onTogglePanel} />
      )}
      <div className="thread__messages" ref={scroller}>
        {thread.phase === 'loading' && items.length === 0 ? (
          <p className="muted thread__hint">{t('thread.loading')}</p>
        ) : items.length === 0 ? (
          <p className="muted thread__hint">{t('inbox.noMessagesYet')}</p>
        ) : (
          <ol className="thread__list">
            {items.map((item) =>
              item.kind === 'message' ? (
                <ThreadMessage
                  key={item.message.id}
                  message={item.message}
                  authorName={item.message.author_user_id ? (names.get(item.message.author_user_id) ?? null) : null}
                />
              ) : (
                <ThreadNote key={item.note.id} note={item.note} />
              ),
            )}
          </ol>
        )}
      </div>
      {canReply && conversation && <Composer key={conversation.id} conversation={conversation} inbox={inbox} canned={directory.canned} />}
    </section>
  )
}
