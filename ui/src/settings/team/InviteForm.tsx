import { useState, type FormEvent } from 'react'
import { assignableRoles } from '../../auth/permissions'
import { useSession } from '../../auth/session'
import { emailError } from '../../auth/validation'
import { api } from '../../client'
import type { Invitation, Role } from '../../client/types'
import { useT } from '../../i18n/useT'
import { FormError } from '../../shared/FormError'
import { useAction } from '../../shared/useAction'
import { RoleSelect } from './RoleSelect'

export function InviteForm({ onInvited }: { onInvited: (invitation: Invitation) => void }) {
  const t = useT()
  const { me } = useSession()
  const { busy, error, setError, run } = useAction()
  const [email, setEmail] = useState('')
  const [role, setRole] = useState<Role>('agent')
  const [sentTo, setSentTo] = useState<string | null>(null)

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    setSentTo(null)
    const invalid = emailError(email)
    if (invalid) {
      setError(t(invalid))
      return
    }
    const result = await run(() => api.POST('/api/team/invitations', { body: { email: email.trim(), role } }))
    if (!result?.data) return
    onInvited(result.data)
    setSentTo(result.data.email)
    setEmail('')
  }

  return (
    <form className="inline-form" noValidate onSubmit={(event) => void onSubmit(event)} data-testid="invite-form">
      <label className="field inline-form__grow">
        <span>{t('login.email')}</span>
        <input name="email" type="email" value={email} onChange={(event) => setEmail(event.target.value)} required />
      </label>
      <label className="field">
        <span>{t('invite.role')}</span>
        <RoleSelect name="role" label={t('invite.role')} value={role} options={assignableRoles(me.role)} onChange={setRole} />
      </label>
      <button type="submit" className="button button--primary" disabled={busy}>
        {busy ? t('team.inviting') : t('team.invite')}
      </button>
      <div className="inline-form__messages">
        <FormError message={error} testId="invite-form-error" />
        {sentTo && (
          <p className="form-success" role="status">
            {t('team.invited', { email: sentTo })}
          </p>
        )}
      </div>
    </form>
  )
}
