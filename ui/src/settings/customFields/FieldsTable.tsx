import { useState } from 'react'
import { api } from '../../client'
import { fieldTypeLabel } from '../../contacts/labels'
import type { CustomField } from '../../contacts/types'
import { useT } from '../../i18n/useT'
import { FormError } from '../../shared/FormError'
import { TableHead } from '../../shared/TableHead'
import { useAction } from '../../shared/useAction'
import { parseOptions, takesOptions } from './fieldDraft'

interface Props {
  fields: CustomField[]
  onChanged: (field: CustomField) => void
  onDeleted: (id: string) => void
}

export function FieldsTable({ fields, onChanged, onDeleted }: Props) {
  const t = useT()
  const action = useAction()
  const [editing, setEditing] = useState<string | null>(null)

  const remove = async (field: CustomField) => {
    if (!window.confirm(t('customFields.confirmDelete', { label: field.label }))) return
    const result = await action.run(() => api.DELETE('/api/custom-fields/{field_id}', { params: { path: { field_id: field.id } } }))
    if (result) onDeleted(field.id)
  }

  if (fields.length === 0) return <p className="muted">{t('customFields.empty')}</p>
  return (
    <>
      <FormError message={action.error} />
      <table className="table">
        <TableHead labels={[t('customFields.label'), t('customFields.key'), t('customFields.type'), t('customFields.options')]} />
        <tbody>
          {fields.map((field) =>
            editing === field.id ? (
              <EditRow
                key={field.id}
                field={field}
                onDone={(changed) => {
                  if (changed) onChanged(changed)
                  setEditing(null)
                }}
              />
            ) : (
              <tr key={field.id} data-testid="custom-field-row" data-key={field.key}>
                <td>
                  <strong>{field.label}</strong>
                </td>
                <td>
                  <code>{field.key}</code>
                </td>
                <td>{fieldTypeLabel(field.type, t)}</td>
                <td>
                  <span className="chips">
                    {(field.options ?? []).map((option) => (
                      <span key={option} className="chip chip--muted">
                        {option}
                      </span>
                    ))}
                  </span>
                </td>
                <td className="table__actions">
                  <button type="button" className="button button--small" data-testid="custom-field-edit-open" onClick={() => setEditing(field.id)}>
                    {t('common.edit')}
                  </button>{' '}
                  <button type="button" className="button button--small button--danger" data-testid="custom-field-delete" disabled={action.busy} onClick={() => void remove(field)}>
                    {t('common.delete')}
                  </button>
                </td>
              </tr>
            ),
          )}
        </tbody>
      </table>
    </>
  )
}

/** Only the label and the options change: the key and the type are what stored values rely on. */
function EditRow({ field, onDone }: { field: CustomField; onDone: (changed: CustomField | null) => void }) {
  const t = useT()
  const { busy, error, run } = useAction()
  const [label, setLabel] = useState(field.label)
  const [options, setOptions] = useState((field.options ?? []).join('\n'))

  const save = async () => {
    const body = takesOptions(field.type) ? { label: label.trim(), options: parseOptions(options) } : { label: label.trim() }
    const result = await run(() => api.PATCH('/api/custom-fields/{field_id}', { params: { path: { field_id: field.id } }, body }))
    if (result?.data) onDone(result.data)
  }

  return (
    <tr data-testid="custom-field-edit">
      <td>
        <input className="input" aria-label={t('customFields.label')} value={label} maxLength={100} onChange={(event) => setLabel(event.target.value)} />
        <FormError message={error} />
      </td>
      <td>
        <code>{field.key}</code>
      </td>
      <td>{fieldTypeLabel(field.type, t)}</td>
      <td>
        {takesOptions(field.type) && (
          <textarea className="textarea" aria-label={t('customFields.options')} rows={3} value={options} onChange={(event) => setOptions(event.target.value)} />
        )}
      </td>
      <td className="table__actions">
        <button type="button" className="button button--small button--primary" data-testid="custom-field-save" disabled={busy} onClick={() => void save()}>
          {busy ? t('common.saving') : t('common.save')}
        </button>{' '}
        <button type="button" className="button button--small" onClick={() => onDone(null)}>
          {t('common.cancel')}
        </button>
      </td>
    </tr>
  )
}
