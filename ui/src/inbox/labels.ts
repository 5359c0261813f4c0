export const maxLabels = 20
export const maxLabelLength = 50

/** A label as the server stores it: trimmed, lower-case, at most 50 characters. */
export function normalizeLabel(raw: string): string {
  return raw.trim().toLowerCase().slice(0, maxLabelLength).trim()
}

/** Adds the comma-separated labels typed by the agent, without repeats, up to the limit. */
export function addLabels(current: readonly string[], typed: string): string[] {
  const next = [...current]
  for (const label of typed.split(',').map(normalizeLabel)) {
    if (label !== '' && !next.includes(label) && next.length < maxLabels) next.push(label)
  }
  return next
}

export function removeLabel(current: readonly string[], label: string): string[] {
  return current.filter((candidate) => candidate !== label)
}

/** Known labels that start with (or contain) what is being typed, for suggestions. */
export function suggestLabels(known: readonly string[], current: readonly string[], typed: string, limit = 6): string[] {
  const needle = normalizeLabel(typed.split(',').at(-1) ?? '')
  const free = known.filter((label) => !current.includes(label))
  const starts = free.filter((label) => label.startsWith(needle))
  const contains = free.filter((label) => !label.startsWith(needle) && label.includes(needle))
  return [...starts, ...contains].slice(0, limit)
}
