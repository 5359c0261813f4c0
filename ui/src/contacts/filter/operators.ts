import type { CustomFieldType, Operator, StandardField } from '../types'

/**
 * Which operators the filter builder offers for each field: the mirror of OPERATORS,
 * STANDARD_KINDS and CUSTOM_KINDS in domain/segments.py. The API validates again; this only
 * keeps the builder from offering a combination it would refuse.
 */
export type ValueKind = 'text' | 'number' | 'boolean' | 'moment' | 'choices' | 'user'

const presence = ['is_set', 'is_not_set'] as const satisfies readonly Operator[]

/** In the order the operator select lists them: the most used first. */
export const operatorsByKind: Record<ValueKind, readonly Operator[]> = {
  text: ['equals', 'not_equals', 'contains', 'not_contains', 'starts_with', 'any_of', 'none_of', ...presence],
  number: ['equals', 'not_equals', 'greater_than', 'less_than', ...presence],
  boolean: ['equals', ...presence],
  moment: ['within_last_days', 'more_than_days_ago', 'before', 'after', ...presence],
  choices: ['contains', 'not_contains', 'any_of', 'none_of', ...presence],
  user: ['equals', 'not_equals', ...presence],
}

// `satisfies Record<…>` makes the type check fail when the backend adds a field or a type.
export const standardKinds = {
  name: 'text',
  email: 'text',
  phone: 'text',
  language: 'text',
  timezone: 'text',
  country: 'text',
  source: 'text',
  owner_user_id: 'user',
  created_at: 'moment',
  updated_at: 'moment',
  last_seen_at: 'moment',
  last_inbound_at: 'moment',
} as const satisfies Record<StandardField, ValueKind>

export const customKinds = {
  text: 'text',
  url: 'text',
  single_select: 'text',
  number: 'number',
  boolean: 'boolean',
  date: 'moment',
  datetime: 'moment',
  multi_select: 'choices',
} as const satisfies Record<CustomFieldType, ValueKind>

/** The standard fields in the order the field select lists them. */
export const standardFields = Object.keys(standardKinds) as StandardField[]

export function operatorsFor(kind: ValueKind): readonly Operator[] {
  return operatorsByKind[kind]
}

export function allows(kind: ValueKind, operator: Operator): boolean {
  return operatorsByKind[kind].includes(operator)
}

/** What the value input of a condition looks like. */
export type ValueInput = 'none' | 'text' | 'list' | 'number' | 'days' | 'date' | 'boolean' | 'option' | 'options'

/**
 * The input for `operator` on a field of `kind`; `hasOptions` is true for select custom fields,
 * whose values are picked rather than typed.
 */
export function valueInputFor(kind: ValueKind, operator: Operator, hasOptions = false): ValueInput {
  if (operator === 'is_set' || operator === 'is_not_set') return 'none'
  if (operator === 'within_last_days' || operator === 'more_than_days_ago') return 'days'
  if (operator === 'before' || operator === 'after') return 'date'
  if (operator === 'any_of' || operator === 'none_of') return hasOptions ? 'options' : 'list'
  if (kind === 'number') return 'number'
  if (kind === 'boolean') return 'boolean'
  return hasOptions ? 'option' : 'text'
}
