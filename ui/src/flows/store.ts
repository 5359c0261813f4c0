import { applyEdgeChanges, applyNodeChanges, type Connection, type EdgeChange, type NodeChange } from '@xyflow/react'
import { createStore, type StoreApi } from 'zustand/vanilla'
import { copySelection, pasteClip, type Clip } from './clipboard'
import { toCanvas, toCanvasNode, toFlowNode, toGraph, type CanvasEdge, type CanvasNode } from './convert'
import { newNode } from './defaults'
import type { FlowGraph, FlowNode, FlowProblem, FlowTrigger, FlowVariable, NodeType, Position } from './graph'
import { canRedo, canUndo, record, redo, startHistory, undo, type History } from './history'
import { uniqueId } from './ids'
import { layeredLayout, type Size } from './layout'
import { outputs } from './outputs'
import type { FlowTraffic } from './dropOff'
import { emptyPath, type RunPath } from './runs'

// The builder's one store (React Flow's state-management pattern): the canvas nodes and edges,
// the flow's triggers and variables, and the undo history of the document they make. Components
// read it through selectors; every change that alters the document goes through `commit`.

/** What is saved as the draft, and what undo/redo steps between. */
export interface FlowDocument {
  graph: FlowGraph
  triggers: FlowTrigger[]
}

export interface BuilderState {
  nodes: CanvasNode[]
  edges: CanvasEdge[]
  variables: FlowVariable[]
  triggers: FlowTrigger[]
  history: History<FlowDocument>
  /** The document as last loaded or saved, to tell unsaved changes. */
  savedJson: string
  problems: FlowProblem[]
  path: RunPath
  /** Runs per step of one version, shown as badges on the cards; null while the drop-off view is off. */
  traffic: FlowTraffic | null
  pasteCount: number
  onNodesChange: (changes: NodeChange<CanvasNode>[]) => void
  onEdgesChange: (changes: EdgeChange<CanvasEdge>[]) => void
  onConnect: (connection: Connection) => void
  addNode: (type: NodeType, position: Position) => string
  updateNode: (id: string, change: (node: FlowNode) => FlowNode, key?: string) => void
  removeNode: (id: string) => void
  setTriggers: (triggers: FlowTrigger[], key?: string) => void
  setVariables: (variables: FlowVariable[], key?: string) => void
  undo: () => void
  redo: () => void
  copy: () => boolean
  paste: () => boolean
  autoLayout: () => void
  load: (document: FlowDocument, problems: FlowProblem[]) => void
  markSaved: (document: FlowDocument, problems: FlowProblem[]) => void
  setProblems: (problems: FlowProblem[]) => void
  setPath: (path: RunPath) => void
  setTraffic: (traffic: FlowTraffic | null) => void
}

export type BuilderStore = StoreApi<BuilderState>

// Copied steps outlive one builder, so they paste into another flow too.
let clipboard: Clip | null = null

export function documentOf(state: Pick<BuilderState, 'nodes' | 'edges' | 'variables' | 'triggers'>): FlowDocument {
  return { graph: toGraph(state.nodes, state.edges, state.variables), triggers: structuredClone(state.triggers) }
}

export const isDirty = (state: BuilderState): boolean => JSON.stringify(documentOf(state)) !== state.savedJson
export const undoable = (state: BuilderState): boolean => canUndo(state.history)
export const redoable = (state: BuilderState): boolean => canRedo(state.history)
export const selectedNodes = (state: BuilderState): CanvasNode[] => state.nodes.filter((node) => node.selected)

function takenIds(state: BuilderState): Set<string> {
  return new Set([...state.nodes.map((node) => node.id), ...state.edges.map((edge) => edge.id)])
}

/** The canvas of a document, keeping what the canvas measured and selected of nodes still there. */
function canvasOf(document: FlowDocument, current: readonly CanvasNode[]): Pick<BuilderState, 'nodes' | 'edges' | 'variables' | 'triggers'> {
  const before = new Map(current.map((node) => [node.id, node]))
  const { nodes, edges } = toCanvas(structuredClone(document.graph))
  return {
    nodes: nodes.map((node) => {
      const previous = before.get(node.id)
      return previous ? { ...node, measured: previous.measured, selected: previous.selected } : node
    }),
    edges,
    variables: structuredClone(document.graph.variables),
    triggers: structuredClone(document.triggers),
  }
}

