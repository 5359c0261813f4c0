import { useState } from 'react'
import { api } from '../client'
import { failureMessage } from '../client/failure'
import type { Channel } from '../client/types'
import { useT } from '../i18n/useT'
import { CopyButton } from '../shared/CopyButton'
import { FormError } from '../shared/FormError'
import { AllowedWebsites } from './AllowedWebsites'
import { ChannelForm } from './ChannelForm'
import { formFromChannel } from './credentialForms'

interface Props {
  channel: Channel
  canManage: boolean
  onChanged: (channel: Channel) => void
  onDeleted: (channelId: string) => void
}

export function ChannelCard({ channel, canManage, onChanged, onDeleted }: Props) {
  const t = useT()
  const [editing, setEditing] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const form = formFromChannel(channel)

  const remove = async () => {
    if (!window.confirm(t('channels.confirmDelete', { name: channel.name }))) return
    setError(null)
    try {
      const { error: failure, response } = await api.DELETE('/api/channels/{channel_id}', {
        params: { path: { channel_id: channel.id } },
      })
      if (response.ok) onDeleted(channel.id)
      else setError(failureMessage(response.status, failure, t))
    } catch {
      setError(t('error.network'))
    }
  }

  return (
    <li className="card" data-testid="channel-item" data-channel-id={channel.id} data-channel-kind={channel.kind}>
      <div className="card__header">
        <div>
          <h2>{channel.name}</h2>
          <p className="muted">
            <span className="chip">{t(`channels.kind.${channel.kind}`)}</span>{' '}
            {channel.kind === 'webchat' && (
              <>
                {t('channels.publicKey')}: <code>{channel.public_key}</code>
              </>
            )}
          </p>
        </div>
        {channel.demo_url && (
          <a className="button button--primary" href={channel.demo_url} target="_blank" rel="noreferrer" data-testid="channel-demo-link">
            {t('channels.openDemo')} ↗
          </a>
        )}
        {canManage && form && !editing && (
          <div className="button-row">
            <button type="button" className="button button--small" onClick={() => setEditing(true)}>
              {t('common.edit')}
            </button>
            <button type="button" className="button button--small button--danger" onClick={() => void remove()}>
              {t('common.delete')}
            </button>
          </div>
        )}
      </div>
      <FormError message={error} />
      {channel.widget_snippet && (
        <>
          <p>{t('channels.snippet')}</p>
          <div className="snippet">
            <pre data-testid="channel-snippet">{channel.widget_snippet}</pre>
            <CopyButton text={channel.widget_snippet} />
          </div>
        </>
      )}
      {channel.kind === 'webchat' && <AllowedWebsites channel={channel} canManage={canManage} onSaved={onChanged} />}
      {channel.kind !== 'webchat' && <p>{t(`channels.setupIntro.${channel.kind}`)}</p>}
      {channel.setup.map((setup) => (
        <div key={setup.item} className="section" data-testid={`channel-setup-${setup.item}`}>
          <strong>{t(`channels.setup.${setup.item}`)}</strong>
          <div className="snippet">
            <pre>{setup.value}</pre>
            <CopyButton text={setup.value} />
          </div>
        </div>
      ))}
      {editing && form && (
        <ChannelForm
          initial={form}
          channel={channel}
          onSaved={(saved) => {
            setEditing(false)
            onChanged(saved)
          }}
          onCancel={() => setEditing(false)}
        />
      )}
    </li>
  )
}
