import { useCallback } from 'react'
import { can } from '../../auth/permissions'
import { useSession } from '../../auth/session'
import { useT } from '../../i18n/useT'
import { Page } from '../../shared/Page'
import { ResourceStatus } from '../../shared/ResourceStatus'
import { useResource } from '../../shared/useResource'
import { aiApi } from './api'
import { AiConnectionTest } from './AiConnectionTest'
import { AiSettingsForm } from './AiSettingsForm'
import { AiUsageTable } from './AiUsageTable'

/** Settings → AI: the model flows' AI steps use, a connection test, and the tokens spent. */
export function AiSettingsPage() {
  const t = useT()
  const { me } = useSession()
  const canManage = can(me.permissions, 'workspace:manage')
  const settings = useResource(useCallback(() => aiApi.settings(), []))
  const usage = useResource(useCallback(() => aiApi.usage(), []))

  return (
    <Page title={t('ai.title')} subtitle={t('ai.subtitle')}>
      <section className="section">
        <h2>{t('ai.settingsTitle')}</h2>
        <ResourceStatus state={settings.state} />
        {settings.state.phase === 'ready' && (
          <>
            {!settings.state.data.configured && <p className="muted" data-testid="ai-not-configured">{t('ai.notConfigured')}</p>}
            {!canManage && <p className="muted">{t('ai.readOnly')}</p>}
            <AiSettingsForm settings={settings.state.data} readOnly={!canManage} onSaved={(saved) => settings.update(() => saved)} />
          </>
        )}
      </section>
      {canManage && (
        <section className="section">
          <h2>{t('ai.testTitle')}</h2>
          <AiConnectionTest onTested={usage.reload} />
        </section>
      )}
      <section className="section">
        <h2>{t('ai.usageTitle')}</h2>
        <ResourceStatus state={usage.state} />
        {usage.state.phase === 'ready' && <AiUsageTable rows={usage.state.data.data} />}
      </section>
    </Page>
  )
}
