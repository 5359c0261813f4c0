import { useState, type FormEvent } from 'react'
import { api } from '../../client'
import { useT } from '../../i18n/useT'
import { FormError } from '../../shared/FormError'
import { useAction } from '../../shared/useAction'
import type { ContactDetail } from '../types'

export function TagsCard({ contact, readOnly, onChanged }: { contact: ContactDetail; readOnly: boolean; onChanged: (contact: ContactDetail) => void }) {
  const t = useT()
  const { busy, error, run } = useAction()
  const [tag, setTag] = useState('')
  const path = { contact_id: contact.id }

  const add = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const tags = tag.split(',').map((item) => item.trim()).filter((item) => item !== '')
    if (tags.length === 0) return
    const result = await run(() => api.POST('/api/contacts/{contact_id}/tags', { params: { path }, body: { tags } }))
    if (!result?.data) return
    setTag('')
    onChanged(result.data)
  }

  const remove = async (name: string) => {
    const result = await run(() => api.DELETE('/api/contacts/{contact_id}/tags/{tag}', { params: { path: { ...path, tag: name } } }))
    if (result?.data) onChanged(result.data)
  }

  return (
    <section className="card" data-testid="contact-tags">
      <h2>{t('contact.tags')}</h2>
      {contact.tags.length === 0 ? (
        <p className="muted">{t('contact.noTags')}</p>
      ) : (
        <ul className="chips tag-list">
          {contact.tags.map((name) => (
            <li key={name} className="chip tag" data-testid="contact-tag" data-tag={name}>
              {name}
              {!readOnly && (
                <button type="button" className="tag__remove" data-testid="contact-tag-remove" aria-label={t('contact.removeTag', { tag: name })} disabled={busy} onClick={() => void remove(name)}>
                  ×
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {!readOnly && (
        <form className="inline-form" noValidate onSubmit={(event) => void add(event)} data-testid="contact-tag-form">
          <input className="input input--small inline-form__grow" name="tag" aria-label={t('contact.newTag')} placeholder={t('contact.newTag')} maxLength={100} value={tag} onChange={(event) => setTag(event.target.value)} />
          <button type="submit" className="button button--small" disabled={busy || tag.trim() === ''}>
            {t('contact.addTag')}
          </button>
        </form>
      )}
      <FormError message={error} />
    </section>
  )
}
