import { useState, type FormEvent } from 'react'
import { api } from '../../client'
import { useT } from '../../i18n/useT'
import { FormError } from '../../shared/FormError'
import { TextField } from '../../shared/TextField'
import { otherProblems, problemsUnder } from '../problems'
import type { ContactDetail } from '../types'
import { useProblemAction } from '../useProblemAction'

const fields = ['name', 'phone', 'email'] as const

/** Creates a contact, or updates the one that already has this phone or e-mail (the API upserts). */
export function NewContactForm({ onSaved, onCancel }: { onSaved: (contact: ContactDetail, created: boolean) => void; onCancel: () => void }) {
  const t = useT()
  const { busy, error, setError, run, problems } = useProblemAction()
  const [values, setValues] = useState({ name: '', phone: '', email: '' })

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    if (values.phone.trim() === '' && values.email.trim() === '') {
      setError(t('contacts.identifierRequired'))
      return
    }
    const body = Object.fromEntries(fields.map((name) => [name, values[name].trim() || null]))
    const result = await run(() => api.POST('/api/contacts', { body }))
    if (result?.data) onSaved(result.data.contact, result.data.created)
  }

  const label = { name: t('field.name'), phone: t('field.phone'), email: t('field.email') }
  return (
    <form className="card stack-form" noValidate onSubmit={(event) => void onSubmit(event)} data-testid="new-contact-form">
      <h2>{t('contacts.new')}</h2>
      {fields.map((name) => (
        <TextField
          key={name}
          label={label[name]}
          name={name}
          type={name === 'email' ? 'email' : name === 'phone' ? 'tel' : 'text'}
          value={values[name]}
          error={problemsUnder(problems, name).join(' ') || null}
          onChange={(event) => setValues((current) => ({ ...current, [name]: event.target.value }))}
        />
      ))}
      <FormError message={[error, ...otherProblems(problems, [...fields])].filter(Boolean).join(' ') || null} testId="new-contact-error" />
      <div className="button-row">
        <button type="submit" className="button button--primary" disabled={busy} data-testid="new-contact-submit">
          {busy ? t('contacts.creating') : t('contacts.create')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  )
}
