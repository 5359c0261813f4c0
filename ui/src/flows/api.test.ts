import { describe, expect, it } from 'vitest'
import { endpointMissing, parseRuns, refusedProblems } from './api'

describe('flows API answers', () => {
  it('tells an endpoint this server lacks from a refusal of a known one', () => {
    expect(endpointMissing(405, { detail: 'Method Not Allowed' })).toBe(true)
    expect(endpointMissing(404, { detail: 'Not found.' })).toBe(true)
    expect(endpointMissing(404, { detail: 'Not Found' })).toBe(true)
    expect(endpointMissing(404, undefined)).toBe(true)
    expect(endpointMissing(404, { detail: 'No conversation 42 in this workspace.' })).toBe(false)
    expect(endpointMissing(409, { detail: 'Not found.' })).toBe(false)
  })

  it('reads the run steps under either key, with the Temporal link', () => {
    const step = { node_id: 'a', node_type: 'start', outcome: 'next', started_at: 'x', finished_at: 'y' }
    expect(parseRuns({ steps: [step], temporal_url: 'http://t/run' })).toEqual({ steps: [step], temporal_url: 'http://t/run' })
    expect(parseRuns({ data: [step] })).toEqual({ steps: [step], temporal_url: null })
    expect(parseRuns(null)).toEqual({ steps: [], temporal_url: null })
  })

  it('takes the problems out of a refused publish', () => {
    expect(refusedProblems({ detail: 'Fix these', problems: [{ node_id: 'a', field: 'choices', message: 'm' }, { message: 'n' }] })).toEqual([
      { node_id: 'a', field: 'choices', message: 'm' },
      { node_id: null, field: null, message: 'n' },
    ])
    expect(refusedProblems({ detail: 'Conflict' })).toEqual([])
  })
})
