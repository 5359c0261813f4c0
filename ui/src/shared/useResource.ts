import { useCallback, useEffect, useState } from 'react'
import { failureMessage } from '../client/failure'
import { useT } from '../i18n/useT'

/** The part of an openapi-fetch result the UI reads. */
export interface FetchResult<T> {
  data?: T
  error?: unknown
  response: Response
}

export type ResourceState<T> =
  | { phase: 'loading' }
  | { phase: 'error'; message: string; status: number | null }
  | { phase: 'ready'; data: T }

export interface Resource<T> {
  state: ResourceState<T>
  reload: () => void
  /** Applies a local change (after a successful mutation) without fetching again. */
  update: (change: (data: T) => T) => void
}

/** Loads once per `load` identity (wrap it in useCallback) and on reload(). */
export function useResource<T>(load: () => Promise<FetchResult<T>>): Resource<T> {
  const t = useT()
  const [state, setState] = useState<ResourceState<T>>({ phase: 'loading' })
  const [generation, setGeneration] = useState(0)

  useEffect(() => {
    let cancelled = false
    load()
      .then(({ data, error, response }) => {
        if (cancelled) return
        if (data !== undefined) setState({ phase: 'ready', data })
        else setState({ phase: 'error', message: failureMessage(response.status, error, t), status: response.status })
      })
      .catch(() => {
        if (!cancelled) setState({ phase: 'error', message: t('error.network'), status: null })
      })
    return () => {
      cancelled = true
    }
    // `t` is left out on purpose: switching the language must not fetch again.
  }, [load, generation])

  const reload = useCallback(() => setGeneration((value) => value + 1), [])
  const update = useCallback((change: (data: T) => T) => {
    setState((current) => (current.phase === 'ready' ? { phase: 'ready', data: change(current.data) } : current))
  }, [])

  return { state, reload, update }
}
