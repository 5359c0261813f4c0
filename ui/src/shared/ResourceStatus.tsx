import { useT } from '../i18n/useT'
import type { ResourceState } from './useResource'

/** "Loading…" or the reason a list could not be loaded; nothing once it is ready. */
export function ResourceStatus<T>({ state }: { state: ResourceState<T> }) {
  const t = useT()
  if (state.phase === 'loading') return <p className="muted">{t('app.loading')}</p>
  if (state.phase === 'error') {
    return (
      <p className="form-error" role="alert">
        {state.message}
      </p>
    )
  }
  return null
}
