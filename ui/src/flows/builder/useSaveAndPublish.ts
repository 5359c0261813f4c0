import { useCallback, useState } from 'react'
import { errorDetail } from '../../client'
import { useT } from '../../i18n/useT'
import { flowsApi, refusedProblems, type LoadedFlow } from '../api'
import { schemaIssues } from '../problems'
import { triggerErrors, variableErrors } from '../settingsValidation'
import { documentOf, isDirty, type BuilderStore } from '../store'
import { toFlowNode } from '../convert'
import { blocksSaving, nodeErrors } from '../validation'

export interface FlowMeta {
  name: string
  active: boolean
  published_version: number | null
}

export interface Notice {
  tone: 'success' | 'error'
  text: string
}

export interface BuilderActions {
  meta: FlowMeta
  busy: 'saving' | 'publishing' | null
  notice: Notice | null
  save: () => Promise<boolean>
  publish: () => Promise<void>
  restored: (flow: LoadedFlow) => void
}

/** Saving the draft (after checking what the schema would refuse) and publishing it. */
export function useSaveAndPublish(store: BuilderStore, flow: LoadedFlow): BuilderActions {
  const t = useT()
  const [meta, setMeta] = useState<FlowMeta>({ name: flow.name, active: flow.active, published_version: flow.published_version })
  const [busy, setBusy] = useState<BuilderActions['busy']>(null)
  const [notice, setNotice] = useState<Notice | null>(null)

  const save = useCallback(async (): Promise<boolean> => {
    const state = store.getState()
    const document = documentOf(state)
    const invalid =
      state.nodes.some((node) => blocksSaving(nodeErrors(toFlowNode(node)))) ||
      Object.keys(triggerErrors(state.triggers)).length > 0 ||
      Object.keys(variableErrors(state.variables)).length > 0
    if (invalid) {
      setNotice({ tone: 'error', text: t('flows.builder.fixFields') })
      return false
    }
    setBusy('saving')
    setNotice(null)
    try {
      const { data, error, response } = await flowsApi.saveDraft(flow.id, document.graph, document.triggers)
      if (data) {
        store.getState().markSaved(document, data.problems)
        setNotice({ tone: 'success', text: t('flows.builder.saved') })
        return true
      }
      if (response.status === 422) {
        store.getState().setProblems(schemaIssues(error, document.graph))
        setNotice({ tone: 'error', text: t('flows.builder.schemaRefused') })
      } else setNotice({ tone: 'error', text: errorDetail(error) ?? t('error.generic') })
      return false
    } catch {
      setNotice({ tone: 'error', text: t('error.network') })
      return false
    } finally {
      setBusy(null)
    }
  }, [flow.id, store, t])

  const publish = useCallback(async () => {
    if (isDirty(store.getState()) && !(await save())) return
    setBusy('publishing')
    setNotice(null)
    try {
      const { data, error, response } = await flowsApi.publish(flow.id)
      if (data) {
        store.getState().setProblems([])
        setMeta((current) => ({ ...current, published_version: data.version }))
        setNotice({ tone: 'success', text: t('flows.builder.published', { version: data.version }) })
      } else if (response.status === 422) {
        store.getState().setProblems(refusedProblems(error))
        setNotice({ tone: 'error', text: t('flows.builder.publishProblems') })
      } else setNotice({ tone: 'error', text: errorDetail(error) ?? t('error.generic') })
    } catch {
      setNotice({ tone: 'error', text: t('error.network') })
    } finally {
      setBusy(null)
    }
  }, [flow.id, save, store, t])

  const restored = useCallback(
    (next: LoadedFlow) => {
      store.getState().load({ graph: next.graph, triggers: next.triggers }, next.problems)
      setMeta({ name: next.name, active: next.active, published_version: next.published_version })
    },
    [store],
  )

  return { meta, busy, notice, save, publish, restored }
}
