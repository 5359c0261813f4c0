import { temporalWorkflowUrl, useSession } from '../../auth/session'
import { useI18n } from '../../i18n/useT'
import { FormError } from '../../shared/FormError'
import { formatDateTime } from '../../shared/formatDate'
import { Link } from '../../shared/Link'
import { useAction } from '../../shared/useAction'
import type { Conversation, ConversationPatch } from '../api'
import { ChannelIcon } from '../ChannelIcon'
import { Icon } from '../icons'
import type { Inbox } from '../useInbox'
import type { Directory } from '../useDirectory'
import { AssignMenu } from './AssignMenu'
import { LabelsEditor } from './LabelsEditor'
import { SnoozeMenu } from './SnoozeMenu'

interface Props {
  conversation: Conversation
  inbox: Pick<Inbox, 'update' | 'setLabels'>
  directory: Directory
  canReply: boolean
  panelOpen: boolean
  onTogglePanel: () => void
}

/** Who the conversation is with, where it stands, and what an agent can do with it. */
export function ThreadHeader({ conversation, inbox, directory, canReply, panelOpen, onTogglePanel }: Props) {
  const { t, language } = useI18n()
  const { me } = useSession()
  const action = useAction()
  const closed = conversation.status === 'closed'

  const update = async (patch: ConversationPatch) => (await action.run(() => inbox.update(patch))) !== null
  const setLabels = async (labels: string[]) => {
    const done = (await action.run(() => inbox.setLabels(labels))) !== null
    if (done) directory.reloadLabels()
    return done
  }

  return (
    <header className="thread__header" data-testid="thread-header" data-status={conversation.status} data-mode={conversation.mode}>
      <div className="thread__header-row">
        <Link href="/inbox" className="thread__back" aria-label={t('inbox.back')}>
          ←
        </Link>
        <div className="thread__title">
          <h2 data-testid="thread-title">{conversation.contact_name}</h2>
          <ChannelIcon kind={conversation.channel_kind} />
          <span className={`chip chip--status-${conversation.status}`} data-testid="thread-status">
            {conversation.status === 'snoozed'
              ? t('inbox.snoozedUntil', { when: formatDateTime(conversation.snoozed_until, language) })
              : t(`inbox.status.${conversation.status}`)}
          </span>
          {conversation.mode === 'bot' && <span className="chip chip--bot">{t('inbox.mode.bot')}</span>}
        </div>
        <button type="button" className="button button--small button--ghost" aria-pressed={panelOpen} data-testid="contact-panel-toggle" onClick={onTogglePanel}>
          {t('inbox.contactPanel.toggle')}
        </button>
        {me.temporal_ui_url && (
          <a className="button button--small button--ghost" href={temporalWorkflowUrl(me.temporal_ui_url, conversation.workflow_id)} target="_blank" rel="noreferrer">
            {t('thread.openInTemporal')} ↗
          </a>
        )}
      </div>
      {canReply && (
        <div className="thread__actions">
          <AssignMenu conversation={conversation} agents={directory.agents} teams={directory.teams} meId={me.user.id} busy={action.busy} onChange={(patch) => void update(patch)} />
          {!closed && <SnoozeMenu busy={action.busy} onSnooze={update} />}
          {conversation.status === 'snoozed' && (
            <button type="button" className="button button--small" data-testid="unsnooze" disabled={action.busy} onClick={() => void update({ status: 'open' })}>
              {t('inbox.snooze.wakeNow')}
            </button>
          )}
          {closed ? (
            <button type="button" className="button button--small" data-testid="reopen" disabled={action.busy} onClick={() => void update({ status: 'open' })}>
              {t('inbox.reopen')}
            </button>
          ) : (
            <button type="button" className="button button--small" data-testid="close" disabled={action.busy} onClick={() => void update({ status: 'closed' })}>
              ✓ {t('inbox.close')}
            </button>
          )}
          {conversation.mode === 'human' ? (
            <button type="button" className="button button--small" data-testid="mode-bot" disabled={action.busy} onClick={() => void update({ mode: 'bot' })}>
              <Icon name="bot" /> {t('inbox.mode.handBack')}
            </button>
          ) : (
            <button type="button" className="button button--small button--primary" data-testid="mode-human" disabled={action.busy} onClick={() => void update({ mode: 'human' })}>
              {t('inbox.mode.takeOver')}
            </button>
          )}
        </div>
      )}
      <LabelsEditor labels={conversation.labels ?? []} known={directory.labels} busy={action.busy} readOnly={!canReply} onChange={setLabels} />
      <FormError message={action.error} testId="thread-action-error" />
    </header>
  )
}
