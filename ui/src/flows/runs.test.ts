import { describe, expect, it } from 'vitest'
import { runPath, type RunStep } from './runs'
import { sampleGraph } from './testGraph'

const step = (node_id: string, outcome: string | null): RunStep => ({
  node_id,
  node_type: 'x',
  outcome,
  started_at: '2026-01-01T00:00:00Z',
  finished_at: '2026-01-01T00:00:01Z',
})

describe('runPath', () => {
  it('lights the nodes a run entered and the edges between its steps', () => {
    const path = runPath([step('start', 'next'), step('ask_email', 'answered'), step('is_company', 'else'), step('thanks', 'next')], sampleGraph().edges)
    expect([...path.nodes]).toEqual(['start', 'ask_email', 'is_company', 'thanks'])
    expect([...path.edges]).toEqual(['e1', 'e2', 'e5'])
  })

  it('picks the edge of the output the step ended on when two lead to the same step', () => {
    const edges = [...sampleGraph().edges, { id: 'e6', source: 'ask_email', source_handle: 'timeout', target: 'human' }]
    expect([...runPath([step('ask_email', 'timeout'), step('human', null)], edges).edges]).toEqual(['e6'])
    expect([...runPath([step('ask_email', 'invalid'), step('human', null)], edges).edges]).toEqual(['e3'])
  })

  it('skips a jump the graph has no edge for (a node since deleted)', () => {
    expect([...runPath([step('start', 'next'), step('gone', null)], sampleGraph().edges).edges]).toEqual([])
  })
})
