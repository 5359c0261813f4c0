import '../flows.css'
import { useCallback } from 'react'
import { useT } from '../../i18n/useT'
import { flowPath, navigate } from '../../router'
import { Page } from '../../shared/Page'
import { ResourceStatus } from '../../shared/ResourceStatus'
import { useResource } from '../../shared/useResource'
import { flowsApi, type FlowSummary } from '../api'
import { CreateFlowForm } from './CreateFlowForm'
import { FlowsTable } from './FlowsTable'

/** The workspace's chatbot flows: create one, open its builder, activate, delete. */
export function FlowsPage() {
  const t = useT()
  const flows = useResource(useCallback(() => flowsApi.list(), []))
  const change = (next: (list: FlowSummary[]) => FlowSummary[]) => flows.update((page) => ({ data: next(page.data) }))

  return (
    <Page title={t('flows.title')} subtitle={t('flows.subtitle')}>
      <section className="section">
        <h2>{t('flows.createTitle')}</h2>
        <CreateFlowForm onCreated={(id) => navigate(flowPath(id))} />
      </section>
      <section className="section">
        <h2>{t('flows.listTitle')}</h2>
        <ResourceStatus state={flows.state} />
        {flows.state.phase === 'ready' && (
          <FlowsTable
            flows={flows.state.data.data}
            onChanged={(changed) => change((list) => list.map((flow) => (flow.id === changed.id ? changed : flow)))}
            onDeleted={(id) => change((list) => list.filter((flow) => flow.id !== id))}
          />
        )}
      </section>
    </Page>
  )
}
