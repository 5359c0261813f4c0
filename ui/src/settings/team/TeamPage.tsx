import { useCallback } from 'react'
import { can } from '../../auth/permissions'
import { useSession } from '../../auth/session'
import { api } from '../../client'
import type { Member } from '../../client/types'
import { useT } from '../../i18n/useT'
import { Page } from '../../shared/Page'
import { ResourceStatus } from '../../shared/ResourceStatus'
import { useResource } from '../../shared/useResource'
import { InvitationsSection } from './InvitationsSection'
import { MembersTable } from './MembersTable'

export function TeamPage() {
  const t = useT()
  const { me, setMe } = useSession()
  const members = useResource(useCallback(() => api.GET('/api/team/members'), []))

  // Changing or removing oneself changes what this session may do: ask the server again.
  const refreshMe = async () => {
    const { data } = await api.GET('/api/auth/me')
    if (data) setMe(data)
  }
  const onChanged = (member: Member) => {
    members.update((page) => ({ data: page.data.map((row) => (row.user_id === member.user_id ? member : row)) }))
    if (member.user_id === me.user.id) void refreshMe()
  }
  const onRemoved = (userId: string) => {
    members.update((page) => ({ data: page.data.filter((row) => row.user_id !== userId) }))
    // Out of this workspace: a full reload lands wherever the session can still go.
    if (userId === me.user.id) window.location.assign('/')
  }

  return (
    <Page title={t('team.title')} subtitle={t('team.subtitle', { workspace: me.workspace.name })}>
      <section className="section">
        <h2>{t('team.members')}</h2>
        <ResourceStatus state={members.state} />
        {members.state.phase === 'ready' && (
          <MembersTable members={members.state.data.data} onChanged={onChanged} onRemoved={onRemoved} />
        )}
      </section>
      {can(me.permissions, 'team:manage') && <InvitationsSection />}
    </Page>
  )
}
