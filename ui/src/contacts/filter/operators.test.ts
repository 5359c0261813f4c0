import { describe, expect, it } from 'vitest'
import { allows, customKinds, operatorsFor, standardFields, standardKinds, valueInputFor } from './operators'

describe('operator table', () => {
  it('mirrors domain/segments.py OPERATORS', () => {
    expect([...operatorsFor('boolean')].sort()).toEqual(['equals', 'is_not_set', 'is_set'])
    expect([...operatorsFor('number')].sort()).toEqual(['equals', 'greater_than', 'is_not_set', 'is_set', 'less_than', 'not_equals'])
    expect([...operatorsFor('moment')].sort()).toEqual(['after', 'before', 'is_not_set', 'is_set', 'more_than_days_ago', 'within_last_days'])
    expect([...operatorsFor('choices')].sort()).toEqual(['any_of', 'contains', 'is_not_set', 'is_set', 'none_of', 'not_contains'])
    expect([...operatorsFor('user')].sort()).toEqual(['equals', 'is_not_set', 'is_set', 'not_equals'])
    expect(operatorsFor('text')).toHaveLength(9)
  })

  it('maps fields and custom field types to kinds', () => {
    expect(standardKinds.last_inbound_at).toBe('moment')
    expect(standardKinds.owner_user_id).toBe('user')
    expect(standardKinds.phone).toBe('text')
    expect(customKinds.single_select).toBe('text')
    expect(customKinds.multi_select).toBe('choices')
    expect(customKinds.date).toBe('moment')
    expect(standardFields).toContain('country')
  })

  it('refuses operators outside the kind', () => {
    expect(allows('number', 'contains')).toBe(false)
    expect(allows('text', 'contains')).toBe(true)
    expect(allows('moment', 'equals')).toBe(false)
  })
})

describe('valueInputFor', () => {
  it('fits the input to the operator and the field', () => {
    expect(valueInputFor('text', 'is_set')).toBe('none')
    expect(valueInputFor('moment', 'within_last_days')).toBe('days')
    expect(valueInputFor('moment', 'before')).toBe('date')
    expect(valueInputFor('text', 'any_of')).toBe('list')
    expect(valueInputFor('text', 'any_of', true)).toBe('options')
    expect(valueInputFor('choices', 'contains', true)).toBe('option')
    expect(valueInputFor('number', 'greater_than')).toBe('number')
    expect(valueInputFor('boolean', 'equals')).toBe('boolean')
    expect(valueInputFor('text', 'equals')).toBe('text')
  })
})
