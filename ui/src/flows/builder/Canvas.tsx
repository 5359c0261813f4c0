import { Background, Controls, MarkerType, MiniMap, ReactFlow, useReactFlow, type NodeTypes } from '@xyflow/react'
import { useMemo, type DragEvent } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { useT } from '../../i18n/useT'
import { isNodeType, kindColor, nodeTypes as allNodeTypes } from '../defaults'
import { useBuilder } from './context'
import { NodeCard } from './NodeCard'
import { paletteMime } from './Palette'

// One card component draws every step type (its summary and outputs come from the node's data);
// the map lives at module level so React Flow never sees a new one.
const nodeTypes: NodeTypes = Object.fromEntries(allNodeTypes.map((type) => [type, NodeCard]))
const defaultEdgeOptions = { markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18 } }

export function Canvas() {
  const t = useT()
  const { screenToFlowPosition } = useReactFlow()
  const { nodes, edges, path, onNodesChange, onEdgesChange, onConnect, addNode } = useBuilder(
    useShallow((state) => ({
      nodes: state.nodes,
      edges: state.edges,
      path: state.path,
      onNodesChange: state.onNodesChange,
      onEdgesChange: state.onEdgesChange,
      onConnect: state.onConnect,
      addNode: state.addNode,
    })),
  )
  // The run inspector's path shows on the edges it took; it is not part of the document.
  const shownEdges = useMemo(
    () => (path.edges.size === 0 ? edges : edges.map((edge) => (path.edges.has(edge.id) ? { ...edge, className: 'flow-edge--path', animated: true } : edge))),
    [edges, path],
  )

  const onDragOver = (event: DragEvent) => {
    if (!event.dataTransfer.types.includes(paletteMime)) return
    event.preventDefault()
    event.dataTransfer.dropEffect = 'move'
  }
  const onDrop = (event: DragEvent) => {
    const type = event.dataTransfer.getData(paletteMime)
    if (!isNodeType(type)) return
    event.preventDefault()
    const at = screenToFlowPosition({ x: event.clientX, y: event.clientY })
    addNode(type, { x: Math.round(at.x - 20), y: Math.round(at.y - 20) })
  }

  return (
    <ReactFlow
      nodes={nodes}
      edges={shownEdges}
      nodeTypes={nodeTypes}
      defaultEdgeOptions={defaultEdgeOptions}
      onNodesChange={onNodesChange}
      onEdgesChange={onEdgesChange}
      onConnect={onConnect}
      onDragOver={onDragOver}
      onDrop={onDrop}
      deleteKeyCode={['Backspace', 'Delete']}
      fitView
      fitViewOptions={{ maxZoom: 1 }}
      minZoom={0.2}
      aria-label={t('flows.builder.canvas')}
      data-testid="flow-canvas"
    >
      <Background gap={20} />
      <Controls />
      <MiniMap pannable zoomable nodeColor={(node) => kindColor(node.type)} />
    </ReactFlow>
  )
}
