import { useState, type FormEvent } from 'react'
import { useT } from '../../i18n/useT'
import { FormError } from '../../shared/FormError'
import { TextField } from '../../shared/TextField'
import { useAction } from '../../shared/useAction'
import { aiApi, type AiSettings } from './api'
import { applyPreset, draftErrors, draftFrom, PRESETS, presetOf, saveBody, type DraftErrors, type PresetId } from './aiDraft'

interface Props {
  settings: AiSettings
  readOnly: boolean
  onSaved: (settings: AiSettings) => void
}

/** Base URL (with presets for the usual servers), model and a write-only key. */
export function AiSettingsForm({ settings, readOnly, onSaved }: Props) {
  const t = useT()
  const { busy, error, run } = useAction()
  const [draft, setDraft] = useState(() => draftFrom(settings))
  const [errors, setErrors] = useState<DraftErrors>({})
  const [saved, setSaved] = useState(false)
  const preset = presetOf(draft.baseUrl)
  const message = (name: keyof DraftErrors) => (errors[name] ? t(errors[name]) : null)
  const change = (next: typeof draft) => {
    setDraft(next)
    setSaved(false)
  }

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault()
    const invalid = draftErrors(draft)
    setErrors(invalid)
    if (Object.keys(invalid).length > 0) return
    const result = await run(() => aiApi.save(saveBody(draft)), 'ai.error.invalid')
    if (!result?.data) return
    onSaved(result.data)
    setDraft(draftFrom(result.data))
    setSaved(true)
  }

  const keyHint = settings.api_key_hint
  const storedKeyHint = keyHint === null ? t('ai.apiKeyHint') : keyHint === '…' ? t('ai.apiKeyStoredShort') : t('ai.apiKeyStored', { hint: keyHint })

  return (
    <form className="stack-form" noValidate data-testid="ai-settings-form" onSubmit={(event) => void onSubmit(event)}>
      <label className="field">
        <span>{t('ai.preset')}</span>
        <select
          className="select"
          name="preset"
          value={preset.id}
          disabled={readOnly}
          data-testid="ai-preset"
          onChange={(event) => change(applyPreset(draft, event.target.value as PresetId))}
        >
          {PRESETS.map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {t(`ai.preset.${candidate.id}`)}
            </option>
          ))}
        </select>
      </label>
      <TextField
        label={t('ai.baseUrl')}
        name="base_url"
        type="url"
        value={draft.baseUrl}
        maxLength={500}
        readOnly={readOnly}
        hint={t('ai.baseUrlHint')}
        error={message('baseUrl')}
        onChange={(event) => change({ ...draft, baseUrl: event.target.value })}
      />
      <TextField
        label={t('ai.model')}
        name="model"
        value={draft.model}
        maxLength={200}
        readOnly={readOnly}
        placeholder={preset.model}
        hint={t('ai.modelHint', { example: preset.model })}
        error={message('model')}
        onChange={(event) => change({ ...draft, model: event.target.value })}
      />
      {!readOnly && (
        <TextField
          label={t('ai.apiKey')}
          name="api_key"
          type="password"
          autoComplete="new-password"
          value={draft.apiKey}
          disabled={draft.removeKey}
          hint={storedKeyHint}
          error={message('apiKey')}
          onChange={(event) => change({ ...draft, apiKey: event.target.value })}
        />
      )}
      {!readOnly && keyHint !== null && (
        <label className="checkbox">
          <input type="checkbox" name="remove_key" checked={draft.removeKey} onChange={(event) => change({ ...draft, removeKey: event.target.checked, apiKey: '' })} />
          {t('ai.removeKey')}
        </label>
      )}
      <FormError message={error} testId="ai-settings-error" />
      {saved && (
        <p className="form-success" role="status">
          {t('ai.saved')}
        </p>
      )}
      {!readOnly && (
        <div>
          <button type="submit" className="button button--primary" disabled={busy} data-testid="ai-save">
            {busy ? t('common.saving') : t('ai.save')}
          </button>
        </div>
      )}
    </form>
  )
}
