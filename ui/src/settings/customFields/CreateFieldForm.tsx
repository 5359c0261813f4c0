import { useState, type FormEvent } from 'react'
import { api } from '../../client'
import { customFieldTypes, fieldTypeLabel } from '../../contacts/labels'
import { otherProblems, problemsUnder } from '../../contacts/problems'
import type { CustomField, CustomFieldType } from '../../contacts/types'
import { useT } from '../../i18n/useT'
import { FormError } from '../../shared/FormError'
import { TextField } from '../../shared/TextField'
import { useProblemAction } from '../../contacts/useProblemAction'
import { fieldDraftErrors, keyFromLabel, parseOptions, takesOptions, type FieldDraftErrors } from './fieldDraft'

export function CreateFieldForm({ onCreated }: { onCreated: (field: CustomField) => void }) {
  const t = useT()
  const { busy, error, run, problems } = useProblemAction()
  const [label, setLabel] = useState('')
  const [key, setKey] = useState('')
  const [keyEdited, setKeyEdited] = useState(false)
  const [type, setType] = useState<CustomFieldType>('text')
  const [optionsText, setOptionsText] = useState('')
  const [errors, setErrors] = useState<FieldDraftErrors>({})

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const draft = { label: label.trim(), key, type, options: takesOptions(type) ? parseOptions(optionsText) : [] }
    const invalid = fieldDraftErrors(draft)
    setErrors(invalid)
    if (Object.keys(invalid).length > 0) return
    const result = await run(() => api.POST('/api/custom-fields', { body: draft }))
    if (!result?.data) return
    onCreated(result.data)
    setLabel('')
    setKey('')
    setKeyEdited(false)
    setOptionsText('')
  }

  const message = (name: 'label' | 'key' | 'options') => {
    const local = errors[name]
    return local ? t(local) : problemsUnder(problems, name).join(' ') || null
  }

  return (
    <form className="stack-form" noValidate onSubmit={(event) => void onSubmit(event)} data-testid="custom-field-form">
      <TextField
        label={t('customFields.label')}
        name="label"
        value={label}
        maxLength={100}
        error={message('label')}
        onChange={(event) => {
          setLabel(event.target.value)
          if (!keyEdited) setKey(keyFromLabel(event.target.value))
        }}
      />
      <TextField
        label={t('customFields.key')}
        name="key"
        value={key}
        maxLength={64}
        hint={t('customFields.keyHint')}
        error={message('key')}
        onChange={(event) => {
          setKey(event.target.value)
          setKeyEdited(true)
        }}
      />
      <label className="field">
        <span>{t('customFields.type')}</span>
        <select className="select" name="type" value={type} onChange={(event) => setType(event.target.value as CustomFieldType)}>
          {customFieldTypes.map((candidate) => (
            <option key={candidate} value={candidate}>
              {fieldTypeLabel(candidate, t)}
            </option>
          ))}
        </select>
      </label>
      {takesOptions(type) && (
        <label className="field">
          <span>{t('customFields.options')}</span>
          <textarea className="textarea" name="options" rows={4} value={optionsText} onChange={(event) => setOptionsText(event.target.value)} />
          <small className={message('options') ? 'field__error' : 'field__hint'}>{message('options') ?? t('customFields.optionsHint')}</small>
        </label>
      )}
      <FormError message={[error, ...otherProblems(problems, ['label', 'key', 'options'])].filter(Boolean).join(' ') || null} testId="custom-field-error" />
      <div>
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('customFields.creating') : t('customFields.create')}
        </button>
      </div>
    </form>
  )
}
