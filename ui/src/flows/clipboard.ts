import type { FlowEdge, FlowNode } from './graph'
import { uniqueId, type Random } from './ids'

/** Copied steps: the nodes and the connections between them (never to steps left behind). */
export interface Clip {
  nodes: FlowNode[]
  edges: FlowEdge[]
}

/** What Ctrl+C keeps of the selection. The start is left out: a flow has exactly one. */
export function copySelection(nodes: readonly FlowNode[], edges: readonly FlowEdge[], selected: ReadonlySet<string>): Clip | null {
  const copied = nodes.filter((node) => selected.has(node.id) && node.type !== 'start')
  if (copied.length === 0) return null
  const ids = new Set(copied.map((node) => node.id))
  return {
    nodes: structuredClone(copied),
    edges: structuredClone(edges.filter((edge) => ids.has(edge.source) && ids.has(edge.target))),
  }
}

/**
 * The clip ready to add to a flow that already has `takenIds`: every node and edge gets a new id,
 * the edges follow their nodes, and everything moves by `offset` so the copy does not hide the
 * original. Output ids inside a node (rules, intents, branches) stay: they are unique per node.
 */
export function pasteClip(
  clip: Clip,
  takenIds: ReadonlySet<string>,
  offset: { x: number; y: number },
  random?: Random,
): Clip {
  const taken = new Set(takenIds)
  const renamed = new Map<string, string>()
  const nodes = clip.nodes.map((node) => {
    const id = uniqueId(node.type, taken, random)
    taken.add(id)
    renamed.set(node.id, id)
    return { ...structuredClone(node), id, position: { x: node.position.x + offset.x, y: node.position.y + offset.y } }
  })
  const edges = clip.edges.flatMap((edge) => {
    const source = renamed.get(edge.source)
    const target = renamed.get(edge.target)
    if (source === undefined || target === undefined) return []
    const id = uniqueId('edge', taken, random)
    taken.add(id)
    return [{ ...edge, id, source, target }]
  })
  return { nodes, edges }
}
