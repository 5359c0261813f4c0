import type { Contact, ContactSort, SortOrder } from '../types'

export interface SortState {
  sort: ContactSort
  order: SortOrder
}

export const defaultSort: SortState = { sort: 'created_at', order: 'desc' }

const dateColumns: ReadonlySet<string> = new Set(['created_at', 'updated_at', 'last_seen_at', 'last_inbound_at'])

/** A click on a column header: the same column flips its order; dates start newest first, text A–Z. */
export function toggleSort(current: SortState, column: ContactSort): SortState {
  if (current.sort === column) return { sort: column, order: current.order === 'asc' ? 'desc' : 'asc' }
  return { sort: column, order: dateColumns.has(column) ? 'desc' : 'asc' }
}

/** The next keyset page after the rows already shown; a row seen twice keeps its first place. */
export function appendPage(shown: readonly Contact[], page: readonly Contact[]): Contact[] {
  const seen = new Set(shown.map((contact) => contact.id))
  return [...shown, ...page.filter((contact) => !seen.has(contact.id))]
}

/** `aria-sort` of a column header. */
export function ariaSort(current: SortState, column: ContactSort): 'ascending' | 'descending' | 'none' {
  if (current.sort !== column) return 'none'
  return current.order === 'asc' ? 'ascending' : 'descending'
}
