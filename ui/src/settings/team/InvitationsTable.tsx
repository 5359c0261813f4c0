import { api } from '../../client'
import type { Invitation } from '../../client/types'
import { useI18n } from '../../i18n/useT'
import { FormError } from '../../shared/FormError'
import { formatDateTime } from '../../shared/formatDate'
import { useAction } from '../../shared/useAction'
import { TableHead } from '../../shared/TableHead'

interface Props {
  invitations: Invitation[]
  onRevoked: (id: string) => void
}

export function InvitationsTable({ invitations, onRevoked }: Props) {
  const { t, language } = useI18n()
  const action = useAction()

  const revoke = async (invitation: Invitation) => {
    if (!window.confirm(t('team.confirmRevoke', { email: invitation.email }))) return
    const result = await action.run(() =>
      api.DELETE('/api/team/invitations/{invitation_id}', { params: { path: { invitation_id: invitation.id } } }),
    )
    if (result) onRevoked(invitation.id)
  }

  if (invitations.length === 0) return <p className="muted">{t('team.noInvitations')}</p>
  return (
    <>
      <FormError message={action.error} />
      <table className="table">
        <TableHead labels={[t('login.email'), t('invite.role'), t('team.invitedBy'), t('team.expires')]} />
        <tbody>
          {invitations.map((invitation) => (
            <tr key={invitation.id} data-testid="invitation-row" data-email={invitation.email}>
              <td>{invitation.email}</td>
              <td>
                <span className="chip">{t(`header.role.${invitation.role}`)}</span>
              </td>
              <td className="muted">{invitation.invited_by_email}</td>
              <td className="muted">{formatDateTime(invitation.expires_at, language)}</td>
              <td className="table__actions">
                <button type="button" className="button button--small" disabled={action.busy} onClick={() => void revoke(invitation)} data-testid="invitation-revoke">
                  {t('team.revoke')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  )
}
