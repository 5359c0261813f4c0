import { useCallback, useState } from 'react'
import { failureMessage } from '../client/failure'
import type { MessageKey } from '../i18n/en'
import { useT } from '../i18n/useT'
import type { FetchResult } from './useResource'

export interface Action {
  busy: boolean
  error: string | null
  setError: (error: string | null) => void
  /**
   * Sends one request, showing its refusal (detail, rate limit, network) in `error`.
   * Resolves to the response body on success (undefined for 204), or null on failure.
   */
  run: <T>(request: () => Promise<FetchResult<T>>, invalidInput?: MessageKey) => Promise<{ data: T | undefined } | null>
}

export function useAction(): Action {
  const t = useT()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const run = useCallback(
    async <T,>(request: () => Promise<FetchResult<T>>, invalidInput?: MessageKey) => {
      setBusy(true)
      setError(null)
      try {
        const { data, error: failure, response } = await request()
        if (response.ok) return { data }
        setError(failureMessage(response.status, failure, t, invalidInput))
        return null
      } catch {
        setError(t('error.network'))
        return null
      } finally {
        setBusy(false)
      }
    },
    [t],
  )

  return { busy, error, setError, run }
}
