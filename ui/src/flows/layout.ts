import type { FlowEdge, FlowNode, Position } from './graph'
import { outputs } from './outputs'

// A layered layout, left to right: each step sits one column right of the deepest step that leads
// to it (loops back to an earlier question are left out of that count), and a column is ordered by
// where its parents and their outputs are, so branches fan out in the order of the node's handles
// (which the cards list top to bottom on their right side).

export interface Size {
  width: number
  height: number
}

export const defaultSize: Size = { width: 260, height: 120 }
const columnGap = 90
const rowGap = 40

/** Edges that close a loop, found by a depth-first walk from the roots in node order. */
function backEdges(nodes: readonly FlowNode[], edges: readonly FlowEdge[], roots: readonly string[]): Set<string> {
  const children = new Map<string, FlowEdge[]>()
  for (const edge of edges) children.set(edge.source, [...(children.get(edge.source) ?? []), edge])
  const state = new Map<string, 'open' | 'done'>()
  const back = new Set<string>()
  const visit = (id: string) => {
    state.set(id, 'open')
    for (const edge of children.get(id) ?? []) {
      const seen = state.get(edge.target)
      if (seen === 'open') back.add(edge.id)
      else if (seen === undefined) visit(edge.target)
    }
    state.set(id, 'done')
  }
  for (const id of [...roots, ...nodes.map((node) => node.id)]) if (!state.has(id)) visit(id)
  return back
}

/** The column of every node: the longest path to it from a root, loops left out. */
function columns(nodes: readonly FlowNode[], edges: readonly FlowEdge[]): Map<string, number> {
  const ids = new Set(nodes.map((node) => node.id))
  const forward = edges.filter((edge) => ids.has(edge.source) && ids.has(edge.target) && edge.source !== edge.target)
  const hasParent = new Set(forward.map((edge) => edge.target))
  const start = nodes.find((node) => node.type === 'start')
  const roots = [...(start ? [start.id] : []), ...nodes.filter((node) => !hasParent.has(node.id)).map((node) => node.id)]
  const back = backEdges(nodes, forward, roots)
  const acyclic = forward.filter((edge) => !back.has(edge.id))
  const incoming = new Map<string, number>(nodes.map((node) => [node.id, 0]))
  for (const edge of acyclic) incoming.set(edge.target, (incoming.get(edge.target) ?? 0) + 1)
  const row = new Map<string, number>(nodes.map((node) => [node.id, 0]))
  const queue = nodes.filter((node) => incoming.get(node.id) === 0).map((node) => node.id)
  for (let index = 0; index < queue.length; index += 1) {
    const id = queue[index] ?? ''
    for (const edge of acyclic.filter((candidate) => candidate.source === id)) {
      row.set(edge.target, Math.max(row.get(edge.target) ?? 0, (row.get(id) ?? 0) + 1))
      const left = (incoming.get(edge.target) ?? 1) - 1
      incoming.set(edge.target, left)
      if (left === 0) queue.push(edge.target)
    }
  }
  return row
}

/** New positions for every node. `sizes` holds what the canvas measured; others get a default. */
export function layeredLayout(
  nodes: readonly FlowNode[],
  edges: readonly FlowEdge[],
  sizes: ReadonlyMap<string, Size> = new Map(),
): Map<string, Position> {
  const columnOf = columns(nodes, edges)
  const byId = new Map(nodes.map((node) => [node.id, node]))
  const sizeOf = (id: string) => sizes.get(id) ?? defaultSize
  const positions = new Map<string, Position>()
  const columnCount = Math.max(0, ...columnOf.values()) + 1
  let left = 0
  for (let current = 0; current < columnCount; current += 1) {
    const members = nodes.filter((node) => columnOf.get(node.id) === current)
    // Where each node would like to be: level with the handle its parents reach it from.
    const wish = new Map<string, number>()
    members.forEach((node, index) => {
      const anchors = edges.flatMap((edge) => {
        const parent = byId.get(edge.source)
        const at = positions.get(edge.source)
        if (edge.target !== node.id || !parent || !at) return []
        const handles = outputs(parent)
        const slot = (handles.indexOf(edge.source_handle) + 1) / (handles.length + 1)
        return [at.y + sizeOf(parent.id).height * slot]
      })
      wish.set(node.id, anchors.length ? anchors.reduce((a, b) => a + b, 0) / anchors.length : index * 1e-6 - 1e6)
    })
    const ordered = [...members].sort((a, b) => (wish.get(a.id) ?? 0) - (wish.get(b.id) ?? 0))
    const height = ordered.reduce((sum, node) => sum + sizeOf(node.id).height, 0) + rowGap * Math.max(0, ordered.length - 1)
    const anchored = ordered.map((node) => wish.get(node.id) ?? 0).filter((y) => y > -1e5)
    const center = anchored.length ? anchored.reduce((a, b) => a + b, 0) / anchored.length : 0
    let top = center - height / 2
    for (const node of ordered) {
      positions.set(node.id, { x: Math.round(left), y: Math.round(top) })
      top += sizeOf(node.id).height + rowGap
    }
    left += Math.max(0, ...ordered.map((node) => sizeOf(node.id).width)) + columnGap
  }
  return positions
}

/** Boxes of the steps already on the canvas, for placing a new one beside them. */
export interface Box extends Position, Size {}

/**
 * Where a new step of `size` may go near `wanted` without covering a step already there: the
 * wanted spot, or the first free one below it (the canvas grows downwards as steps are added).
 */
export function freeSpot(wanted: Position, size: Size, taken: readonly Box[]): Position {
  const overlaps = (at: Position) =>
    taken.some((box) => at.x < box.x + box.width + rowGap / 2 && box.x < at.x + size.width + rowGap / 2 && at.y < box.y + box.height + rowGap / 2 && box.y < at.y + size.height + rowGap / 2)
  let at = { ...wanted }
  for (let tries = 0; tries < 200 && overlaps(at); tries += 1) at = { x: at.x, y: at.y + rowGap }
  return at
}
