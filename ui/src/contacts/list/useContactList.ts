import { useCallback, useEffect, useRef, useState } from 'react'
import { api } from '../../client'
import { failureMessage } from '../../client/failure'
import { useT } from '../../i18n/useT'
import type { Problems } from '../problems'
import type { Contact } from '../types'
import { filterProblems, selectionBody, type Selection } from './selection'
import { appendPage, type SortState } from './state'

const pageSize = 50
const noProblems: Problems = new Map()

export interface ContactList {
  rows: Contact[]
  loading: boolean
  error: string | null
  problems: Problems
  hasMore: boolean
  loadMore: () => void
  reload: () => void
}

/**
 * The contacts of a selection, a keyset page at a time. `selection` is null while the filter
 * is incomplete: the rows shown stay until it can be asked again.
 */
export function useContactList(selection: Selection | null, sort: SortState): ContactList {
  const t = useT()
  const [rows, setRows] = useState<Contact[]>([])
  const [cursor, setCursor] = useState<string | null>(null)
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [problems, setProblems] = useState<Problems>(noProblems)
  const [generation, setGeneration] = useState(0)
  // Answers to an older selection or sort arrive late sometimes: only the newest request counts.
  const latest = useRef(0)

  const fetchPage = useCallback(
    async (after: string | null) => {
      if (selection === null) return
      const request = ++latest.current
      setLoading(true)
      try {
        const body = { ...selectionBody(selection), ...sort, limit: pageSize, cursor: after }
        const { data, error: failure, response } = await api.POST('/api/contacts/search', { body })
        if (request !== latest.current) return
        setProblems(filterProblems(response.status, failure))
        if (data) {
          setRows((shown) => (after === null ? data.data : appendPage(shown, data.data)))
          setCursor(data.next_cursor)
          setError(null)
        } else {
          setError(failureMessage(response.status, failure, t))
        }
      } catch {
        if (request === latest.current) setError(t('error.network'))
      } finally {
        if (request === latest.current) setLoading(false)
      }
    },
    // `t` is left out: switching the language must not fetch again.
    [selection, sort],
  )

  useEffect(() => {
    void fetchPage(null)
  }, [fetchPage, generation])

  const loadMore = useCallback(() => {
    if (cursor !== null) void fetchPage(cursor)
  }, [cursor, fetchPage])
  const reload = useCallback(() => setGeneration((value) => value + 1), [])

  return { rows, loading, error, problems, hasMore: cursor !== null, loadMore, reload }
}

/** The number of contacts in the selection, asked again whenever it settles on a new one. */
export function useContactCount(selection: Selection | null): { count: number | null; counting: boolean } {
  const [count, setCount] = useState<number | null>(null)
  const [counting, setCounting] = useState(false)
  const latest = useRef(0)

  useEffect(() => {
    if (selection === null) return
    const request = ++latest.current
    setCounting(true)
    api
      .POST('/api/contacts/count', { body: selectionBody(selection) })
      .then(({ data }) => {
        if (request === latest.current) setCount(data ? data.count : null)
      })
      .catch(() => {
        if (request === latest.current) setCount(null)
      })
      .finally(() => {
        if (request === latest.current) setCounting(false)
      })
  }, [selection])

  return { count, counting }
}
