import { useCallback } from 'react'
import { api } from '../../client'
import type { Invitation } from '../../client/types'
import { useT } from '../../i18n/useT'
import { ResourceStatus } from '../../shared/ResourceStatus'
import { useResource } from '../../shared/useResource'
import { InvitationsTable } from './InvitationsTable'
import { InviteForm } from './InviteForm'

/** The invite form and the pending invitations; the API shows both to team:manage only. */
export function InvitationsSection() {
  const t = useT()
  const invitations = useResource(useCallback(() => api.GET('/api/team/invitations'), []))
  const onInvited = (invitation: Invitation) =>
    invitations.update((page) => ({ data: [invitation, ...page.data.filter((row) => row.id !== invitation.id)] }))
  const onRevoked = (id: string) => invitations.update((page) => ({ data: page.data.filter((row) => row.id !== id) }))

  return (
    <>
      <section className="section">
        <h2>{t('team.inviteTitle')}</h2>
        <InviteForm onInvited={onInvited} />
      </section>
      <section className="section">
        <h2>{t('team.invitations')}</h2>
        <ResourceStatus state={invitations.state} />
        {invitations.state.phase === 'ready' && (
          <InvitationsTable invitations={invitations.state.data.data} onRevoked={onRevoked} />
        )}
      </section>
    </>
  )
}
