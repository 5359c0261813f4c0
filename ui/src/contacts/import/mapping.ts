import type { ImportStatus } from '../types'

/** Where a CSV column goes: a standard field, the tags, a custom field (`custom:<key>`) or nowhere. */
export const standardTargets = ['name', 'phone', 'email', 'language', 'timezone', 'country', 'source', 'tags'] as const
export type StandardTarget = (typeof standardTargets)[number]
export const ignore = 'ignore'

export type Mapping = Record<string, string>

export function customTarget(key: string): string {
  return `custom:${key}`
}

/** Every column mapped to what the server suggested, or ignored when it suggested nothing usable. */
export function initialMapping(columns: readonly string[], suggested: Readonly<Record<string, string>>, customKeys: readonly string[]): Mapping {
  const known = new Set<string>([...standardTargets, ignore, ...customKeys.map(customTarget)])
  const mapping: Mapping = {}
  for (const column of columns) {
    const target = suggested[column]
    mapping[column] = target !== undefined && known.has(target) ? target : ignore
  }
  return mapping
}

const identifying = ['name', 'phone', 'email']

export type MappingProblem =
  | { kind: 'duplicate'; target: string; columns: string[] }
  | { kind: 'noIdentifier' }
  | { kind: 'unknownField'; column: string; key: string }

/**
 * What keeps the mapping from being started, as domain/imports.py checks it: one column per
 * field (tags may come from several), a name, phone or e-mail column, custom fields that exist.
 */
export function mappingProblems(mapping: Readonly<Mapping>, customKeys: readonly string[]): MappingProblem[] {
  const problems: MappingProblem[] = []
  const byTarget = new Map<string, string[]>()
  for (const [column, target] of Object.entries(mapping)) {
    if (target === ignore) continue
    if (target.startsWith('custom:') && !customKeys.includes(target.slice('custom:'.length))) {
      problems.push({ kind: 'unknownField', column, key: target.slice('custom:'.length) })
    }
    byTarget.set(target, [...(byTarget.get(target) ?? []), column])
  }
  for (const [target, columns] of byTarget) {
    if (columns.length > 1 && target !== 'tags') problems.push({ kind: 'duplicate', target, columns })
  }
  if (!identifying.some((target) => byTarget.has(target))) problems.push({ kind: 'noIdentifier' })
  return problems
}

/** Tags typed as "a, b" for the options of the import. */
export function splitTags(text: string): string[] {
  return [...new Set(text.split(',').map((tag) => tag.trim()).filter((tag) => tag !== ''))]
}

const finished: ReadonlySet<ImportStatus> = new Set<ImportStatus>(['completed', 'failed', 'cancelled'])

export function isFinished(status: ImportStatus): boolean {
  return finished.has(status)
}

/** Whole percent done, 0–100; a finished import is full whatever its counters say. */
export function progressPercent(processed: number, total: number, status: ImportStatus): number {
  if (status === 'completed') return 100
  if (total <= 0) return 0
  return Math.max(0, Math.min(100, Math.floor((processed / total) * 100)))
}
