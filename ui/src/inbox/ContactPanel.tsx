import { useCallback } from 'react'
import { can } from '../auth/permissions'
import { useSession } from '../auth/session'
import { channelLabel, channels, consentLabel } from '../contacts/labels'
import { useT } from '../i18n/useT'
import { contactPath } from '../router'
import { Link } from '../shared/Link'
import { ResourceStatus } from '../shared/ResourceStatus'
import { useResource } from '../shared/useResource'
import { inboxApi, type Contact } from './api'
import { initials } from './people'

/** Who the agent is talking to: how to reach them, their tags and what they agreed to receive. */
export function ContactPanel({ contactId, onClose }: { contactId: string; onClose: () => void }) {
  const t = useT()
  const { me } = useSession()
  const allowed = can(me.permissions, 'contacts:read')
  const contact = useResource(useCallback(() => inboxApi.contact(contactId), [contactId]))
  return (
    <aside className="contact-panel" aria-label={t('inbox.contactPanel.title')} data-testid="contact-panel">
      <header className="contact-panel__header">
        <h2>{t('inbox.contactPanel.title')}</h2>
        <button type="button" className="button button--small button--ghost" aria-label={t('inbox.contactPanel.close')} onClick={onClose}>
          ×
        </button>
      </header>
      {!allowed ? (
        <p className="muted">{t('inbox.contactPanel.noAccess')}</p>
      ) : contact.state.phase === 'ready' ? (
        <ContactSummary contact={contact.state.data} />
      ) : (
        <ResourceStatus state={contact.state} />
      )}
    </aside>
  )
}

function ContactSummary({ contact }: { contact: Contact }) {
  const t = useT()
  const name = contact.name.trim() || contact.phone || contact.email || '—'
  return (
    <div className="contact-panel__body">
      <div className="contact-panel__who">
        <span className="avatar" aria-hidden="true">
          {initials(name)}
        </span>
        <strong data-testid="contact-panel-name">{name}</strong>
      </div>
      <dl className="contact-panel__facts">
        <dt>{t('contacts.col.phone')}</dt>
        <dd data-testid="contact-panel-phone">{contact.phone ? <a href={`tel:${contact.phone}`}>{contact.phone}</a> : '—'}</dd>
        <dt>{t('contacts.col.email')}</dt>
        <dd data-testid="contact-panel-email">{contact.email ? <a href={`mailto:${contact.email}`}>{contact.email}</a> : '—'}</dd>
        <dt>{t('contacts.col.tags')}</dt>
        <dd>
          {contact.tags.length === 0 ? (
            '—'
          ) : (
            <span className="chips">
              {contact.tags.map((tag) => (
                <span key={tag} className="chip">
                  {tag}
                </span>
              ))}
            </span>
          )}
        </dd>
      </dl>
      <h3>{t('contact.consent')}</h3>
      <ul className="plain-list contact-panel__consent">
        {channels.map((channel) => {
          const status = contact.consent.find((entry) => entry.channel === channel)?.status ?? 'unknown'
          return (
            <li key={channel} data-testid="contact-panel-consent" data-channel={channel} data-status={status}>
              <span>{channelLabel(channel, t)}</span>{' '}
              <span className={`chip${status === 'opted_out' ? ' chip--danger' : status === 'unknown' ? ' chip--muted' : ''}`}>{consentLabel(status, t)}</span>
            </li>
          )
        })}
      </ul>
      {contact.suppressed.length > 0 && <p className="form-error small">{t('inbox.contactPanel.suppressed')}</p>}
      <Link href={contactPath(contact.id)} className="button button--small" data-testid="contact-panel-open">
        {t('inbox.contactPanel.open')} →
      </Link>
    </div>
  )
}
