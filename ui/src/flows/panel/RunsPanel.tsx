import { useState, type FormEvent } from 'react'
import { useT } from '../../i18n/useT'
import { DropOffPanel } from './DropOffPanel'
import { RunSteps } from './RunSteps'
import { TextInput } from './fields'
import { useRunPath } from './useRunPath'

/** The run inspector: the path a real conversation's bot run took, and the drop-off per step, over the canvas. */
export function RunsPanel({ flowId }: { flowId: string }) {
  const t = useT()
  const [conversationId, setConversationId] = useState('')
  const { view, show, clear } = useRunPath(flowId)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (conversationId.trim()) void show(conversationId)
  }
  return (
    <div className="settings-panel" data-testid="runs-panel">
      <h2>{t('flows.runs.title')}</h2>
      <p className="muted small">{t('flows.runs.hint')}</p>
      <form onSubmit={submit} className="stack-form">
        <TextInput label={t('flows.runs.conversation')} name="conversation_id" value={conversationId} onChange={setConversationId} />
        <div className="button-row">
          <button type="submit" className="button button--small button--primary" disabled={!conversationId.trim()}>
            {t('flows.runs.show')}
          </button>
          <button type="button" className="button button--small" onClick={clear}>
            {t('flows.runs.clear')}
          </button>
        </div>
      </form>
      <RunSteps view={view} />
      <DropOffPanel flowId={flowId} />
    </div>
  )
}
