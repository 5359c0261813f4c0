import { useCallback } from 'react'
import { can } from '../../auth/permissions'
import { useSession } from '../../auth/session'
import { useT } from '../../i18n/useT'
import { inboxApi, type CannedResponse } from '../../inbox/api'
import { Page } from '../../shared/Page'
import { ResourceStatus } from '../../shared/ResourceStatus'
import { useResource } from '../../shared/useResource'
import { CannedResponseForm } from './CannedResponseForm'
import { CannedResponsesTable } from './CannedResponsesTable'

const byShortcut = (a: CannedResponse, b: CannedResponse) => a.shortcut.localeCompare(b.shortcut)
const blank = { shortcut: '', title: '', body: '' }

/** Saved replies agents insert in the inbox by typing `/shortcut`. */
export function CannedResponsesPage() {
  const t = useT()
  const { me } = useSession()
  const canWrite = can(me.permissions, 'inbox:reply')
  const responses = useResource(useCallback(() => inboxApi.cannedResponses(), []))
  const change = (next: (list: CannedResponse[]) => CannedResponse[]) => responses.update((page) => ({ data: next(page.data).sort(byShortcut) }))

  return (
    <Page title={t('canned.title')} subtitle={t('canned.subtitle')}>
      {canWrite && (
        <section className="section">
          <h2>{t('canned.createTitle')}</h2>
          <CannedResponseForm
            initial={blank}
            submitLabel={t('canned.create')}
            testId="canned-form"
            save={inboxApi.createCannedResponse}
            onSaved={(created) => change((list) => [...list, created])}
          />
        </section>
      )}
      <section className="section">
        <h2>{t('canned.listTitle')}</h2>
        <ResourceStatus state={responses.state} />
        {responses.state.phase === 'ready' && (
          <CannedResponsesTable
            responses={[...responses.state.data.data].sort(byShortcut)}
            canWrite={canWrite}
            onChanged={(changed) => change((list) => list.map((item) => (item.id === changed.id ? changed : item)))}
            onDeleted={(id) => change((list) => list.filter((item) => item.id !== id))}
          />
        )}
      </section>
    </Page>
  )
}
