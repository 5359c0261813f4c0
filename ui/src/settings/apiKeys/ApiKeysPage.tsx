import { useCallback, useState } from 'react'
import { api } from '../../client'
import type { CreatedApiKey } from '../../client/types'
import { useT } from '../../i18n/useT'
import { Page } from '../../shared/Page'
import { ResourceStatus } from '../../shared/ResourceStatus'
import { useResource } from '../../shared/useResource'
import { ApiKeysTable } from './ApiKeysTable'
import { CreateApiKeyForm } from './CreateApiKeyForm'
import { KeyOnce } from './KeyOnce'

export function ApiKeysPage() {
  const t = useT()
  const keys = useResource(useCallback(() => api.GET('/api/api-keys'), []))
  // Held in memory only, never stored: leaving the page or pressing Done forgets it.
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null)

  const onCreated = (key: CreatedApiKey) => {
    const { key: secret, ...listed } = key
    setCreated({ name: key.name, secret })
    keys.update((page) => ({ data: [listed, ...page.data] }))
  }
  // The server decides how a revoked key is listed (kept with its date, or gone): ask it.
  const onRevoked = keys.reload

  return (
    <Page title={t('apiKeys.title')} subtitle={t('apiKeys.subtitle')}>
      {created && <KeyOnce name={created.name} secret={created.secret} onDone={() => setCreated(null)} />}
      <section className="section">
        <h2>{t('apiKeys.createTitle')}</h2>
        <CreateApiKeyForm onCreated={onCreated} />
      </section>
      <section className="section">
        <h2>{t('apiKeys.listTitle')}</h2>
        <ResourceStatus state={keys.state} />
        {keys.state.phase === 'ready' && <ApiKeysTable keys={keys.state.data.data} onRevoked={onRevoked} />}
      </section>
    </Page>
  )
}
