import { useCallback, useMemo, useState, type FormEvent } from 'react'
import { api } from '../../client'
import type { Translate } from '../../i18n/languages'
import { useT } from '../../i18n/useT'
import { FormError } from '../../shared/FormError'
import { TextField } from '../../shared/TextField'
import { useResource } from '../../shared/useResource'
import { cellText } from '../display'
import { fieldLabel } from '../labels'
import type { ContactImport, ImportStart } from '../types'
import { useProblemAction } from '../useProblemAction'
import { ConsentOption, consentOption, noConsent, type ConsentChoice } from './ConsentOption'
import { customTarget, ignore, initialMapping, mappingProblems, splitTags, standardTargets, type Mapping, type MappingProblem } from './mapping'

type Options = NonNullable<ImportStart['options']>

function targetLabel(target: string, t: Translate, labels: ReadonlyMap<string, string>): string {
  if (target === 'tags') return t('import.target.tags')
  if (target === ignore) return t('import.target.ignore')
  if (target.startsWith('custom:')) return labels.get(target) ?? target
  return fieldLabel(target as Exclude<(typeof standardTargets)[number], 'tags'>, t)
}

function problemText(problem: MappingProblem, t: Translate, labels: ReadonlyMap<string, string>): string {
  if (problem.kind === 'duplicate') return t('import.problem.duplicate', { target: targetLabel(problem.target, t, labels), columns: problem.columns.join(', ') })
  if (problem.kind === 'unknownField') return t('import.problem.unknownField', { key: problem.key })
  return t('import.problem.noIdentifier')
}

/** Columns to fields (prefilled from the server's suggestion, with sample values), then options. */
export function MappingStep({ upload, onStarted, onCancel }: { upload: ContactImport; onStarted: (started: ContactImport) => void; onCancel: () => void }) {
  const t = useT()
  const fields = useResource(useCallback(() => api.GET('/api/custom-fields'), []))
  const customFields = fields.state.phase === 'ready' ? fields.state.data.data : []
  const customKeys = customFields.map((field) => field.key)
  const labels = useMemo(() => new Map(customFields.map((field) => [customTarget(field.key), field.label])), [customFields])
  const [edited, setEdited] = useState<Mapping>({})
  // The suggestion can name custom fields, which load after the upload: derive until edited.
  const mapping: Mapping = { ...initialMapping(upload.columns, upload.suggested_mapping ?? {}, customKeys), ...edited }
  const [tags, setTags] = useState('')
  const [country, setCountry] = useState('BR')
  const [consent, setConsent] = useState<ConsentChoice>(noConsent)
  const { busy, error, run } = useProblemAction()
  const problems = fields.state.phase === 'ready' ? mappingProblems(mapping, customKeys) : []
  const samples = upload.sample_rows ?? []
  const targets = [...standardTargets, ...customKeys.map(customTarget), ignore]

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    if (problems.length > 0) return
    // batch_size keeps the server's default; the generated type lists every field.
    const options = {
      tags: splitTags(tags),
      default_country: country.trim().toUpperCase() || null,
      consent: consentOption(consent),
    } as Options
    const result = await run(() => api.POST('/api/contacts/imports/{import_id}/start', { params: { path: { import_id: upload.id } }, body: { mapping, options } }))
    if (result?.data) onStarted(result.data)
  }

  // The suggestion names custom fields: the table waits for them rather than flicker to "ignore".
  if (fields.state.phase === 'loading') return <p className="muted">{t('app.loading')}</p>

  return (
    <form className="section" noValidate onSubmit={(event) => void onSubmit(event)} data-testid="import-mapping">
      <h2>{t('import.mappingTitle', { filename: upload.filename })}</h2>
      <p className="muted" data-testid="import-total-rows">
        {t('import.rows', { count: upload.total_rows })}
      </p>
      <table className="table">
        <thead>
          <tr>
            <th>{t('import.column')}</th>
            <th>{t('import.target')}</th>
            <th>{t('import.sample')}</th>
          </tr>
        </thead>
        <tbody>
          {upload.columns.map((column, index) => (
            <tr key={column} data-testid="import-column" data-column={column}>
              <td>
                <strong>{cellText(column, 40)}</strong>
              </td>
              <td>
                <select
                  className="select"
                  aria-label={t('import.target')}
                  name={`mapping.${column}`}
                  value={mapping[column] ?? ignore}
                  onChange={(event) => setEdited((current) => ({ ...current, [column]: event.target.value }))}
                >
                  {targets.map((target) => (
                    <option key={target} value={target}>
                      {targetLabel(target, t, labels)}
                    </option>
                  ))}
                </select>
              </td>
              <td className="muted">
                {samples
                  .map((row) => cellText(row[index], 30))
                  .filter((value) => value !== '')
                  .slice(0, 3)
                  .join(' · ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t('import.options')}</h3>
      <div className="inline-form">
        <div className="inline-form__grow">
          <TextField label={t('import.tags')} name="import_tags" hint={t('import.tagsHint')} value={tags} onChange={(event) => setTags(event.target.value)} />
        </div>
        <TextField label={t('import.defaultCountry')} name="default_country" hint={t('import.defaultCountryHint')} maxLength={2} value={country} onChange={(event) => setCountry(event.target.value)} />
      </div>
      <ConsentOption value={consent} onChange={setConsent} />
      {problems.map((problem) => (
        <p key={JSON.stringify(problem)} className="form-error" role="alert" data-testid="mapping-problem">
          {problemText(problem, t, labels)}
        </p>
      ))}
      <FormError message={error} testId="import-start-error" />
      <div className="button-row">
        <button type="submit" className="button button--primary" disabled={busy || problems.length > 0} data-testid="import-start">
          {busy ? t('import.starting') : t('import.start')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  )
}
