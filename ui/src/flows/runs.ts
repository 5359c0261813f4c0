import type { FlowEdge } from './graph'

/** One step a bot run took (`FlowRunStep`), as the runs endpoint lists them in order. */
export interface RunStep {
  node_id: string
  node_type: string
  outcome: string | null
  started_at: string
  finished_at: string | null
  detail?: unknown
}

/** The nodes and edges a run went through, to light up on the canvas. */
export interface RunPath {
  nodes: ReadonlySet<string>
  edges: ReadonlySet<string>
}

export const emptyPath: RunPath = { nodes: new Set(), edges: new Set() }

/**
 * The path of a run over the graph: every node it entered, and the edge between each step and the
 * next one (the one leaving the output the step ended on, when several lead there).
 */
export function runPath(steps: readonly RunStep[], edges: readonly FlowEdge[]): RunPath {
  const nodes = new Set(steps.map((step) => step.node_id))
  const taken = new Set<string>()
  steps.forEach((step, index) => {
    const next = steps[index + 1]
    if (!next) return
    const candidates = edges.filter((edge) => edge.source === step.node_id && edge.target === next.node_id)
    const edge = candidates.find((candidate) => candidate.source_handle === step.outcome) ?? candidates[0]
    if (edge) taken.add(edge.id)
  })
  return { nodes, edges: taken }
}
