import type { Member } from '../../client/types'
import { useT } from '../../i18n/useT'
import { FormError } from '../../shared/FormError'
import { useAction } from '../../shared/useAction'
import { MemberRow } from './MemberRow'
import { TableHead } from '../../shared/TableHead'

interface Props {
  members: Member[]
  onChanged: (member: Member) => void
  onRemoved: (userId: string) => void
}

export function MembersTable({ members, onChanged, onRemoved }: Props) {
  const t = useT()
  const action = useAction()
  return (
    <>
      <FormError message={action.error} testId="team-error" />
      <table className="table">
        <TableHead labels={[t('team.member'), t('invite.role'), t('team.joined')]} />
        <tbody>
          {members.map((member) => (
            <MemberRow key={member.user_id} member={member} action={action} onChanged={onChanged} onRemoved={onRemoved} />
          ))}
        </tbody>
      </table>
    </>
  )
}
