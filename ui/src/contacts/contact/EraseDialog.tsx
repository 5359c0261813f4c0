import { useState } from 'react'
import { api } from '../../client'
import { useT } from '../../i18n/useT'
import { navigate } from '../../router'
import { FormError } from '../../shared/FormError'
import { useAction } from '../../shared/useAction'
import { contactLabel } from '../display'
import type { ContactDetail } from '../types'
import { erasureConfirmed } from './draft'

/** Erasure cannot be undone: the person types the contact's name before the button works. */
export function EraseDialog({ contact, onClose }: { contact: ContactDetail; onClose: () => void }) {
  const t = useT()
  const { busy, error, run } = useAction()
  const [typed, setTyped] = useState('')
  const expected = contactLabel(contact)

  const erase = async () => {
    const result = await run(() => api.POST('/api/contacts/{contact_id}/erase', { params: { path: { contact_id: contact.id } } }))
    if (result) navigate('/contacts')
  }

  return (
    <section className="card dialog dialog--danger" role="dialog" aria-labelledby="erase-title" data-testid="erase-dialog">
      <h2 id="erase-title">{t('contact.eraseTitle')}</h2>
      <p>{t('contact.eraseHint', { name: `“${expected}”` })}</p>
      <label className="field">
        <span>{t('contact.eraseTyped')}</span>
        <input name="erase_confirm" value={typed} autoComplete="off" onChange={(event) => setTyped(event.target.value)} autoFocus />
      </label>
      <FormError message={error} />
      <div className="button-row">
        <button type="button" className="button button--primary button--destructive" disabled={busy || !erasureConfirmed(typed, expected)} data-testid="erase-confirm" onClick={() => void erase()}>
          {busy ? t('contact.erasing') : t('contact.eraseConfirm')}
        </button>
        <button type="button" className="button" onClick={onClose}>
          {t('common.cancel')}
        </button>
      </div>
    </section>
  )
}
