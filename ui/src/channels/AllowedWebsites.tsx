import { useId, useState, type FormEvent } from 'react'
import { api } from '../client'
import { failureMessage } from '../client/failure'
import type { Channel } from '../client/types'
import { useT } from '../i18n/useT'
import { FormError } from '../shared/FormError'
import { websiteErrors, websitesFromText, websitesToText, type WebsiteError } from './allowedWebsites'

interface Props {
  channel: Channel
  canManage: boolean
  onSaved: (channel: Channel) => void
}

/** Which websites may embed a web chat channel's widget; none listed means any. */
export function AllowedWebsites({ channel, canManage, onSaved }: Props) {
  const t = useT()
  const inputId = useId()
  const [editing, setEditing] = useState(false)
  const [text, setText] = useState('')
  const [errors, setErrors] = useState<WebsiteError[]>([])
  const [formError, setFormError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const edit = () => {
    setText(websitesToText(channel.allowed_origins))
    setErrors([])
    setFormError(null)
    setEditing(true)
  }

  const save = async (event: FormEvent) => {
    event.preventDefault()
    const websites = websitesFromText(text)
    setBusy(true)
    setErrors([])
    setFormError(null)
    try {
      const { data, error, response } = await api.PATCH('/api/channels/{channel_id}', {
        params: { path: { channel_id: channel.id } },
        body: { allowed_origins: websites },
      })
      if (data) {
        setEditing(false)
        onSaved(data)
        return
      }
      const byWebsite = websiteErrors(error, websites)
      setErrors(byWebsite)
      if (byWebsite.length === 0) setFormError(failureMessage(response.status, error, t))
    } catch {
      setFormError(t('error.network'))
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="section" data-testid="allowed-websites">
      <strong>{t('channels.websites.title')}</strong>
      {!editing && (
        <>
          {channel.allowed_origins.length === 0 ? (
            <p className="muted" data-testid="allowed-websites-any">
              {t('channels.websites.any')}
            </p>
          ) : (
            <ul>
              {channel.allowed_origins.map((origin) => (
                <li key={origin} data-testid="allowed-website">
                  <code>{origin}</code>
                </li>
              ))}
            </ul>
          )}
          {canManage && (
            <button type="button" className="button button--small" onClick={edit} data-testid="allowed-websites-edit">
              {t('common.edit')}
            </button>
          )}
        </>
      )}
      {editing && (
        <form onSubmit={(event) => void save(event)} noValidate>
          <label className="field" htmlFor={inputId}>
            <span>{t('channels.websites.label')}</span>
          </label>
          <textarea
            id={inputId}
            className="textarea"
            rows={4}
            value={text}
            placeholder="https://shop.example.com.br"
            spellCheck={false}
            aria-invalid={errors.length > 0 ? true : undefined}
            data-testid="allowed-websites-input"
            onChange={(event) => setText(event.target.value)}
          />
          <small className="field__hint">{t('channels.websites.hint')}</small>
          {errors.length > 0 && (
            <ul className="field__error" data-testid="allowed-websites-errors">
              {errors.map((error) => (
                <li key={`${error.website}:${error.message}`}>{error.message}</li>
              ))}
            </ul>
          )}
          <FormError message={formError} />
          <div className="button-row">
            <button type="submit" className="button button--primary" disabled={busy} data-testid="allowed-websites-save">
              {busy ? t('common.saving') : t('common.save')}
            </button>
            <button type="button" className="button" onClick={() => setEditing(false)} disabled={busy}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  )
}
