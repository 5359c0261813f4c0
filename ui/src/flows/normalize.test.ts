import { describe, expect, it } from 'vitest'
import { normalizeGraph, normalizeProblems, normalizeTrigger } from './normalize'
import { sampleGraph } from './testGraph'

describe('normalize', () => {
  it('leaves a whole graph as it is', () => {
    expect(normalizeGraph(sampleGraph())).toEqual(sampleGraph())
  })

  it('fills what the wire may leave out with the schema defaults', () => {
    const graph = normalizeGraph({
      nodes: [
        { id: 'start', type: 'start', label: '' },
        { id: 'ask', type: 'ask_question', label: '', prompt: { kind: 'text', text: 'Name?' }, expect: 'text', max_attempts: 3, retry_message: '' },
        { id: 'check', type: 'condition', label: '', rules: [{ id: 'r', subject: 'message_text', operator: 'contains', name: '', value: 'x' }] },
      ],
    })
    expect(graph.nodes[0]).toEqual({ id: 'start', type: 'start', label: '', position: { x: 0, y: 0 } })
    expect(graph.nodes[1]).toMatchObject({ choices: [], save_to_variable: null, save_to_field: null, timeout_minutes: null })
    expect(graph.nodes[2]).toMatchObject({ rules: [{ id: 'r', keywords: [] }] })
    expect(graph.edges).toEqual([])
    expect(graph.variables).toEqual([])
  })

  it('fills triggers and problems', () => {
    expect(normalizeTrigger({ type: 'keyword', keywords: ['oi'], match: 'contains' })).toEqual({ type: 'keyword', keywords: ['oi'], match: 'contains', channels: [] })
    expect(normalizeTrigger({ type: 'fallback' })).toEqual({ type: 'fallback', channels: [] })
    expect(normalizeProblems([{ message: 'A flow needs exactly one start.' }])).toEqual([{ node_id: null, field: null, message: 'A flow needs exactly one start.' }])
  })
})
