import type { components } from '../client/schema'
import { isNodeType, newNode } from './defaults'
import type { FlowEdge, FlowGraph, FlowNode, FlowProblem, FlowTrigger, FlowVariable } from './graph'

// The API's graphs, triggers and problems as the builder holds them: every field filled. The
// server sends them whole; a field it leaves out gets the schema's default, as pydantic would.

type Schemas = components['schemas']
type WireGraph = Schemas['FlowGraph']
type WireNode = NonNullable<WireGraph['nodes']>[number]
type WireTrigger = Schemas['FlowPublic']['triggers'][number]

function normalizeNode(node: WireNode): FlowNode[] {
  if (!isNodeType(node.type)) return []
  const defaults = newNode(node.type, node.id, { x: node.position?.x ?? 0, y: node.position?.y ?? 0 })
  const inner = node.type === 'condition' ? { rules: node.rules.map((rule) => ({ ...rule, keywords: rule.keywords ?? [] })) } : {}
  const filled = { ...defaults, ...node, ...inner, position: defaults.position } as FlowNode
  return [filled]
}

export function normalizeGraph(graph: WireGraph): FlowGraph {
  return {
    nodes: (graph.nodes ?? []).flatMap(normalizeNode),
    edges: (graph.edges ?? []).map((edge): FlowEdge => ({ ...edge, source_handle: edge.source_handle ?? 'next' })),
    variables: (graph.variables ?? []).map((variable): FlowVariable => ({ name: variable.name, default: variable.default ?? '' })),
  }
}

export function normalizeTrigger(trigger: WireTrigger): FlowTrigger {
  switch (trigger.type) {
    case 'keyword':
      return { ...trigger, match: trigger.match ?? 'exact', channels: trigger.channels ?? [] }
    case 'new_contact':
    case 'fallback':
      return { ...trigger, channels: trigger.channels ?? [] }
    case 'manual':
      return trigger
  }
}

export function normalizeProblems(problems: readonly Schemas['FlowProblem'][]): FlowProblem[] {
  return problems.map((problem) => ({ node_id: problem.node_id ?? null, field: problem.field ?? null, message: problem.message }))
}
