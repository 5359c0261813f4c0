import { describe, expect, it } from 'vitest'
import type { TimelineEntry } from '../types'
import { mergeTimeline } from './timeline'

const entry = (id: string, at: string) => ({ id, at, kind: 'created', summary: '', details: {} }) as TimelineEntry

describe('mergeTimeline', () => {
  it('keeps each entry once, newest first', () => {
    const merged = mergeTimeline([entry('a', '2025-01-03T00:00:00Z'), entry('b', '2025-01-02T00:00:00Z')], [entry('b', '2025-01-02T00:00:00Z'), entry('c', '2025-01-01T00:00:00Z'), entry('d', '2025-01-04T00:00:00Z')])
    expect(merged.map((item) => item.id)).toEqual(['d', 'a', 'b', 'c'])
  })
})
