import { useState } from 'react'
import { can } from '../auth/permissions'
import { useSession } from '../auth/session'
import { useT } from '../i18n/useT'
import { ContactPanel } from './ContactPanel'
import { EmptyInbox } from './EmptyInbox'
import { FilterBar } from './list/FilterBar'
import { ConversationList } from './list/ConversationList'
import { StatusTabs } from './list/StatusTabs'
import { LiveStatus } from './LiveStatus'
import type { InboxState } from './state'
import { Thread } from './thread/Thread'
import { useDirectory } from './useDirectory'
import { useInbox } from './useInbox'

/** The workspace has no conversation at all (not just none under this filter). */
function nothingYet(state: InboxState): boolean {
  const { counts } = state
  if (counts === null) return false
  return counts.open + counts.pending + counts.snoozed + counts.closed === 0 && state.conversations.length === 0
}

export function InboxPage({ conversationId }: { conversationId: string | null }) {
  const t = useT()
  const { me } = useSession()
  const inbox = useInbox(conversationId, me.user.id)
  const directory = useDirectory()
  const [panelOpen, setPanelOpen] = useState(true)
  const { state, live, loadError, loadingMore } = inbox
  const { conversations, conversationsLoaded, thread, open, filter } = state
  const showEmpty = conversationsLoaded && conversationId === null && nothingYet(state)
  const canReply = can(me.permissions, 'inbox:reply')
  const showPanel = panelOpen && open !== null && thread?.phase !== 'missing'

  return (
    <div className={`inbox${conversationId || showEmpty ? ' inbox--thread-open' : ''}${showPanel ? ' inbox--panel-open' : ''}`}>
      <aside className="inbox__list" aria-label={t('inbox.title')}>
        <header className="inbox__list-header">
          <h1>{t('inbox.title')}</h1>
          <LiveStatus open={live} />
        </header>
        <StatusTabs status={filter.status} counts={state.counts} onChange={(status) => inbox.setFilter({ ...filter, status })} />
        <FilterBar filter={filter} counts={state.counts} teams={directory.teams} labels={directory.labels} onChange={inbox.setFilter} />
        {loadError && (
          <p className="form-error" role="alert">
            {t('error.network')}
          </p>
        )}
        {!conversationsLoaded && !loadError && <p className="muted inbox__hint">{t('app.loading')}</p>}
        {conversationsLoaded && conversations.length === 0 && !showEmpty && (
          <p className="muted inbox__hint" data-testid="inbox-no-match">
            {t('inbox.filter.noMatch')}
          </p>
        )}
        <ConversationList conversations={conversations} selectedId={conversationId} meId={me.user.id} agents={directory.agents} teams={directory.teams} />
        {state.nextCursor !== null && (
          <button type="button" className="button button--small inbox__more" data-testid="inbox-load-more" disabled={loadingMore} onClick={inbox.loadMore}>
            {loadingMore ? t('app.loading') : t('common.loadMore')}
          </button>
        )}
      </aside>
      <main className="inbox__thread">
        {showEmpty ? (
          <EmptyInbox />
        ) : thread ? (
          <Thread
            thread={thread}
            conversation={open}
            inbox={inbox}
            directory={directory}
            canReply={canReply}
            panelOpen={showPanel}
            onTogglePanel={() => setPanelOpen(!panelOpen)}
          />
        ) : (
          <div className="thread thread--placeholder">
            <p className="muted">{t('inbox.noSelection')}</p>
          </div>
        )}
      </main>
      {showPanel && <ContactPanel key={open.contact_id} contactId={open.contact_id} onClose={() => setPanelOpen(false)} />}
    </div>
  )
}
