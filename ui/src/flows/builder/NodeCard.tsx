import { Handle, Position, type NodeProps } from '@xyflow/react'
import { useShallow } from 'zustand/react/shallow'
import { useI18n } from '../../i18n/useT'
import type { CanvasNode } from '../convert'
import { trafficBadge } from '../dropOff'
import type { FlowNode } from '../graph'
import { hasInput, outputs } from '../outputs'
import { problemText } from '../problems'
import { nodeSummary, outputLabel } from '../summary'
import { blocksSaving, nodeErrors } from '../validation'
import { useBuilder, useDirectory } from './context'

const noTriggers: never[] = []

/** A step on the canvas: its kind, label and summary, its problems, and one handle per output. */
export function NodeCard({ id, data, selected }: NodeProps<CanvasNode>) {
  const { t, language } = useI18n()
  const directory = useDirectory()
  const node = { ...data, id, position: { x: 0, y: 0 } } as FlowNode
  const problems = useBuilder(useShallow((state) => state.problems.filter((problem) => problem.node_id === id)))
  const onPath = useBuilder((state) => state.path.nodes.has(id))
  // The drop-off view's counts for this step (the map's own object, so the card renders only when it changes).
  const trafficShown = useBuilder((state) => state.traffic !== null)
  const traffic = useBuilder((state) => state.traffic?.nodes.get(id))
  const badge = trafficShown ? trafficBadge(node.type, traffic, language) : null
  const triggers = useBuilder((state) => (node.type === 'start' ? state.triggers : noTriggers))
  const lines = nodeSummary(node, t, { triggers, flowNames: directory.flows, teamNames: directory.teams })
  const names = outputs(node)
  const incomplete = blocksSaving(nodeErrors(node))
  const classes = [
    'flow-node',
    `flow-kind--${node.type}`,
    selected ? 'flow-node--selected' : '',
    problems.length > 0 ? 'flow-node--problem' : incomplete ? 'flow-node--incomplete' : '',
    onPath ? 'flow-node--path' : '',
  ]

  return (
    <div className={classes.filter(Boolean).join(' ')} data-testid="flow-node" data-node-id={id} data-node-type={node.type} data-problem={problems.length > 0}>
      {hasInput(node) && <Handle type="target" position={Position.Left} className="flow-node__input" />}
      <header className="flow-node__header">
        <span className="flow-node__kind">{t(`flows.node.${node.type}`)}</span>
        {node.label && <span className="flow-node__label">{node.label}</span>}
      </header>
      <div className="flow-node__summary" data-testid="node-summary">
        {lines.map((line, index) => (
          <p key={index}>{line}</p>
        ))}
      </div>
      {badge && (
        <p className={`flow-node__traffic${badge.losing ? ' flow-node__traffic--losing' : ''}`} data-testid="node-traffic" data-entered={badge.entered}>
          {badge.dropOff === null ? t('flows.dropOff.badgeEntered', { entered: badge.entered }) : t('flows.dropOff.badge', { entered: badge.entered, percent: badge.dropOff })}
        </p>
      )}
      {problems.map((problem, index) => (
        <p key={index} className="flow-node__problem" data-testid="node-problem">
          {problemText(problem.message, t)}
        </p>
      ))}
      {names.length === 1 && names[0] === 'next' ? (
        <Handle type="source" position={Position.Right} id="next" className="flow-node__output-handle" data-testid="node-output" data-output="next" />
      ) : (
        names.length > 0 && (
          <ul className="flow-node__outputs">
            {names.map((name) => (
              <li key={name} className="flow-node__output">
                <span>{outputLabel(node, name, t)}</span>
                <Handle type="source" position={Position.Right} id={name} className="flow-node__output-handle" data-testid="node-output" data-output={name} />
              </li>
            ))}
          </ul>
        )
      )}
    </div>
  )
}
