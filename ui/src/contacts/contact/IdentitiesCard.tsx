import { useT } from '../../i18n/useT'
import { cellText } from '../display'
import { channelLabel } from '../labels'
import type { ContactDetail } from '../types'

export function IdentitiesCard({ contact }: { contact: ContactDetail }) {
  const t = useT()
  return (
    <section className="card" data-testid="contact-identities">
      <h2>{t('contact.identities')}</h2>
      {contact.identities.length === 0 ? (
        <p className="muted">{t('contact.noIdentities')}</p>
      ) : (
        <ul className="plain-list">
          {contact.identities.map((identity) => (
            <li key={`${identity.channel_kind}:${identity.external_id}`}>
              <strong>{channelLabel(identity.channel_kind, t)}</strong> <code title={identity.external_id}>{cellText(identity.external_id, 40)}</code>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
