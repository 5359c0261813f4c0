import { useState, type FormEvent } from 'react'
import { api } from '../../client'
import { useT } from '../../i18n/useT'
import { FormError } from '../../shared/FormError'
import { TextField } from '../../shared/TextField'
import { fieldLabel } from '../labels'
import { otherProblems, problemsUnder } from '../problems'
import type { ContactDetail, CustomField } from '../types'
import { useProblemAction } from '../useProblemAction'
import { draftOf, editableFields, isEmptyPatch, patchOf, type ContactDraft } from './draft'
import { CustomFieldInput } from './CustomFieldInput'
import { OwnerSelect } from './OwnerSelect'

interface Props {
  contact: ContactDetail
  fields: readonly CustomField[]
  readOnly: boolean
  /** The last save was of this version: the form, remounted for it, says "Saved". */
  saved: boolean
  onSaved: (contact: ContactDetail) => void
}

/** Standard and custom fields; only what changed is sent, and the API's refusals show on their field. */
export function DetailsForm({ contact, fields, readOnly, saved, onSaved }: Props) {
  const t = useT()
  const { busy, error, run, problems } = useProblemAction()
  const before = draftOf(contact, fields)
  const [draft, setDraft] = useState<ContactDraft>(before)
  // Custom fields can load after the contact: fill in the ones the draft does not have yet.
  const missing = fields.filter((field) => !(field.key in draft.custom))
  if (missing.length > 0) setDraft((current) => ({ ...current, custom: { ...before.custom, ...current.custom } }))

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const patch = patchOf(before, draft, fields)
    if (isEmptyPatch(patch)) return
    const result = await run(() => api.PATCH('/api/contacts/{contact_id}', { params: { path: { contact_id: contact.id } }, body: patch }))
    if (!result?.data) return
    onSaved(result.data)
  }

  const customError = (key: string) => problemsUnder(problems, `custom_fields.${key}`).join(' ') || null
  const known = [...editableFields, 'owner_user_id', ...fields.map((field) => `custom_fields.${field.key}`)]

  return (
    <form className="card" noValidate onSubmit={(event) => void onSubmit(event)} data-testid="contact-form">
      <h2>{t('contact.details')}</h2>
      <div className="form-grid">
        {editableFields.map((name) => (
          <TextField
            key={name}
            label={fieldLabel(name, t)}
            name={name}
            value={draft.standard[name]}
            disabled={readOnly}
            error={problemsUnder(problems, name).join(' ') || null}
            onChange={(event) => setDraft((current) => ({ ...current, standard: { ...current.standard, [name]: event.target.value } }))}
          />
        ))}
        <OwnerSelect
          value={draft.owner}
          disabled={readOnly}
          error={problemsUnder(problems, 'owner_user_id').join(' ') || null}
          onChange={(owner) => setDraft((current) => ({ ...current, owner }))}
        />
      </div>
      <h3>{t('contact.customFields')}</h3>
      {fields.length === 0 && <p className="muted">{t('contact.noCustomFields')}</p>}
      <div className="form-grid">
        {fields.map((field) => (
          <CustomFieldInput
            key={field.key}
            field={field}
            value={draft.custom[field.key] ?? ''}
            disabled={readOnly}
            error={customError(field.key)}
            onChange={(value) => setDraft((current) => ({ ...current, custom: { ...current.custom, [field.key]: value } }))}
          />
        ))}
      </div>
      <FormError message={[error, ...otherProblems(problems, known)].filter(Boolean).join(' ') || null} testId="contact-form-error" />
      {saved && (
        <p className="form-success" role="status">
          {t('common.saved')}
        </p>
      )}
      {!readOnly && (
        <div>
          <button type="submit" className="button button--primary" disabled={busy || isEmptyPatch(patchOf(before, draft, fields))} data-testid="contact-save">
            {busy ? t('common.saving') : t('common.save')}
          </button>
        </div>
      )}
    </form>
  )
}
