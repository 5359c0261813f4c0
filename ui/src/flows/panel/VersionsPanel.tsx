import { useCallback, useState } from 'react'
import { useI18n } from '../../i18n/useT'
import { FormError } from '../../shared/FormError'
import { formatDateTime } from '../../shared/formatDate'
import { ResourceStatus } from '../../shared/ResourceStatus'
import { useAction } from '../../shared/useAction'
import { useResource } from '../../shared/useResource'
import { flowsApi, type LoadedFlow } from '../api'
import { useBuilder } from '../builder/context'
import { isDirty } from '../store'

/** Published versions, newest first; any of them can become the draft again. */
export function VersionsPanel({ flowId, onRestored }: { flowId: string; onRestored: (flow: LoadedFlow) => void }) {
  const { t, language } = useI18n()
  const versions = useResource(useCallback(() => flowsApi.versions(flowId), [flowId]))
  const action = useAction()
  const dirty = useBuilder(isDirty)
  const [restored, setRestored] = useState<number | null>(null)
  const live = versions.state.phase === 'ready' ? versions.state.data.data[0]?.version : undefined

  const restore = async (version: number) => {
    if (!window.confirm(t('flows.versions.confirmRestore', { version }))) return
    const result = await action.run(() => flowsApi.restore(flowId, version))
    if (result?.data) {
      onRestored(result.data)
      setRestored(version)
    }
  }

  return (
    <div className="settings-panel" data-testid="versions-panel">
      <h2>{t('flows.versions.title')}</h2>
      <ResourceStatus state={versions.state} />
      <FormError message={action.error} />
      {restored !== null && (
        <p className="form-success" role="status" data-testid="version-restored">
          {t('flows.versions.restored', { version: restored })}
        </p>
      )}
      {versions.state.phase === 'ready' && versions.state.data.data.length === 0 && <p className="muted">{t('flows.versions.empty')}</p>}
      {versions.state.phase === 'ready' && (
        <ul className="plain-list">
          {versions.state.data.data.map((version) => (
            <li key={version.version} className="version-item" data-testid="version" data-version={version.version}>
              <div>
                <strong>{t('flows.versions.item', { version: version.version })}</strong> {version.version === live && <span className="chip">{t('flows.versions.live')}</span>}
                <div className="muted small">
                  {formatDateTime(version.published_at, language)}
                  {version.published_by ? ` · ${version.published_by}` : ''}
                </div>
              </div>
              <button type="button" className="button button--small" data-testid="version-restore" disabled={action.busy} title={dirty ? t('flows.builder.unsaved') : undefined} onClick={() => void restore(version.version)}>
                {t('flows.versions.restore')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
