import { describe, expect, it } from 'vitest'
import { addLabels, maxLabels, normalizeLabel, removeLabel, suggestLabels } from './labels'

describe('labels', () => {
  it('normalises as the server stores them', () => {
    expect(normalizeLabel('  VIP Customer ')).toBe('vip customer')
    expect(normalizeLabel('x'.repeat(60))).toHaveLength(50)
  })

  it('adds comma-separated labels without repeats or blanks, up to the limit', () => {
    expect(addLabels(['vip'], 'Urgent, vip, , billing')).toEqual(['vip', 'urgent', 'billing'])
    const full = Array.from({ length: maxLabels }, (_, index) => `l${index}`)
    expect(addLabels(full, 'one-more')).toEqual(full)
    expect(removeLabel(['vip', 'urgent'], 'vip')).toEqual(['urgent'])
  })

  it('suggests known labels not yet on the conversation, prefixes first', () => {
    const known = ['billing', 'vip', 'urgent', 'refund-big']
    expect(suggestLabels(known, ['vip'], 'b')).toEqual(['billing', 'refund-big'])
    expect(suggestLabels(known, [], 'urgent, V')).toEqual(['vip'])
  })
})
