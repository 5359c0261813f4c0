import { useCallback, useState } from 'react'
import { can } from '../auth/permissions'
import { useSession } from '../auth/session'
import { api } from '../client'
import type { Channel } from '../client/types'
import { useT } from '../i18n/useT'
import { ResourceStatus } from '../shared/ResourceStatus'
import { useResource } from '../shared/useResource'
import { ChannelCard } from './ChannelCard'
import { ChannelForm } from './ChannelForm'
import { PROVIDER_KINDS, emptyForm, type ProviderKind } from './credentialForms'

export function ChannelsPage() {
  const t = useT()
  const { me } = useSession()
  const channels = useResource(useCallback(() => api.GET('/api/channels'), []))
  const [connecting, setConnecting] = useState<ProviderKind | null>(null)
  const canManage = can(me.permissions, 'channels:manage')

  const replace = (channel: Channel) =>
    channels.update((page) => ({ data: page.data.map((row) => (row.id === channel.id ? channel : row)) }))
  const remove = (channelId: string) => channels.update((page) => ({ data: page.data.filter((row) => row.id !== channelId) }))

  return (
    <main className="page">
      <header className="page__header">
        <h1>{t('channels.title')}</h1>
        <p className="muted">{t('channels.subtitle')}</p>
      </header>
      {canManage && (
        <section className="section" data-testid="channel-connect">
          <h2>{t('channels.connectTitle')}</h2>
          <div className="button-row">
            {PROVIDER_KINDS.map((kind) => (
              <button
                key={kind}
                type="button"
                className={connecting === kind ? 'button button--primary' : 'button'}
                onClick={() => setConnecting(kind)}
                data-testid={`channel-connect-${kind}`}
              >
                {t(`channels.kind.${kind}`)}
              </button>
            ))}
          </div>
          {connecting && (
            <ChannelForm
              key={connecting}
              initial={emptyForm(connecting)}
              onSaved={(channel) => {
                setConnecting(null)
                channels.update((page) => ({ data: [...page.data, channel] }))
              }}
              onCancel={() => setConnecting(null)}
            />
          )}
        </section>
      )}
      <ResourceStatus state={channels.state} />
      {channels.state.phase === 'ready' && channels.state.data.data.length === 0 && <p className="muted">{t('channels.empty')}</p>}
      {channels.state.phase === 'ready' && (
        <ul className="channel-list">
          {channels.state.data.data.map((channel) => (
            <ChannelCard key={channel.id} channel={channel} canManage={canManage} onChanged={replace} onDeleted={remove} />
          ))}
        </ul>
      )}
    </main>
  )
}
