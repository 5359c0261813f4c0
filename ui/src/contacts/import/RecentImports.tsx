import { useI18n } from '../../i18n/useT'
import { formatDateTime } from '../../shared/formatDate'
import { ResourceStatus } from '../../shared/ResourceStatus'
import type { ResourceState } from '../../shared/useResource'
import { importStatusLabel } from '../labels'
import type { ContactImport } from '../types'
import { errorReportHref } from './ImportProgress'

export function RecentImports({ state, onOpen }: { state: ResourceState<{ data: ContactImport[] }>; onOpen: (job: ContactImport) => void }) {
  const { t, language } = useI18n()
  return (
    <section className="section">
      <h2>{t('import.recent')}</h2>
      <ResourceStatus state={state} />
      {state.phase === 'ready' && state.data.data.length === 0 && <p className="muted">{t('import.noRecent')}</p>}
      {state.phase === 'ready' && state.data.data.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th>{t('import.fileName')}</th>
              <th>{t('import.when')}</th>
              <th>{t('import.status')}</th>
              <th>{t('import.created')}</th>
              <th>{t('import.updated')}</th>
              <th>{t('import.errors')}</th>
              <th>
                <span className="visually-hidden">{t('table.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {state.data.data.map((job) => (
              <tr key={job.id} data-testid="recent-import" data-status={job.status}>
                <td>{job.filename}</td>
                <td className="muted table__nowrap">{formatDateTime(job.created_at, language)}</td>
                <td>
                  <span className="chip">{importStatusLabel(job.status, t)}</span>
                </td>
                <td>{job.created_count}</td>
                <td>{job.updated_count}</td>
                <td>
                  {job.error_count > 0 ? (
                    <a href={errorReportHref(job.id)} download title={t('import.downloadErrors')}>
                      {job.error_count}
                    </a>
                  ) : (
                    job.error_count
                  )}
                </td>
                <td className="table__actions">
                  <button type="button" className="button button--small" onClick={() => onOpen(job)}>
                    {t('import.open')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
