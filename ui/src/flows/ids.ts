// Ids of nodes, edges and of the outputs inside a node (condition rules, intents, split branches).
// They must match `NodeId` of domain/flows.py: letters, digits, `_` and `-`, at most 64.

export type Random = () => number

/** A short random id with this prefix that is not in `taken`. */
export function uniqueId(prefix: string, taken: ReadonlySet<string>, random: Random = Math.random): string {
  for (;;) {
    const suffix = Math.floor(random() * 36 ** 6)
      .toString(36)
      .padStart(6, '0')
    const id = `${prefix}_${suffix}`
    if (!taken.has(id)) return id
  }
}

/** The first `prefix_N` (N = 1, 2, …) that is not in `taken`: readable ids for outputs. */
export function nextNumberedId(prefix: string, taken: Iterable<string>): string {
  const used = new Set(taken)
  for (let number = 1; ; number += 1) {
    const id = `${prefix}_${number}`
    if (!used.has(id)) return id
  }
}
