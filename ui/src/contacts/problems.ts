/**
 * Where a refused request went wrong, from a 422 body, as "dotted.path" → messages.
 *
 * Accepts the shapes the API answers with: FastAPI's `{detail: [{loc, msg}]}` (the leading
 * "body" dropped), and the filter's `{problems: [{path, message}]}` or `{detail: [{path, message}]}`
 * or `{detail: {problems: …}}`. Anything else gives no problems: the caller shows `detail`.
 */
export type Problems = ReadonlyMap<string, readonly string[]>

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}

function entries(body: unknown): unknown[] {
  if (!isRecord(body)) return []
  for (const candidate of [body.problems, body.detail, isRecord(body.detail) ? body.detail.problems : undefined]) {
    if (Array.isArray(candidate)) return candidate
  }
  return []
}

function pathOf(entry: Record<string, unknown>): string | null {
  if (typeof entry.path === 'string') return entry.path
  if (Array.isArray(entry.loc)) {
    const parts = entry.loc.map(String)
    return (parts[0] === 'body' || parts[0] === 'query' || parts[0] === 'path' ? parts.slice(1) : parts).join('.')
  }
  return null
}

function messageOf(entry: Record<string, unknown>): string | null {
  if (typeof entry.message === 'string') return entry.message
  if (typeof entry.msg === 'string') return entry.msg.replace(/^Value error, /, '')
  return null
}

export function parseProblems(body: unknown): Problems {
  const problems = new Map<string, string[]>()
  for (const entry of entries(body)) {
    if (!isRecord(entry)) continue
    const path = pathOf(entry)
    const message = messageOf(entry)
    if (path === null || message === null) continue
    problems.set(path, [...(problems.get(path) ?? []), message])
  }
  return problems
}

/** The messages at `path` exactly. */
export function problemsAt(problems: Problems, path: string): readonly string[] {
  return problems.get(path) ?? []
}

/** The messages at `path` or below it ("custom_fields" also gets "custom_fields.city"). */
export function problemsUnder(problems: Problems, path: string): string[] {
  return [...problems.entries()].filter(([key]) => key === path || key.startsWith(`${path}.`)).flatMap(([, messages]) => messages)
}

/** Messages whose path is none of `known` (nor below one): shown above the form. */
export function otherProblems(problems: Problems, known: readonly string[]): string[] {
  return [...problems.entries()]
    .filter(([key]) => !known.some((path) => key === path || key.startsWith(`${path}.`)))
    .map(([key, messages]) => (key === '' ? messages.join(' ') : `${key}: ${messages.join(' ')}`))
}
