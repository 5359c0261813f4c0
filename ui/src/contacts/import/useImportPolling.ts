import { useCallback, useEffect, useState } from 'react'
import { api } from '../../client'
import { failureMessage } from '../../client/failure'
import { useT } from '../../i18n/useT'
import type { ContactImport } from '../types'
import { isFinished } from './mapping'

const pollMs = 1000

/** The import, asked again every second until it is finished; `replace` applies an answer at once. */
export function useImportPolling(importId: string): { job: ContactImport | null; error: string | null; replace: (job: ContactImport) => void } {
  const t = useT()
  const [job, setJob] = useState<ContactImport | null>(null)
  const [error, setError] = useState<string | null>(null)
  const finished = job !== null && isFinished(job.status)

  useEffect(() => {
    if (finished) return
    let cancelled = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const poll = async () => {
      try {
        const { data, error: failure, response } = await api.GET('/api/contacts/imports/{import_id}', { params: { path: { import_id: importId } } })
        if (cancelled) return
        if (data) {
          setJob(data)
          setError(null)
          if (isFinished(data.status)) return
        } else setError(failureMessage(response.status, failure, t))
      } catch {
        if (!cancelled) setError(t('error.network'))
      }
      // Polled after each answer rather than on a fixed interval: a slow server is not piled on.
      if (!cancelled) timer = setTimeout(() => void poll(), pollMs)
    }
    void poll()
    return () => {
      cancelled = true
      clearTimeout(timer)
    }
    // `t` is left out: switching the language must not restart polling.
  }, [importId, finished])

  const replace = useCallback((next: ContactImport) => setJob(next), [])
  return { job, error, replace }
}
