import type { Edge, Node } from '@xyflow/react'
import type { FlowEdge, FlowGraph, FlowNode, FlowVariable, NodeType } from './graph'

// The canvas (React Flow) and the stored graph (domain/flows.py) hold the same flow: a canvas
// node's `type` is the schema's `type`, its `data` is the node's configuration (never callbacks),
// and an edge's `sourceHandle` is the output it leaves from.

type Config<N> = N extends FlowNode ? Omit<N, 'id' | 'position'> : never
export type NodeConfig = Config<FlowNode>
export type CanvasNode = Node<NodeConfig, NodeType>
export type CanvasEdge = Edge

export function toCanvasNode(node: FlowNode): CanvasNode {
  const { id, position, ...config } = node
  return {
    id,
    type: node.type,
    position: { x: position.x, y: position.y },
    data: config as NodeConfig,
    // Exactly one start: it cannot be deleted (a copy of it is never pasted either).
    ...(node.type === 'start' ? { deletable: false } : {}),
  }
}

export function toCanvasEdge(edge: FlowEdge): CanvasEdge {
  return { id: edge.id, source: edge.source, sourceHandle: edge.source_handle, target: edge.target }
}

export function toCanvas(graph: FlowGraph): { nodes: CanvasNode[]; edges: CanvasEdge[] } {
  return { nodes: graph.nodes.map(toCanvasNode), edges: graph.edges.map(toCanvasEdge) }
}

export function toFlowNode(node: CanvasNode): FlowNode {
  return { ...node.data, id: node.id, position: { x: node.position.x, y: node.position.y } } as FlowNode
}

export function toFlowEdge(edge: CanvasEdge): FlowEdge {
  return { id: edge.id, source: edge.source, source_handle: edge.sourceHandle ?? 'next', target: edge.target }
}

export function toGraph(nodes: readonly CanvasNode[], edges: readonly CanvasEdge[], variables: readonly FlowVariable[]): FlowGraph {
  return { nodes: nodes.map(toFlowNode), edges: edges.map(toFlowEdge), variables: [...variables] }
}
