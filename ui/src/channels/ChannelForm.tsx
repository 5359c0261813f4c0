import { useState, type FormEvent } from 'react'
import { api } from '../client'
import { failureMessage } from '../client/failure'
import type { Channel } from '../client/types'
import type { MessageKey } from '../i18n/en'
import { useT } from '../i18n/useT'
import { FormError } from '../shared/FormError'
import { TextField } from '../shared/TextField'
import { FIELDS, createBody, fieldErrors, storedHint, updateBody, type FormState } from './credentialForms'

interface Props {
  initial: FormState
  /** The channel being edited; absent when connecting a new one. */
  channel?: Channel
  onSaved: (channel: Channel) => void
  onCancel: () => void
}

/** Connects a provider, or edits one: secrets left blank keep their stored value. */
export function ChannelForm({ initial, channel, onSaved, onCancel }: Props) {
  const t = useT()
  const [state, setState] = useState(initial)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [formError, setFormError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const setValue = (name: string, value: string) => setState((s) => ({ ...s, values: { ...s.values, [name]: value } }))

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    setErrors({})
    setFormError(null)
    try {
      const { data, error, response } = channel
        ? await api.PATCH('/api/channels/{channel_id}', { params: { path: { channel_id: channel.id } }, body: updateBody(state) })
        : await api.POST('/api/channels', { body: createBody(state) })
      if (data) {
        onSaved(data)
        return
      }
      const byField = fieldErrors(error)
      setErrors(byField)
      if (response.status !== 422 || Object.keys(byField).length === 0) {
        setFormError(failureMessage(response.status, error, t, 'channels.invalid'))
      }
    } catch {
      setFormError(t('error.network'))
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="section" onSubmit={(event) => void submit(event)} data-testid={`channel-form-${state.kind}`} noValidate>
      <h3>{t(channel ? 'channels.editTitle' : 'channels.connectKind', { kind: t(`channels.kind.${state.kind}`) })}</h3>
      <p className="muted">{t(`channels.help.${state.kind}`)}</p>
      <div className="form-grid">
        <TextField
          label={t('channels.name')}
          name="name"
          value={state.name}
          required
          maxLength={200}
          error={errors.name}
          onChange={(event) => setState((s) => ({ ...s, name: event.target.value }))}
        />
        {FIELDS[state.kind].map((spec) => {
          const hint = channel ? storedHint(channel, spec.name) : null
          return (
            <TextField
              key={spec.name}
              label={t(`channels.field.${spec.name}` as MessageKey) + (spec.optional ? ` ${t('channels.optional')}` : '')}
              name={spec.name}
              type={spec.secret ? 'password' : (spec.type ?? 'text')}
              autoComplete={spec.secret ? 'new-password' : 'off'}
              value={state.values[spec.name] ?? ''}
              required={!spec.optional && !hint}
              error={errors[spec.name]}
              hint={hint ? t('channels.secretKept', { hint }) : undefined}
              onChange={(event) => setValue(spec.name, event.target.value)}
            />
          )
        })}
      </div>
      <FormError message={formError} testId="channel-form-error" />
      <div className="button-row">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('common.saving') : channel ? t('common.save') : t('channels.connect')}
        </button>
        <button type="button" className="button" onClick={onCancel} disabled={busy}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  )
}
