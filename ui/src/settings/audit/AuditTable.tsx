import type { AuditEvent } from '../../client/types'
import { useI18n } from '../../i18n/useT'
import { formatDateTime } from '../../shared/formatDate'
import { auditActionLabel, auditActorLabel, auditDetailLines, shortId } from './actions'

export function AuditTable({ events }: { events: AuditEvent[] }) {
  const { t, language } = useI18n()
  return (
    <table className="table">
      <thead>
        <tr>
          <th>{t('audit.when')}</th>
          <th>{t('audit.action')}</th>
          <th>{t('audit.actor')}</th>
          <th>{t('audit.target')}</th>
          <th>{t('audit.details')}</th>
          <th>{t('audit.ip')}</th>
        </tr>
      </thead>
      <tbody>
        {events.map((event) => (
          <tr key={event.id} data-testid="audit-row" data-action={event.action}>
            <td className="muted table__nowrap">{formatDateTime(event.created_at, language)}</td>
            <td>
              <span className="chip" title={event.action}>
                {auditActionLabel(event.action, t)}
              </span>
            </td>
            <td>{auditActorLabel(event, t)}</td>
            <td className="muted">
              {event.target_type}
              {event.target_id && (
                <div>
                  <code className="table__id" title={event.target_id}>
                    {shortId(event.target_id)}
                  </code>
                </div>
              )}
            </td>
            <td className="muted">
              {auditDetailLines(event.details).map((line) => (
                <div key={line}>{line}</div>
              ))}
            </td>
            <td className="muted">
              <code>{event.ip_address ?? ''}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
