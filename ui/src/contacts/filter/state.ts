import type { Condition, ConditionValue, CustomField, GroupCondition, Operator, SegmentFilter, StandardField } from '../types'
import { customKinds, operatorsFor, standardKinds, valueInputFor, type ValueInput, type ValueKind } from './operators'

/** The filter builder's state is the SegmentFilter itself; a path is the indices down to a condition. */
export type Path = readonly number[]

/** As domain/segments.py: groups nest this deep at most (the root counts). */
export const MAX_DEPTH = 4

export function emptyFilter(): SegmentFilter {
  return { type: 'group', match: 'all', conditions: [] }
}

type Group = { conditions?: Condition[] }

function isGroup(condition: Condition | SegmentFilter): condition is GroupCondition {
  return condition.type === 'group'
}

/** A group's conditions; the API's models default the list, so it may be left out. */
export function conditionsOf(group: Group): Condition[] {
  return group.conditions ?? []
}

export function conditionAt(filter: SegmentFilter, path: Path): Condition | SegmentFilter | undefined {
  let current: Condition | SegmentFilter = filter
  for (const index of path) {
    if (!isGroup(current)) return undefined
    const next: Condition | undefined = conditionsOf(current)[index]
    if (next === undefined) return undefined
    current = next
  }
  return current
}

/** A copy of `group` with the group at `path` below it changed by `change`. */
type GroupChange = (conditions: Condition[]) => Partial<Pick<GroupCondition, 'conditions' | 'match'>>

function updateGroup<G extends Group>(group: G, path: Path, change: GroupChange): G {
  if (path.length === 0) return { ...group, ...change(conditionsOf(group)) }
  const [head, ...rest] = path
  return {
    ...group,
    conditions: conditionsOf(group).map((condition, index) =>
      index === head && isGroup(condition) ? updateGroup<GroupCondition>(condition, rest, change) : condition,
    ),
  }
}

export function addCondition(filter: SegmentFilter, groupPath: Path, condition: Condition): SegmentFilter {
  return updateGroup(filter, groupPath, (conditions) => ({ conditions: [...conditions, condition] }))
}

/** Whether a new group fits inside the group at `groupPath` (its depth is the path length + 1). */
export function canAddGroup(groupPath: Path): boolean {
  return groupPath.length + 2 <= MAX_DEPTH
}

export function addGroup(filter: SegmentFilter, groupPath: Path, first: Condition): SegmentFilter {
  if (!canAddGroup(groupPath)) return filter
  return addCondition(filter, groupPath, { type: 'group', match: 'any', conditions: [first] })
}

export function removeAt(filter: SegmentFilter, path: Path): SegmentFilter {
  if (path.length === 0) return emptyFilter()
  const parent = path.slice(0, -1)
  const index = path[path.length - 1]
  return updateGroup(filter, parent, (conditions) => ({ conditions: conditions.filter((_, at) => at !== index) }))
}

export function replaceAt(filter: SegmentFilter, path: Path, condition: Condition): SegmentFilter {
  if (path.length === 0) return filter
  const parent = path.slice(0, -1)
  const index = path[path.length - 1]
  return updateGroup(filter, parent, (conditions) => ({
    conditions: conditions.map((current, at) => (at === index ? condition : current)),
  }))
}

export function setMatch(filter: SegmentFilter, groupPath: Path, match: 'all' | 'any'): SegmentFilter {
  return updateGroup(filter, groupPath, () => ({ match }))
}

/** What a condition row is about: the first select of the row. */
export type Subject = `field:${StandardField}` | `custom:${string}` | 'tag' | 'channel' | 'consent'

export function subjectOf(condition: Condition): Subject | null {
  switch (condition.type) {
    case 'field':
      return `field:${condition.field}`
    case 'custom_field':
      return `custom:${condition.key}`
    case 'tag':
    case 'channel':
    case 'consent':
      return condition.type
    default:
      return null
  }
}

function customField(fields: readonly CustomField[], key: string): CustomField | undefined {
  return fields.find((field) => field.key === key)
}

/** The kind of value the condition compares, or null for tag, channel, consent and groups. */
export function kindOf(condition: Condition, fields: readonly CustomField[]): ValueKind | null {
  if (condition.type === 'field') return standardKinds[condition.field]
  if (condition.type === 'custom_field') {
    const field = customField(fields, condition.key)
    return field ? customKinds[field.type] : null
  }
  return null
}