export function createBuilderStore(initial: FlowDocument, problems: FlowProblem[] = []): BuilderStore {
  return createStore<BuilderState>()((set, get) => {
    /** Records the document as an undo step, unless nothing in it changed. */
    const commit = (key: string | null = null) => {
      const state = get()
      const document = documentOf(state)
      if (JSON.stringify(document) === JSON.stringify(state.history.present)) return
      set({ history: record(state.history, document, key) })
    }
    const change = (partial: Partial<BuilderState>, key: string | null = null) => {
      set(partial)
      commit(key)
    }
    // A step's problems came from the last check of the saved draft; once the step or its
    // connections change they may no longer hold, so they go until the next save says again.
    const touched = (ids: Iterable<string>): FlowProblem[] => {
      const changed = new Set(ids)
      return get().problems.filter((problem) => problem.node_id === null || !changed.has(problem.node_id))
    }
    const restore = (history: History<FlowDocument>) => set({ ...canvasOf(history.present, get().nodes), history })
    // Documents are compared as the canvas writes them back, so key order never reads as a change.
    const fresh = (document: FlowDocument) => {
      const canvas = canvasOf(document, [])
      const normal = documentOf(canvas)
      return { ...canvas, history: startHistory(normal), savedJson: JSON.stringify(normal) }
    }

    return {
      ...fresh(initial),
      problems,
      path: emptyPath,
      traffic: null,
      pasteCount: 0,

      onNodesChange: (changes) => {
        const nodes = applyNodeChanges(changes, get().nodes)
        const ids = new Set(nodes.map((node) => node.id))
        const removed = changes.some((item) => item.type === 'remove')
        // A deleted step takes its connections with it in the same undo step.
        const edges = removed ? get().edges.filter((edge) => ids.has(edge.source) && ids.has(edge.target)) : get().edges
        const gone = get().edges.filter((edge) => !edges.includes(edge)).flatMap((edge) => [edge.source, edge.target])
        set({ nodes, edges, problems: removed ? touched(gone) : get().problems })
        // A drag is one step, recorded when it ends; sizes and selection are not edits.
        if (removed || changes.some((item) => item.type === 'position' && item.dragging === false)) commit()
      },
      onEdgesChange: (changes) => {
        const removed = new Set(changes.flatMap((item) => (item.type === 'remove' ? [item.id] : [])))
        const ends = get().edges.filter((edge) => removed.has(edge.id)).flatMap((edge) => [edge.source, edge.target])
        set({ edges: applyEdgeChanges(changes, get().edges), problems: touched(ends) })
        if (changes.some((item) => item.type === 'remove')) commit()
      },
      onConnect: ({ source, sourceHandle, target }) => {
        if (source === target) return
        const handle = sourceHandle ?? 'next'
        // One output leads to one step: a new connection replaces the old one.
        const kept = get().edges.filter((edge) => !(edge.source === source && (edge.sourceHandle ?? 'next') === handle))
        const id = uniqueId('edge', takenIds(get()))
        change({ edges: [...kept, { id, source, sourceHandle: handle, target }], problems: touched([source, target]) })
      },
      addNode: (type, position) => {
        const id = uniqueId(type, takenIds(get()))
        const node = { ...toCanvasNode(newNode(type, id, position)), selected: true }
        change({ nodes: [...get().nodes.map((other) => ({ ...other, selected: false })), node] })
        return id
      },
      updateNode: (id, edit, key) => {
        let handles: string[] | null = null
        const nodes = get().nodes.map((node) => {
          if (node.id !== id) return node
          const updated = edit(toFlowNode(node))
          handles = outputs(updated)
          return { ...node, ...toCanvasNode(updated), selected: node.selected, measured: node.measured }
        })
        const kept: string[] = handles ?? []
        // Removing a rule, an intent or a branch removes the connection that left from it.
        const edges = get().edges.filter((edge) => edge.source !== id || kept.includes(edge.sourceHandle ?? 'next'))
        change({ nodes, edges, problems: touched([id]) }, key ? `edit:${id}:${key}` : null)
      },
      removeNode: (id) => {
        // The start stays: a flow has exactly one.
        if (get().nodes.some((node) => node.id === id && node.type === 'start')) return
        change({
          nodes: get().nodes.filter((node) => node.id !== id),
          edges: get().edges.filter((edge) => edge.source !== id && edge.target !== id),
          problems: touched(get().edges.flatMap((edge) => (edge.source === id ? [edge.target] : edge.target === id ? [edge.source] : []))),
        })
      },
      setTriggers: (triggers, key) => change({ triggers }, key ? `triggers:${key}` : null),
      setVariables: (variables, key) => change({ variables }, key ? `variables:${key}` : null),
      undo: () => restore(undo(get().history)),
      redo: () => restore(redo(get().history)),
      copy: () => {
        const { nodes, edges } = toGraph(get().nodes, get().edges, [])
        const clip = copySelection(nodes, edges, new Set(selectedNodes(get()).map((node) => node.id)))
        if (clip === null) return false
        clipboard = clip
        set({ pasteCount: 0 })
        return true
      },
      paste: () => {
        if (clipboard === null) return false
        const count = get().pasteCount + 1
        const pasted = pasteClip(clipboard, takenIds(get()), { x: 40 * count, y: 40 * count })
        const { nodes, edges } = toCanvas({ ...pasted, variables: [] })
        change({
          nodes: [...get().nodes.map((node) => ({ ...node, selected: false })), ...nodes.map((node) => ({ ...node, selected: true }))],
          edges: [...get().edges, ...edges],
          pasteCount: count,
        })
        return true
      },
      autoLayout: () => {
        const graph = toGraph(get().nodes, get().edges, [])
        const sizes = new Map<string, Size>()
        for (const node of get().nodes) {
          if (node.measured?.width && node.measured.height) sizes.set(node.id, { width: node.measured.width, height: node.measured.height })
        }
        const positions = layeredLayout(graph.nodes, graph.edges, sizes)
        change({ nodes: get().nodes.map((node) => ({ ...node, position: positions.get(node.id) ?? node.position })) })
      },
      load: (document, loaded) => set({ ...fresh(document), problems: loaded, path: emptyPath }),
      markSaved: (document, saved) => set({ savedJson: JSON.stringify(document), problems: saved }),
      setProblems: (found) => set({ problems: found }),
      setPath: (path) => set({ path }),
      setTraffic: (traffic) => set({ traffic }),
    }
  })
}
