import { useState } from 'react'
import { useI18n } from '../../i18n/useT'
import { FormError } from '../../shared/FormError'
import { Page } from '../../shared/Page'
import { auditActionLabel, auditActions } from './actions'
import { AuditTable } from './AuditTable'
import { useAuditLog } from './useAuditLog'

export function AuditPage() {
  const { t } = useI18n()
  const [action, setAction] = useState<string | null>(null)
  const log = useAuditLog(action)

  return (
    <Page title={t('audit.title')} subtitle={t('audit.subtitle')}>
      <div className="toolbar">
        <label className="field field--inline">
          <span>{t('audit.filter')}</span>
          <select
            className="select"
            name="action"
            data-testid="audit-filter"
            value={action ?? ''}
            onChange={(event) => setAction(event.target.value === '' ? null : event.target.value)}
          >
            <option value="">{t('audit.allActions')}</option>
            {auditActions.map((candidate) => (
              <option key={candidate} value={candidate}>
                {auditActionLabel(candidate, t)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <FormError message={log.error} testId="audit-error" />
      {log.events.length > 0 && <AuditTable events={log.events} />}
      {!log.loading && !log.error && log.events.length === 0 && <p className="muted">{t('audit.empty')}</p>}
      {log.loading && <p className="muted">{t('app.loading')}</p>}
      {log.hasMore && !log.loading && (
        <button type="button" className="button" onClick={log.loadMore} data-testid="audit-load-more">
          {t('audit.loadMore')}
        </button>
      )}
    </Page>
  )
}
