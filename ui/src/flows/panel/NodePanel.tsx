import { useShallow } from 'zustand/react/shallow'
import { useT } from '../../i18n/useT'
import { useBuilder, useBuilderStore } from '../builder/context'
import { toFlowNode } from '../convert'
import type { FlowNode } from '../graph'
import { problemText } from '../problems'
import { nodeErrors } from '../validation'
import { NodeForm } from './NodeForm'
import { TextInput } from './fields'

/** The selected step's properties, each with what to fix in it. */
export function NodePanel({ nodeId }: { nodeId: string }) {
  const t = useT()
  const store = useBuilderStore()
  const canvasNode = useBuilder((state) => state.nodes.find((node) => node.id === nodeId))
  const problems = useBuilder(useShallow((state) => state.problems.filter((problem) => problem.node_id === nodeId)))
  if (!canvasNode) return null
  const node = toFlowNode(canvasNode)
  const errors = nodeErrors(node)

  const message = (field: string): string | null => {
    const error = errors[field]
    if (error) return t(error.key, error.values)
    const problem = problems.find((candidate) => candidate.field === field)
    return problem ? problemText(problem.message, t) : null
  }
  const update = (patch: Partial<FlowNode>, key: string | null) =>
    store.getState().updateNode(nodeId, (current) => ({ ...current, ...patch }) as FlowNode, key ?? undefined)
  const general = problems.filter((problem) => !problem.field)

  return (
    <div className="node-panel" data-testid="node-panel" data-node-id={nodeId} data-node-type={node.type}>
      <header className="node-panel__header">
        <h2>{t(`flows.node.${node.type}`)}</h2>
        <p className="muted small">{t(`flows.help.${node.type}`)}</p>
      </header>
      {general.map((problem, index) => (
        <p key={index} className="form-error" role="alert" data-testid="panel-problem">
          {problemText(problem.message, t)}
        </p>
      ))}
      <TextInput label={t('flows.panel.label')} name="label" value={node.label} message={message('label')} onChange={(label) => update({ label }, 'label')} />
      <NodeForm node={node} update={update} message={message} />
      <footer className="node-panel__footer">
        <span className="muted small">{t('flows.panel.id', { id: nodeId })}</span>
        {node.type !== 'start' && (
          <button type="button" className="button button--small button--danger" data-testid="node-delete" onClick={() => store.getState().removeNode(nodeId)}>
            {t('flows.panel.delete')}
          </button>
        )}
      </footer>
    </div>
  )
}
