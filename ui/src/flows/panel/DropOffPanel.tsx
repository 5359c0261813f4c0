import { useCallback, useState } from 'react'
import { useT } from '../../i18n/useT'
import { FormError } from '../../shared/FormError'
import { ResourceStatus } from '../../shared/ResourceStatus'
import { useAction } from '../../shared/useAction'
import { useResource } from '../../shared/useResource'
import { flowsApi } from '../api'
import { useBuilder } from '../builder/context'
import { previewVersion, versionChoices } from '../dropOff'
import { Select } from './fields'

/** Drop-off per step: loads one version's run counts and shows them as badges on the cards. */
export function DropOffPanel({ flowId }: { flowId: string }) {
  const t = useT()
  const versions = useResource(useCallback(() => flowsApi.versions(flowId), [flowId]))
  const action = useAction()
  const traffic = useBuilder((state) => state.traffic)
  const setTraffic = useBuilder((state) => state.setTraffic)
  const [picked, setPicked] = useState<string | null>(null)

  const published = versions.state.phase === 'ready' ? versions.state.data.data.map((version) => version.version) : []
  const choices = versionChoices(published)
  // Until the marketer picks one, the live (newest published) version, or the previews if none.
  const version = picked ?? String(traffic?.version ?? choices[0] ?? previewVersion)
  const options = choices.map((choice) => ({
    value: String(choice),
    label: choice === previewVersion ? t('flows.dropOff.previews') : t(choice === choices[0] ? 'flows.dropOff.live' : 'flows.versions.item', { version: choice }),
  }))

  const show = async () => {
    const result = await action.run(() => flowsApi.stats(flowId, Number(version)))
    if (result?.data) setTraffic(result.data)
  }
  const started = traffic ? Math.max(0, ...[...traffic.nodes.values()].map((node) => node.entered)) : 0

  return (
    <section className="settings-panel dropoff" data-testid="dropoff-panel">
      <h2>{t('flows.dropOff.title')}</h2>
      <p className="muted small">{t('flows.dropOff.hint')}</p>
      <ResourceStatus state={versions.state} />
      {versions.state.phase === 'ready' && (
        <>
          <Select label={t('flows.dropOff.version')} name="dropoff_version" value={version} options={options} onChange={setPicked} />
          <div className="button-row">
            <button type="button" className="button button--small button--primary" data-testid="dropoff-show" disabled={action.busy} onClick={() => void show()}>
              {t('flows.dropOff.show')}
            </button>
            <button type="button" className="button button--small" data-testid="dropoff-hide" disabled={traffic === null} onClick={() => setTraffic(null)}>
              {t('flows.dropOff.hide')}
            </button>
          </div>
        </>
      )}
      <FormError message={action.error} />
      {traffic && (
        <p className="muted small" role="status" data-testid="dropoff-summary">
          {traffic.nodes.size === 0 ? t('flows.dropOff.none') : t('flows.dropOff.summary', { count: started })}
        </p>
      )}
    </section>
  )
}
