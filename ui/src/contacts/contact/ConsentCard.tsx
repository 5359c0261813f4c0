import { useState } from 'react'
import { api } from '../../client'
import { useI18n } from '../../i18n/useT'
import { FormError } from '../../shared/FormError'
import { formatDateTime } from '../../shared/formatDate'
import { channelLabel, channels, consentLabel } from '../labels'
import type { ChannelKind, ConsentStatus, ContactDetail } from '../types'
import { useProblemAction } from '../useProblemAction'
import { suppressedText } from './consent'

/** Consent per channel, with opt-in and opt-out; an opt-out can also suppress the address. */
export function ConsentCard({ contact, readOnly, onChanged }: { contact: ContactDetail; readOnly: boolean; onChanged: () => void }) {
  const { t, language } = useI18n()
  const { busy, error, run } = useProblemAction()
  const [suppress, setSuppress] = useState(false)
  const [source, setSource] = useState(() => t('contact.consentSourceDefault'))

  const record = async (channel: ChannelKind, status: ConsentStatus) => {
    const body = { status, source: source.trim() || t('contact.consentSourceDefault'), proof: '', suppress: status === 'opted_out' && suppress }
    const result = await run(() => api.PUT('/api/contacts/{contact_id}/consent/{channel}', { params: { path: { contact_id: contact.id, channel } }, body }))
    if (result) onChanged()
  }

  return (
    <section className="card" data-testid="contact-consent">
      <h2>{t('contact.consent')}</h2>
      <ul className="consent-list">
        {channels.map((channel) => {
          const consent = contact.consent.find((entry) => entry.channel === channel)
          const status = consent?.status ?? 'unknown'
          return (
            <li key={channel} className="consent" data-testid="consent-row" data-channel={channel} data-status={status}>
              <div>
                <strong>{channelLabel(channel, t)}</strong>{' '}
                <span className={`chip${status === 'opted_out' ? ' chip--danger' : status === 'unknown' ? ' chip--muted' : ''}`}>{consentLabel(status, t)}</span>
                {consent && <div className="muted small">{t('contact.consentSince', { source: consent.source, when: formatDateTime(consent.updated_at, language) })}</div>}
              </div>
              {!readOnly && (
                <div className="button-row">
                  <button type="button" className="button button--small" disabled={busy || status === 'opted_in'} data-testid="consent-opt-in" onClick={() => void record(channel, 'opted_in')}>
                    {t('contact.optIn')}
                  </button>
                  <button type="button" className="button button--small button--danger" disabled={busy || status === 'opted_out'} data-testid="consent-opt-out" onClick={() => void record(channel, 'opted_out')}>
                    {t('contact.optOut')}
                  </button>
                </div>
              )}
            </li>
          )
        })}
      </ul>
      {!readOnly && (
        <div className="stack-form">
          <label className="field">
            <span>{t('contact.consentSource')}</span>
            <input name="consent_source" value={source} maxLength={100} onChange={(event) => setSource(event.target.value)} />
          </label>
          <label className="checkbox">
            <input type="checkbox" name="suppress" data-testid="consent-suppress" checked={suppress} onChange={(event) => setSuppress(event.target.checked)} />
            <span>{t('contact.alsoSuppress')}</span>
          </label>
        </div>
      )}
      {contact.suppressed.length > 0 && (
        <p className="form-error" data-testid="contact-suppressed">
          {t('contact.suppressed', { values: suppressedText(contact, t) })}
        </p>
      )}
      <FormError message={error} testId="consent-error" />
    </section>
  )
}
