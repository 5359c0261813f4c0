import { api } from '../../client'
import type { ApiKey } from '../../client/types'
import { useI18n } from '../../i18n/useT'
import { FormError } from '../../shared/FormError'
import { formatDateTime } from '../../shared/formatDate'
import { useAction } from '../../shared/useAction'
import { scopeLabel } from './scopes'
import { TableHead } from '../../shared/TableHead'

export function ApiKeysTable({ keys, onRevoked }: { keys: ApiKey[]; onRevoked: () => void }) {
  const { t, language } = useI18n()
  const action = useAction()

  const revoke = async (key: ApiKey) => {
    if (!window.confirm(t('apiKeys.confirmRevoke', { name: key.name }))) return
    const result = await action.run(() => api.DELETE('/api/api-keys/{key_id}', { params: { path: { key_id: key.id } } }))
    if (result) onRevoked()
  }

  if (keys.length === 0) return <p className="muted">{t('apiKeys.empty')}</p>
  return (
    <>
      <FormError message={action.error} />
      <table className="table">
        <TableHead labels={[t('apiKeys.name'), t('apiKeys.scopes'), t('apiKeys.createdBy'), t('apiKeys.lastUsed')]} />
        <tbody>
          {keys.map((key) => (
            <tr key={key.id} data-testid="api-key-row" data-name={key.name} className={key.revoked_at ? 'table__row--muted' : undefined}>
              <td>
                <strong>{key.name}</strong>
                <div>
                  <code className="muted">{key.prefix}…</code>
                </div>
              </td>
              <td>
                <span className="chips">
                  {key.scopes.map((scope) => (
                    <span key={scope} className="chip" title={scope}>
                      {scopeLabel(scope, t)}
                    </span>
                  ))}
                </span>
              </td>
              <td className="muted">
                {key.created_by_email}
                <div>{formatDateTime(key.created_at, language)}</div>
              </td>
              <td className="muted">{key.last_used_at ? formatDateTime(key.last_used_at, language) : t('apiKeys.neverUsed')}</td>
              <td className="table__actions">
                {key.revoked_at ? (
                  <span className="chip chip--muted" title={formatDateTime(key.revoked_at, language)}>
                    {t('apiKeys.revoked')}
                  </span>
                ) : (
                  <button type="button" className="button button--small button--danger" disabled={action.busy} onClick={() => void revoke(key)} data-testid="api-key-revoke">
                    {t('apiKeys.revoke')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  )
}
