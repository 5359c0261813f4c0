import { describe, expect, it } from 'vitest'
import { newNode } from './defaults'
import type { FlowEdge } from './graph'
import { defaultSize, freeSpot, layeredLayout } from './layout'
import { sampleGraph } from './testGraph'

const edge = (source: string, target: string, handle = 'next'): FlowEdge => ({ id: `${source}-${handle}-${target}`, source, source_handle: handle, target })

describe('layeredLayout', () => {
  it('puts each step right of the deepest step leading to it', () => {
    const graph = sampleGraph()
    const at = layeredLayout(graph.nodes, graph.edges)
    const x = (id: string) => at.get(id)?.x ?? NaN
    expect(x('start')).toBeLessThan(x('ask_email'))
    expect(x('ask_email')).toBeLessThan(x('is_company'))
    // `human` is reached from the question (column 1) and from the condition (column 2): it goes right of both.
    expect(x('human')).toBeGreaterThan(x('is_company'))
    expect(x('thanks')).toBe(x('human'))
  })

  it('orders a column by the outputs its parents reach it from', () => {
    const graph = sampleGraph()
    const at = layeredLayout(graph.nodes, graph.edges)
    // The condition's rule_1 output is listed above `else`: human (rule_1) above thanks (else).
    expect(at.get('human')?.y ?? 0).toBeLessThan(at.get('thanks')?.y ?? 0)
  })

  it('never overlaps two steps of a column, whatever their measured size', () => {
    const graph = sampleGraph()
    const sizes = new Map([['human', { width: 400, height: 200 }]])
    const at = layeredLayout(graph.nodes, graph.edges, sizes)
    const human = at.get('human')?.y ?? 0
    const thanks = at.get('thanks')?.y ?? 0
    expect(thanks - human).toBeGreaterThanOrEqual(200)
    // The next column starts after the widest step of this one.
    expect((at.get('is_company')?.x ?? 0) - (at.get('ask_email')?.x ?? 0)).toBeGreaterThanOrEqual(defaultSize.width)
  })

  it('lays out loops and steps nothing reaches without hanging', () => {
    const start = newNode('start', 'start', { x: 0, y: 0 })
    const ask = newNode('ask_question', 'ask', { x: 0, y: 0 })
    const retry = newNode('send_message', 'retry', { x: 0, y: 0 })
    const orphan = newNode('end', 'orphan', { x: 0, y: 0 })
    const edges = [edge('start', 'ask'), edge('ask', 'retry', 'invalid'), edge('retry', 'ask'), edge('ask', 'ask', 'timeout')]
    const at = layeredLayout([start, ask, retry, orphan], edges)
    expect(at.size).toBe(4)
    expect(at.get('ask')?.x ?? 0).toBeGreaterThan(at.get('start')?.x ?? 0)
    expect(at.get('retry')?.x ?? 0).toBeGreaterThan(at.get('ask')?.x ?? 0)
    expect(at.get('orphan')?.x).toBe(at.get('start')?.x)
  })
})

describe('freeSpot', () => {
  const size = { width: 100, height: 50 }
  it('keeps the wanted spot when it is free', () => {
    expect(freeSpot({ x: 0, y: 0 }, size, [{ x: 300, y: 0, width: 100, height: 50 }])).toEqual({ x: 0, y: 0 })
  })

  it('moves below the steps the new one would cover', () => {
    const taken = [
      { x: 0, y: 0, width: 100, height: 50 },
      { x: 50, y: 60, width: 100, height: 50 },
    ]
    const spot = freeSpot({ x: 20, y: 10 }, size, taken)
    expect(spot.x).toBe(20)
    expect(spot.y).toBeGreaterThanOrEqual(110)
  })
})
