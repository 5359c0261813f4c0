import { useEffect, useState } from 'react'
import { api } from '../../client'
import { useT } from '../../i18n/useT'
import { FormError } from '../../shared/FormError'
import { useAction } from '../../shared/useAction'
import { contactLabel } from '../display'
import type { Contact, ContactDetail } from '../types'
import { useDebounced } from '../useDebounced'

/** Picks another contact by search and merges it into this one. */
export function MergeDialog({ contact, onMerged, onClose }: { contact: ContactDetail; onMerged: (contact: ContactDetail) => void; onClose: () => void }) {
  const t = useT()
  const { busy, error, run } = useAction()
  const [q, setQ] = useState('')
  const search = useDebounced(q.trim())
  const [results, setResults] = useState<Contact[]>([])
  const [chosen, setChosen] = useState<Contact | null>(null)

  useEffect(() => {
    if (search === '') {
      setResults([])
      return
    }
    let cancelled = false
    api
      .GET('/api/contacts', { params: { query: { q: search, limit: 10 } } })
      .then(({ data }) => {
        if (!cancelled && data) setResults(data.data.filter((candidate) => candidate.id !== contact.id))
      })
      .catch(() => undefined)
    return () => {
      cancelled = true
    }
  }, [search, contact.id])

  const merge = async (other: Contact) => {
    const result = await run(() => api.POST('/api/contacts/{contact_id}/merge', { params: { path: { contact_id: contact.id } }, body: { other_contact_id: other.id } }))
    if (!result?.data) return
    onMerged(result.data)
    onClose()
  }

  return (
    <section className="card dialog" role="dialog" aria-labelledby="merge-title" data-testid="merge-dialog">
      <h2 id="merge-title">{t('contact.mergeTitle')}</h2>
      <p className="muted">{t('contact.mergeHint')}</p>
      <input type="search" className="input" name="merge_q" aria-label={t('contact.mergeSearch')} placeholder={t('contact.mergeSearch')} value={q} onChange={(event) => setQ(event.target.value)} autoFocus />
      {search !== '' && results.length === 0 && <p className="muted">{t('contact.mergeNoResults')}</p>}
      <ul className="plain-list merge-results">
        {results.map((candidate) => (
          <li key={candidate.id} data-testid="merge-candidate" data-id={candidate.id}>
            <label className="checkbox">
              <input type="radio" name="merge_target" checked={chosen?.id === candidate.id} onChange={() => setChosen(candidate)} />
              <span>
                <strong>{contactLabel(candidate)}</strong> <span className="muted">{[candidate.phone, candidate.email].filter(Boolean).join(' · ')}</span>
              </span>
            </label>
          </li>
        ))}
      </ul>
      <FormError message={error} />
      <div className="button-row">
        <button type="button" className="button button--primary" disabled={busy || chosen === null} data-testid="merge-confirm" onClick={() => chosen && void merge(chosen)}>
          {busy ? t('contact.merging') : chosen ? t('contact.mergeConfirm', { name: contactLabel(chosen) }) : t('contact.merge')}
        </button>
        <button type="button" className="button" onClick={onClose}>
          {t('common.cancel')}
        </button>
      </div>
    </section>
  )
}
