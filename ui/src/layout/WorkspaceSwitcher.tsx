import { useCallback } from 'react'
import { useSession } from '../auth/session'
import { api } from '../client'
import { useT } from '../i18n/useT'
import { homePath } from './nav'
import { navigate } from '../router'
import { FormError } from '../shared/FormError'
import { useAction } from '../shared/useAction'
import { useResource } from '../shared/useResource'

/** Lists the user's workspaces; hidden when there is only one to be in. */
export function WorkspaceSwitcher() {
  const t = useT()
  const { me, setMe } = useSession()
  const load = useCallback(() => api.GET('/api/auth/workspaces'), [])
  const { state } = useResource(load)
  const { busy, error, run } = useAction()

  if (state.phase !== 'ready' || state.data.data.length < 2) return null

  const switchTo = async (workspaceId: string) => {
    if (workspaceId === me.workspace.id) return
    const result = await run(() => api.POST('/api/auth/workspace', { body: { workspace_id: workspaceId } }))
    if (!result?.data) return
    // The app is keyed by workspace: every page reloads its data for the new one.
    setMe(result.data)
    navigate(homePath(result.data.permissions))
  }

  return (
    <div className="workspace-switcher">
      <label className="workspace-switcher__field">
        <span className="visually-hidden">{t('workspace.switch')}</span>
        <select
          data-testid="workspace-switcher"
          value={me.workspace.id}
          disabled={busy}
          onChange={(event) => void switchTo(event.target.value)}
        >
          {state.data.data.map(({ workspace, role }) => (
            <option key={workspace.id} value={workspace.id}>
              {workspace.name} · {t(`header.role.${role}`)}
            </option>
          ))}
        </select>
      </label>
      <FormError message={error} />
    </div>
  )
}
