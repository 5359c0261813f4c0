import { useState, type FormEvent } from 'react'
import { useSession } from '../../auth/session'
import { api } from '../../client'
import type { CreatedApiKey, Permission } from '../../client/types'
import { useT } from '../../i18n/useT'
import { FormError } from '../../shared/FormError'
import { useAction } from '../../shared/useAction'
import { scopeLabel, validateApiKeyDraft } from './scopes'

/** Scopes are offered from the creator's own permissions: a key cannot do more than its maker. */
export function CreateApiKeyForm({ onCreated }: { onCreated: (key: CreatedApiKey) => void }) {
  const t = useT()
  const { me } = useSession()
  const { busy, error, setError, run } = useAction()
  const [name, setName] = useState('')
  const [scopes, setScopes] = useState<Permission[]>([])

  const toggle = (scope: Permission, checked: boolean) =>
    setScopes((current) => (checked ? [...current, scope] : current.filter((candidate) => candidate !== scope)))

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const invalid = validateApiKeyDraft({ name, scopes })
    if (invalid) {
      setError(t(invalid))
      return
    }
    const result = await run(() => api.POST('/api/api-keys', { body: { name: name.trim(), scopes } }))
    if (!result?.data) return
    onCreated(result.data)
    setName('')
    setScopes([])
  }

  return (
    <form className="stack-form" noValidate onSubmit={(event) => void onSubmit(event)} data-testid="api-key-form">
      <label className="field">
        <span>{t('apiKeys.name')}</span>
        <input name="name" value={name} onChange={(event) => setName(event.target.value)} required maxLength={100} />
      </label>
      <fieldset className="scopes">
        <legend>{t('apiKeys.scopes')}</legend>
        {me.permissions.map((scope) => (
          <label key={scope} className="checkbox">
            <input
              type="checkbox"
              name="scopes"
              value={scope}
              checked={scopes.includes(scope)}
              onChange={(event) => toggle(scope, event.target.checked)}
            />
            <span>{scopeLabel(scope, t)}</span>
            <code className="muted">{scope}</code>
          </label>
        ))}
      </fieldset>
      <FormError message={error} testId="api-key-error" />
      <div>
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('apiKeys.creating') : t('apiKeys.create')}
        </button>
      </div>
    </form>
  )
}
