import { useEffect, useState } from 'react'
import { api } from '../client'
import type { Channel } from '../client/types'
import { useT } from '../i18n/useT'
import { CopyButton } from '../shared/CopyButton'

type Load = { phase: 'loading' } | { phase: 'error' } | { phase: 'ready'; channels: Channel[] }

export function ChannelsPage() {
  const t = useT()
  const [load, setLoad] = useState<Load>({ phase: 'loading' })

  useEffect(() => {
    let cancelled = false
    api
      .GET('/api/channels')
      .then(({ data }) => {
        if (!cancelled) setLoad(data ? { phase: 'ready', channels: data.data } : { phase: 'error' })
      })
      .catch(() => {
        if (!cancelled) setLoad({ phase: 'error' })
      })
    return () => {
      cancelled = true
    }
  }, [])

  return (
    <main className="page">
      <header className="page__header">
        <h1>{t('channels.title')}</h1>
        <p className="muted">{t('channels.subtitle')}</p>
      </header>
      {load.phase === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {load.phase === 'error' && (
        <p className="form-error" role="alert">
          {t('error.network')}
        </p>
      )}
      {load.phase === 'ready' && load.channels.length === 0 && <p className="muted">{t('channels.empty')}</p>}
      {load.phase === 'ready' && (
        <ul className="channel-list">
          {load.channels.map((channel) => (
            <ChannelCard key={channel.id} channel={channel} />
          ))}
        </ul>
      )}
    </main>
  )
}

function ChannelCard({ channel }: { channel: Channel }) {
  const t = useT()
  return (
    <li className="card" data-testid="channel-item" data-channel-id={channel.id}>
      <div className="card__header">
        <div>
          <h2>{channel.name}</h2>
          <p className="muted">
            <span className="chip">{t(`channels.kind.${channel.kind}`)}</span> {t('channels.publicKey')}:{' '}
            <code>{channel.public_key}</code>
          </p>
        </div>
        <a className="button button--primary" href={channel.demo_url} target="_blank" rel="noreferrer" data-testid="channel-demo-link">
          {t('channels.openDemo')} ↗
        </a>
      </div>
      <p>{t('channels.snippet')}</p>
      <div className="snippet">
        <pre data-testid="channel-snippet">{channel.widget_snippet}</pre>
        <CopyButton text={channel.widget_snippet} />
      </div>
    </li>
  )
}
