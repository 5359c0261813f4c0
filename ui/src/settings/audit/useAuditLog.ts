import { useCallback, useEffect, useRef, useState } from 'react'
import { api } from '../../client'
import { failureMessage } from '../../client/failure'
import type { AuditEvent } from '../../client/types'
import { useT } from '../../i18n/useT'

const pageSize = 50

export interface AuditLog {
  events: AuditEvent[]
  loading: boolean
  error: string | null
  /** Whether older events exist beyond the ones shown. */
  hasMore: boolean
  loadMore: () => void
}

/** Newest first, `pageSize` at a time; changing the action filter starts again from the newest. */
export function useAuditLog(action: string | null): AuditLog {
  const t = useT()
  const tRef = useRef(t)
  const [events, setEvents] = useState<AuditEvent[]>([])
  const [nextBefore, setNextBefore] = useState<string | null>(null)
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState<string | null>(null)
  // Only the latest request may change the list: a "load more" of the previous filter is dropped.
  const latestRequest = useRef(0)

  useEffect(() => {
    tRef.current = t
  }, [t])

  const fetchPage = useCallback(
    async (before: string | null) => {
      const request = ++latestRequest.current
      setLoading(true)
      setError(null)
      try {
        const query = { limit: pageSize, ...(before ? { before } : {}), ...(action ? { action } : {}) }
        const { data, error: failure, response } = await api.GET('/api/audit-events', { params: { query } })
        if (request !== latestRequest.current) return
        if (data) {
          setEvents((current) => (before ? [...current, ...data.data] : data.data))
          setNextBefore(data.next_before ?? null)
        } else {
          setError(failureMessage(response.status, failure, tRef.current))
        }
      } catch {
        if (request === latestRequest.current) setError(tRef.current('error.network'))
      } finally {
        if (request === latestRequest.current) setLoading(false)
      }
    },
    [action],
  )

  useEffect(() => {
    setEvents([])
    setNextBefore(null)
    void fetchPage(null)
    return () => {
      latestRequest.current += 1
    }
  }, [fetchPage])

  const loadMore = useCallback(() => {
    if (nextBefore) void fetchPage(nextBefore)
  }, [fetchPage, nextBefore])

  return { events, loading, error, hasMore: nextBefore !== null, loadMore }
}
