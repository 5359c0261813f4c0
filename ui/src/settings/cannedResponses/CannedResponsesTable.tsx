import { useState } from 'react'
import { useT } from '../../i18n/useT'
import { inboxApi, type CannedResponse } from '../../inbox/api'
import { FormError } from '../../shared/FormError'
import { TableHead } from '../../shared/TableHead'
import { useAction } from '../../shared/useAction'
import { CannedResponseForm } from './CannedResponseForm'

interface Props {
  responses: CannedResponse[]
  canWrite: boolean
  onChanged: (response: CannedResponse) => void
  onDeleted: (id: string) => void
}

export function CannedResponsesTable({ responses, canWrite, onChanged, onDeleted }: Props) {
  const t = useT()
  const action = useAction()
  const [editing, setEditing] = useState<string | null>(null)

  const remove = async (response: CannedResponse) => {
    if (!window.confirm(t('canned.confirmDelete', { shortcut: response.shortcut }))) return
    const result = await action.run(() => inboxApi.deleteCannedResponse(response.id))
    if (result) onDeleted(response.id)
  }

  if (responses.length === 0) return <p className="muted">{t('canned.empty')}</p>
  return (
    <>
      <FormError message={action.error} />
      <table className="table">
        <TableHead labels={[t('canned.shortcut'), t('canned.titleField'), t('canned.body')]} />
        <tbody>
          {responses.map((response) =>
            editing === response.id ? (
              <tr key={response.id} data-testid="canned-edit-row">
                <td colSpan={4}>
                  <CannedResponseForm
                    initial={{ shortcut: response.shortcut, title: response.title, body: response.body }}
                    submitLabel={t('common.save')}
                    testId="canned-edit-form"
                    save={(draft) => inboxApi.updateCannedResponse(response.id, draft)}
                    onSaved={(saved) => {
                      onChanged(saved)
                      setEditing(null)
                    }}
                    onCancel={() => setEditing(null)}
                  />
                </td>
              </tr>
            ) : (
              <tr key={response.id} data-testid="canned-row" data-shortcut={response.shortcut}>
                <td>
                  <code>/{response.shortcut}</code>
                </td>
                <td>{response.title}</td>
                <td className="canned-body">{response.body}</td>
                <td className="table__actions">
                  {canWrite && (
                    <>
                      <button type="button" className="button button--small" data-testid="canned-edit" onClick={() => setEditing(response.id)}>
                        {t('common.edit')}
                      </button>{' '}
                      <button type="button" className="button button--small button--danger" data-testid="canned-delete" disabled={action.busy} onClick={() => void remove(response)}>
                        {t('common.delete')}
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ),
          )}
        </tbody>
      </table>
    </>
  )
}
