import { describe, expect, it } from 'vitest'
import type { CustomField, SegmentFilter } from '../types'
import {
  adaptValue,
  addCondition,
  addGroup,
  canAddGroup,
  conditionAt,
  conditionFor,
  countConditions,
  emptyFilter,
  incompletePaths,
  inputOf,
  parseList,
  parseNumber,
  problemPath,
  removeAt,
  replaceAt,
  setMatch,
  subjectOf,
  withOperator,
} from './state'

const fields = [
  { id: '1', key: 'city', label: 'City', type: 'text', options: [] },
  { id: '2', key: 'plan', label: 'Plan', type: 'single_select', options: ['free', 'pro'] },
  { id: '3', key: 'score', label: 'Score', type: 'number', options: [] },
  { id: '4', key: 'interests', label: 'Interests', type: 'multi_select', options: ['a', 'b'] },
] as unknown as CustomField[]

describe('filter builder state', () => {
  it('adds, nests, replaces and removes conditions without touching the original', () => {
    const start = emptyFilter()
    let filter = addCondition(start, [], conditionFor('tag', fields))
    filter = addGroup(filter, [], conditionFor('field:name', fields))
    filter = addCondition(filter, [1], conditionFor('custom:city', fields))
    expect(start.conditions).toHaveLength(0)
    expect(countConditions(filter)).toBe(3)
    expect(conditionAt(filter, [1, 1])).toEqual({ type: 'custom_field', key: 'city', operator: 'equals', value: '' })

    filter = replaceAt(filter, [0], { type: 'tag', operator: 'has_not', tag: 'lead' })
    expect(conditionAt(filter, [0])).toEqual({ type: 'tag', operator: 'has_not', tag: 'lead' })
    filter = setMatch(filter, [1], 'all')
    expect((conditionAt(filter, [1]) as SegmentFilter).match).toBe('all')
    filter = removeAt(filter, [1, 0])
    expect(countConditions(filter)).toBe(2)
    expect(subjectOf(conditionAt(filter, [1, 0]) as never)).toBe('custom:city')
  })

  it('stops nesting at the depth the API allows', () => {
    expect(canAddGroup([])).toBe(true)
    expect(canAddGroup([0, 0])).toBe(true)
    expect(canAddGroup([0, 0, 0])).toBe(false)
    const filter = emptyFilter()
    expect(addGroup(filter, [0, 0, 0], conditionFor('tag', fields))).toBe(filter)
  })

  it('starts conditions with the first operator their field allows', () => {
    expect(conditionFor('field:last_inbound_at', fields)).toEqual({ type: 'field', field: 'last_inbound_at', operator: 'within_last_days', value: null })
    expect(conditionFor('custom:interests', fields)).toEqual({ type: 'custom_field', key: 'interests', operator: 'contains', value: '' })
    expect(conditionFor('custom:score', fields)).toMatchObject({ operator: 'equals', value: null })
    expect(conditionFor('consent', fields)).toEqual({ type: 'consent', channel: 'whatsapp', status: 'opted_in' })
  })

  it('adapts the value when the operator changes', () => {
    const city = conditionFor('custom:city', fields)
    const anyOf = withOperator({ ...city, value: 'Recife' } as never, 'any_of', fields)
    expect(anyOf).toMatchObject({ operator: 'any_of', value: ['Recife'] })
    expect(withOperator(anyOf, 'equals', fields)).toMatchObject({ value: 'Recife' })
    expect(withOperator(anyOf, 'is_set', fields)).toMatchObject({ value: null })
    expect(adaptValue('x', 'number')).toBeNull()
    expect(adaptValue(undefined, 'boolean')).toBe(true)
    expect(inputOf(conditionFor('custom:plan', fields), fields)).toBe('option')
  })

  it('lists conditions still missing a value', () => {
    let filter = addCondition(emptyFilter(), [], conditionFor('tag', fields))
    filter = addGroup(filter, [], conditionFor('field:email', fields))
    filter = addCondition(filter, [], { type: 'field', field: 'email', operator: 'is_set', value: null })
    expect(incompletePaths(filter, fields)).toEqual([[0], [1, 0]])
  })

  it('names condition paths as the API does', () => {
    expect(problemPath([0])).toBe('filter.conditions.0')
    expect(problemPath([1, 2])).toBe('filter.conditions.1.conditions.2')
  })

  it('parses typed lists and numbers', () => {
    expect(parseList(' a, b ,,c ')).toEqual(['a', 'b', 'c'])
    expect(parseNumber('')).toBeNull()
    expect(parseNumber('2,5')).toBe(2.5)
    expect(parseNumber('x')).toBeNull()
  })
})
