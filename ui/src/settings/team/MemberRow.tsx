import { assignableRoles, canManageMember } from '../../auth/permissions'
import { useSession } from '../../auth/session'
import { api } from '../../client'
import type { Member, Role } from '../../client/types'
import { useI18n } from '../../i18n/useT'
import { formatDateTime } from '../../shared/formatDate'
import type { Action } from '../../shared/useAction'
import { RoleSelect } from './RoleSelect'

interface Props {
  member: Member
  /** Shared with the table, so a refusal (last owner, admins and owners) shows above it. */
  action: Action
  onChanged: (member: Member) => void
  onRemoved: (userId: string) => void
}

export function MemberRow({ member, action, onChanged, onRemoved }: Props) {
  const { t, language } = useI18n()
  const { me } = useSession()
  const manageable = canManageMember(me.permissions, me.role, member.role)
  const isMe = member.user_id === me.user.id
  const path = { params: { path: { user_id: member.user_id } } }

  const changeRole = async (role: Role) => {
    const result = await action.run(() => api.PATCH('/api/team/members/{user_id}', { ...path, body: { role } }))
    if (result?.data) onChanged(result.data)
  }

  const remove = async () => {
    if (!window.confirm(t('team.confirmRemove', { email: member.email }))) return
    const result = await action.run(() => api.DELETE('/api/team/members/{user_id}', path))
    if (result) onRemoved(member.user_id)
  }

  // An owner row keeps its option even for viewers who could not assign it.
  const options = manageable ? assignableRoles(me.role) : [member.role]
  return (
    <tr data-testid="member-row" data-email={member.email}>
      <td>
        <strong>{member.full_name || member.email}</strong>
        {isMe && <span className="chip chip--muted">{t('team.you')}</span>}
        <div className="muted">{member.email}</div>
      </td>
      <td>
        {manageable ? (
          <RoleSelect
            name="member-role"
            label={t('team.roleOf', { email: member.email })}
            value={member.role}
            options={options}
            disabled={action.busy}
            onChange={(role) => void changeRole(role)}
          />
        ) : (
          <span className="chip">{t(`header.role.${member.role}`)}</span>
        )}
      </td>
      <td className="muted">{formatDateTime(member.joined_at, language)}</td>
      <td className="table__actions">
        {manageable && (
          <button type="button" className="button button--small button--danger" disabled={action.busy} onClick={() => void remove()} data-testid="member-remove">
            {t('team.remove')}
          </button>
        )}
      </td>
    </tr>
  )
}