/** The options of a select custom field, or null when the condition's value is typed. */
export function optionsOf(condition: Condition, fields: readonly CustomField[]): readonly string[] | null {
  if (condition.type !== 'custom_field') return null
  const field = customField(fields, condition.key)
  return field && (field.type === 'single_select' || field.type === 'multi_select') ? (field.options ?? []) : null
}

export function inputOf(condition: Condition, fields: readonly CustomField[]): ValueInput {
  if (condition.type !== 'field' && condition.type !== 'custom_field') return 'none'
  const kind = kindOf(condition, fields)
  if (kind === null) return 'text'
  return valueInputFor(kind, condition.operator, optionsOf(condition, fields) !== null)
}

/** A fresh condition about `subject`, with its first operator and an empty value. */
export function conditionFor(subject: Subject, fields: readonly CustomField[]): Condition {
  if (subject === 'tag') return { type: 'tag', operator: 'has', tag: '' }
  if (subject === 'channel') return { type: 'channel', operator: 'has', channel: 'whatsapp' }
  if (subject === 'consent') return { type: 'consent', channel: 'whatsapp', status: 'opted_in' }
  if (subject.startsWith('custom:')) {
    const key = subject.slice('custom:'.length)
    const field = customField(fields, key)
    const operator = operatorsFor(field ? customKinds[field.type] : 'text')[0] ?? 'equals'
    const condition: Condition = { type: 'custom_field', key, operator, value: null }
    return { ...condition, value: defaultValue(inputOf(condition, fields)) }
  }
  const field = subject.slice('field:'.length) as StandardField
  const operator = operatorsFor(standardKinds[field])[0] ?? 'equals'
  const condition: Condition = { type: 'field', field, operator, value: null }
  return { ...condition, value: defaultValue(inputOf(condition, fields)) }
}

export function defaultValue(input: ValueInput): ConditionValue {
  switch (input) {
    case 'none':
    case 'number':
    case 'days':
      return null
    case 'boolean':
      return true
    case 'list':
    case 'options':
      return []
    default:
      return ''
  }
}

/** Carries a value over to a new input where it still makes sense ("a" → ["a"]), else starts afresh. */
export function adaptValue(value: ConditionValue | undefined, input: ValueInput): ConditionValue {
  const current = value ?? null
  if (input === 'none') return null
  if (input === 'list' || input === 'options') {
    if (Array.isArray(current)) return current
    return typeof current === 'string' && current.trim() !== '' ? [current.trim()] : []
  }
  if (input === 'number' || input === 'days') return typeof current === 'number' ? current : null
  if (input === 'boolean') return typeof current === 'boolean' ? current : true
  if (Array.isArray(current)) return current[0] ?? ''
  return typeof current === 'string' ? current : defaultValue(input)
}

export function withOperator(condition: Condition, operator: Operator, fields: readonly CustomField[]): Condition {
  if (condition.type !== 'field' && condition.type !== 'custom_field') return condition
  const changed = { ...condition, operator }
  return { ...changed, value: adaptValue(condition.value, inputOf(changed, fields)) }
}

/** "a, b ,,c" → ["a", "b", "c"]. */
export function parseList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
}

/** A number typed in an input, or null while it is empty or not a number yet. */
export function parseNumber(text: string): number | null {
  if (text.trim() === '') return null
  const value = Number(text.replace(',', '.'))
  return Number.isFinite(value) ? value : null
}

function hasValue(condition: Condition, fields: readonly CustomField[]): boolean {
  if (condition.type === 'tag') return condition.tag.trim() !== ''
  if (condition.type !== 'field' && condition.type !== 'custom_field') return true
  const input = inputOf(condition, fields)
  const value = condition.value ?? null
  if (input === 'none' || input === 'boolean') return true
  if (Array.isArray(value)) return value.length > 0
  if (typeof value === 'string') return value.trim() !== ''
  return value !== null
}

/** The paths of conditions still waiting for a value: the count waits until there are none. */
export function incompletePaths(group: Group, fields: readonly CustomField[], prefix: Path = []): Path[] {
  return conditionsOf(group).flatMap((condition, index) => {
    const path = [...prefix, index]
    if (isGroup(condition)) return incompletePaths(condition, fields, path)
    return hasValue(condition, fields) ? [] : [path]
  })
}

export function countConditions(group: Group): number {
  return conditionsOf(group).reduce((total, condition) => total + (isGroup(condition) ? countConditions(condition) : 1), 0)
}

/** The `path` the API gives a problem at this condition: "filter.conditions.0.conditions.2". */
export function problemPath(path: Path): string {
  return ['filter', ...path.flatMap((index) => ['conditions', String(index)])].join('.')
}
