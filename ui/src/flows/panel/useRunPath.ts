import { useCallback, useState } from 'react'
import { errorDetail } from '../../client'
import { useT } from '../../i18n/useT'
import { endpointMissing, flowsApi } from '../api'
import { useBuilderStore } from '../builder/context'
import { toFlowEdge } from '../convert'
import { emptyPath, runPath, type RunStep } from '../runs'

export type RunView =
  | { phase: 'idle' }
  | { phase: 'loading' }
  | { phase: 'unavailable' }
  | { phase: 'error'; message: string }
  | { phase: 'shown'; steps: RunStep[]; temporalUrl: string | null }

/** Loads the steps bot runs took in a conversation and lights their path on the canvas. */
export function useRunPath(flowId: string) {
  const t = useT()
  const store = useBuilderStore()
  const [view, setView] = useState<RunView>({ phase: 'idle' })

  const show = useCallback(
    async (conversationId: string) => {
      setView({ phase: 'loading' })
      try {
        const { data, error, response } = await flowsApi.runs(flowId, conversationId.trim())
        if (endpointMissing(response.status, error)) return setView({ phase: 'unavailable' })
        if (!data) return setView({ phase: 'error', message: errorDetail(error) ?? t('error.generic') })
        store.getState().setPath(runPath(data.steps, store.getState().edges.map(toFlowEdge)))
        setView({ phase: 'shown', steps: data.steps, temporalUrl: data.temporal_url })
      } catch {
        setView({ phase: 'error', message: t('error.network') })
      }
    },
    [flowId, store, t],
  )

  const clear = useCallback(() => {
    store.getState().setPath(emptyPath)
    setView({ phase: 'idle' })
  }, [store])

  return { view, show, clear }
}
