import { ReactFlowProvider } from '@xyflow/react'
import '@xyflow/react/dist/style.css'
import '../flows.css'
import { useCallback } from 'react'
import { useT } from '../../i18n/useT'
import { ResourceStatus } from '../../shared/ResourceStatus'
import { useResource } from '../../shared/useResource'
import { flowsApi } from '../api'
import { Builder } from './Builder'

/** `/flows/{id}`: loads the flow, then the canvas and its panels. */
export function FlowBuilderPage({ flowId }: { flowId: string }) {
  const t = useT()
  const flow = useResource(useCallback(() => flowsApi.get(flowId), [flowId]))
  if (flow.state.phase === 'error' && flow.state.status === 404) {
    return (
      <main className="page">
        <p className="form-error" role="alert" data-testid="flow-not-found">
          {t('flows.builder.notFound')}
        </p>
      </main>
    )
  }
  if (flow.state.phase !== 'ready') {
    return (
      <main className="page">
        <ResourceStatus state={flow.state} />
      </main>
    )
  }
  return (
    <ReactFlowProvider>
      <Builder flow={flow.state.data} />
    </ReactFlowProvider>
  )
}
