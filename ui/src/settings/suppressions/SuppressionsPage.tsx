import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react'
import { api } from '../../client'
import { failureMessage } from '../../client/failure'
import { otherProblems, problemsUnder } from '../../contacts/problems'
import type { Suppression } from '../../contacts/types'
import { useProblemAction } from '../../contacts/useProblemAction'
import { useI18n } from '../../i18n/useT'
import { FormError } from '../../shared/FormError'
import { formatDateTime } from '../../shared/formatDate'
import { Page } from '../../shared/Page'
import { TableHead } from '../../shared/TableHead'
import { TextField } from '../../shared/TextField'
import { useAction } from '../../shared/useAction'

type Kind = Suppression['kind']

/** Newest first, paged with `next_before`; the list can be long (every opt-out that suppressed). */
function useSuppressions() {
  const { t } = useI18n()
  const [rows, setRows] = useState<Suppression[]>([])
  const [next, setNext] = useState<string | null>(null)
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState<string | null>(null)
  const latest = useRef(0)

  const load = useCallback(
    async (before: string | null) => {
      const request = ++latest.current
      setLoading(true)
      try {
        const { data, error: failure, response } = await api.GET('/api/suppressions', { params: { query: { before: before ?? undefined } } })
        if (request !== latest.current) return
        if (data) {
          setRows((current) => (before === null ? data.data : [...current, ...data.data]))
          setNext(data.next_before)
          setError(null)
        } else setError(failureMessage(response.status, failure, t))
      } catch {
        if (request === latest.current) setError(t('error.network'))
      } finally {
        if (request === latest.current) setLoading(false)
      }
    },
    [t],
  )

  useEffect(() => {
    void load(null)
    // Loaded once; `load` changes with the language only.
  }, [])

  return { rows, setRows, loading, error, hasMore: next !== null, loadMore: () => void load(next) }
}

export function SuppressionsPage() {
  const { t, language } = useI18n()
  const list = useSuppressions()
  const removal = useAction()

  const remove = async (row: Suppression) => {
    if (!window.confirm(t('suppressions.confirmRemove', { value: row.value }))) return
    const done = await removal.run(() => api.DELETE('/api/suppressions/{suppression_id}', { params: { path: { suppression_id: row.id } } }))
    if (done) list.setRows((rows) => rows.filter((candidate) => candidate.id !== row.id))
  }

  return (
    <Page title={t('suppressions.title')} subtitle={t('suppressions.subtitle')}>
      <section className="section">
        <h2>{t('suppressions.addTitle')}</h2>
        <AddSuppressionForm onAdded={(row) => list.setRows((rows) => [row, ...rows.filter((candidate) => candidate.id !== row.id)])} />
      </section>
      <section className="section">
        <FormError message={list.error ?? removal.error} />
        {list.rows.length > 0 && (
          <table className="table">
            <TableHead labels={[t('suppressions.value'), t('suppressions.kind'), t('suppressions.reason'), t('suppressions.added')]} />
            <tbody>
              {list.rows.map((row) => (
                <tr key={row.id} data-testid="suppression-row" data-value={row.value}>
                  <td>
                    <code>{row.value}</code>
                  </td>
                  <td>{t(`suppressions.kind.${row.kind}`)}</td>
                  <td className="muted">{row.reason}</td>
                  <td className="muted table__nowrap">{formatDateTime(row.created_at, language)}</td>
                  <td className="table__actions">
                    <button type="button" className="button button--small button--danger" data-testid="suppression-remove" disabled={removal.busy} onClick={() => void remove(row)}>
                      {t('suppressions.remove')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {!list.loading && !list.error && list.rows.length === 0 && <p className="muted">{t('suppressions.empty')}</p>}
        {list.loading && <p className="muted">{t('app.loading')}</p>}
        {list.hasMore && !list.loading && (
          <div>
            <button type="button" className="button" onClick={list.loadMore}>
              {t('common.loadMore')}
            </button>
          </div>
        )}
      </section>
    </Page>
  )
}

function AddSuppressionForm({ onAdded }: { onAdded: (row: Suppression) => void }) {
  const t = useI18n().t
  const { busy, error, run, problems } = useProblemAction()
  const [kind, setKind] = useState<Kind>('email')
  const [value, setValue] = useState('')
  const [reason, setReason] = useState('')

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const result = await run(() => api.POST('/api/suppressions', { body: { kind, value: value.trim(), reason: reason.trim() } }))
    if (!result?.data) return
    onAdded(result.data)
    setValue('')
    setReason('')
  }

  return (
    <form className="inline-form" noValidate onSubmit={(event) => void onSubmit(event)} data-testid="suppression-form">
      <label className="field">
        <span>{t('suppressions.kind')}</span>
        <select className="select" name="kind" value={kind} onChange={(event) => setKind(event.target.value as Kind)}>
          <option value="email">{t('suppressions.kind.email')}</option>
          <option value="phone">{t('suppressions.kind.phone')}</option>
        </select>
      </label>
      <div className="inline-form__grow">
        <TextField
          label={t('suppressions.value')}
          name="value"
          value={value}
          maxLength={320}
          error={problemsUnder(problems, 'value').join(' ') || null}
          onChange={(event) => setValue(event.target.value)}
        />
      </div>
      <TextField label={t('suppressions.reason')} name="reason" value={reason} maxLength={200} onChange={(event) => setReason(event.target.value)} />
      <button type="submit" className="button button--primary" disabled={busy || value.trim() === ''}>
        {busy ? t('suppressions.adding') : t('suppressions.add')}
      </button>
      <div className="inline-form__messages">
        <FormError message={[error, ...otherProblems(problems, ['value'])].filter(Boolean).join(' ') || null} />
      </div>
    </form>
  )
}
