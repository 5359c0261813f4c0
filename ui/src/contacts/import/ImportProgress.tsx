import { useEffect } from 'react'
import { api } from '../../client'
import { useT } from '../../i18n/useT'
import { FormError } from '../../shared/FormError'
import { Link } from '../../shared/Link'
import { useAction } from '../../shared/useAction'
import { importStatusLabel } from '../labels'
import { isFinished, progressPercent } from './mapping'
import { useImportPolling } from './useImportPolling'

export function errorReportHref(importId: string): string {
  return `/api/contacts/imports/${encodeURIComponent(importId)}/errors.csv`
}

/** The live progress of one import, then its summary with the error report. */
export function ImportProgress({ importId, onFinished, onAnother }: { importId: string; onFinished: () => void; onAnother: () => void }) {
  const t = useT()
  const { job, error, replace } = useImportPolling(importId)
  const cancel = useAction()
  const finished = job !== null && isFinished(job.status)

  useEffect(() => {
    if (finished) onFinished()
  }, [finished, onFinished])

  if (job === null) return error ? <FormError message={error} /> : <p className="muted">{t('app.loading')}</p>
  const percent = progressPercent(job.processed_rows, job.total_rows, job.status)

  const onCancel = async () => {
    if (!window.confirm(t('import.confirmCancel'))) return
    const result = await cancel.run(() => api.POST('/api/contacts/imports/{import_id}/cancel', { params: { path: { import_id: job.id } } }))
    if (result?.data) replace(result.data)
  }

  return (
    <section className="card section import-progress" data-testid="import-progress" data-status={job.status}>
      <h2>{t('import.progressTitle', { filename: job.filename })}</h2>
      <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-label={t('import.progressTitle', { filename: job.filename })}>
        <div className={`progress__bar progress__bar--${job.status}`} style={{ width: `${percent}%` }} />
      </div>
      <p>
        <span className="chip" data-testid="import-status">
          {importStatusLabel(job.status, t)}
        </span>{' '}
        <span data-testid="import-processed">{t('import.progress', { processed: job.processed_rows.toLocaleString(), total: job.total_rows.toLocaleString() })}</span> · {percent}%
      </p>
      <dl className="stats">
        <div>
          <dt>{t('import.created')}</dt>
          <dd data-testid="import-created">{job.created_count}</dd>
        </div>
        <div>
          <dt>{t('import.updated')}</dt>
          <dd data-testid="import-updated">{job.updated_count}</dd>
        </div>
        <div>
          <dt>{t('import.errors')}</dt>
          <dd data-testid="import-errors">{job.error_count}</dd>
        </div>
      </dl>
      {job.failure_message && <p className="form-error">{job.failure_message}</p>}
      <FormError message={error ?? cancel.error} />
      <div className="button-row">
        {!finished && (
          <button type="button" className="button button--danger" disabled={cancel.busy} onClick={() => void onCancel()}>
            {t('import.cancel')}
          </button>
        )}
        {finished && job.error_count > 0 && (
          <a className="button button--primary" href={errorReportHref(job.id)} download data-testid="import-error-report">
            {t('import.downloadErrors')}
          </a>
        )}
        {finished && (
          <button type="button" className="button" onClick={onAnother} data-testid="import-another">
            {t('import.another')}
          </button>
        )}
        {finished && (
          <Link href="/contacts" className="button">
            {t('import.viewContacts')}
          </Link>
        )}
      </div>
      {finished && job.error_count > 0 && <p className="muted">{t('import.errorsHint')}</p>}
    </section>
  )
}
