import { describe, expect, it } from 'vitest'
import { copySelection, pasteClip } from './clipboard'
import { nodeIdPattern } from './graph'
import { sampleGraph } from './testGraph'

const counter = () => {
  let value = 0
  return () => (value += 1) / 36 ** 6
}

describe('copy and paste', () => {
  it('copies the selected steps with the connections between them, never the start', () => {
    const graph = sampleGraph()
    const clip = copySelection(graph.nodes, graph.edges, new Set(['start', 'ask_email', 'is_company', 'human']))
    expect(clip?.nodes.map((node) => node.id)).toEqual(['ask_email', 'is_company', 'human'])
    expect(clip?.edges.map((edge) => edge.id)).toEqual(['e2', 'e3', 'e4'])
    expect(copySelection(graph.nodes, graph.edges, new Set(['start']))).toBeNull()
  })

  it('pastes with new ids, the edges following their nodes, moved by the offset', () => {
    const graph = sampleGraph()
    const clip = copySelection(graph.nodes, graph.edges, new Set(['ask_email', 'human']))
    if (!clip) throw new Error('nothing copied')
    const taken = new Set([...graph.nodes.map((node) => node.id), ...graph.edges.map((edge) => edge.id)])
    const pasted = pasteClip(clip, taken, { x: 40, y: 40 }, counter())
    const ids = pasted.nodes.map((node) => node.id)
    expect(ids.every((id) => !taken.has(id) && nodeIdPattern.test(id))).toBe(true)
    expect(new Set(ids).size).toBe(2)
    const [ask, human] = pasted.nodes
    expect(ask?.type).toBe('ask_question')
    expect(ask?.position).toEqual({ x: 40, y: 190 })
    expect(pasted.edges).toHaveLength(1)
    expect(pasted.edges[0]).toMatchObject({ source: ask?.id, source_handle: 'invalid', target: human?.id })
    expect(taken.has(pasted.edges[0]?.id ?? '')).toBe(false)
  })

  it('leaves the copied steps untouched, so pasting twice gives two copies', () => {
    const graph = sampleGraph()
    const clip = copySelection(graph.nodes, graph.edges, new Set(['thanks']))
    if (!clip) throw new Error('nothing copied')
    const first = pasteClip(clip, new Set(['thanks']), { x: 40, y: 40 })
    const second = pasteClip(clip, new Set(['thanks', ...first.nodes.map((node) => node.id)]), { x: 80, y: 80 })
    expect(first.nodes[0]?.id).not.toBe(second.nodes[0]?.id)
    expect(clip.nodes[0]?.id).toBe('thanks')
    expect(graph.nodes.find((node) => node.id === 'thanks')?.position).toEqual({ x: -150, y: 450 })
  })
})
