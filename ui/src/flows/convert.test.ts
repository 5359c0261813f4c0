import { describe, expect, it } from 'vitest'
import { toCanvas, toGraph } from './convert'
import { sampleGraph } from './testGraph'

describe('graph ↔ canvas', () => {
  it('round-trips a graph unchanged', () => {
    const graph = sampleGraph()
    const { nodes, edges } = toCanvas(graph)
    expect(toGraph(nodes, edges, graph.variables)).toEqual(graph)
  })

  it('gives canvas nodes the schema type and the configuration as data', () => {
    const { nodes, edges } = toCanvas(sampleGraph())
    const ask = nodes.find((node) => node.id === 'ask_email')
    expect(ask?.type).toBe('ask_question')
    expect(ask?.data).toMatchObject({ type: 'ask_question', expect: 'email', save_to_variable: 'email' })
    expect(ask?.data).not.toHaveProperty('position')
    expect(edges.find((edge) => edge.id === 'e3')).toEqual({ id: 'e3', source: 'ask_email', sourceHandle: 'invalid', target: 'human' })
  })

  it('keeps the start from being deleted on the canvas', () => {
    const { nodes } = toCanvas(sampleGraph())
    expect(nodes.filter((node) => node.deletable === false).map((node) => node.id)).toEqual(['start'])
  })

  it('drops what only the canvas knows (selection, measured size, dragging)', () => {
    const graph = sampleGraph()
    const { nodes, edges } = toCanvas(graph)
    const touched = nodes.map((node) => ({ ...node, selected: true, dragging: false, measured: { width: 200, height: 90 }, position: { x: node.position.x + 1, y: node.position.y } }))
    const back = toGraph(touched, edges.map((edge) => ({ ...edge, selected: true })), [])
    expect(back.nodes[1]).toEqual({ ...graph.nodes[1], position: { x: 1, y: 150 } })
    expect(back.edges).toEqual(graph.edges)
  })
})
