import { useCallback, useState, type FormEvent } from 'react'
import { api } from '../client'
import type { InvitationPreview, Me } from '../client/types'
import { useT } from '../i18n/useT'
import { FormError } from '../shared/FormError'
import { Link } from '../shared/Link'
import { TextField } from '../shared/TextField'
import { useAction } from '../shared/useAction'
import { useResource } from '../shared/useResource'
import { AuthCard } from './AuthCard'
import { fieldValue } from './formFields'
import { hasErrors, invitationNeeds, minPasswordLength, sameEmail, validateInvitation, type FieldErrors } from './validation'

interface Props {
  token: string
  /** Who is signed in in this browser, if anyone. */
  me: Me | null
  onAccepted: (me: Me) => void
}

export function InvitePage({ token, me, onAccepted }: Props) {
  const t = useT()
  const load = useCallback(() => api.GET('/api/invitations/{token}', { params: { path: { token } } }), [token])
  const { state } = useResource(load)

  if (state.phase === 'loading') return <AuthCard title={t('invite.title')}>{<p className="muted">{t('app.loading')}</p>}</AuthCard>
  if (state.phase === 'error') {
    return (
      <AuthCard title={t('invite.title')} footer={<Link href="/login">{t('forgot.backToLogin')}</Link>}>
        <FormError message={state.status === 404 ? t('invite.invalid') : state.message} testId="invite-error" />
      </AuthCard>
    )
  }
  return <AcceptForm token={token} invitation={state.data} me={me} onAccepted={onAccepted} />
}

function AcceptForm({ token, invitation, me, onAccepted }: Props & { invitation: InvitationPreview }) {
  const t = useT()
  const { busy, error, run } = useAction()
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<'full_name' | 'password'>>({})
  const signedInAsInvitee = me !== null && sameEmail(me.user.email, invitation.email)
  const needs = invitationNeeds(invitation.account_exists, signedInAsInvitee)
  const fieldError = (field: 'full_name' | 'password') => {
    const key = fieldErrors[field]
    return key ? t(key, { min: minPasswordLength }) : null
  }

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const fields = { full_name: fieldValue(form, 'full_name').trim(), password: fieldValue(form, 'password') }
    const errors = validateInvitation(needs, fields)
    setFieldErrors(errors)
    if (hasErrors(errors)) return
    const body =
      needs === 'nameAndPassword' ? fields : needs === 'password' ? { password: fields.password } : {}
    const result = await run(() => api.POST('/api/invitations/{token}/accept', { params: { path: { token } }, body }))
    if (result?.data) onAccepted(result.data)
  }

  return (
    <AuthCard
      title={t('invite.title')}
      subtitle={t('invite.subtitle', { workspace: invitation.workspace_name })}
      onSubmit={(event) => void onSubmit(event)}
    >
      <dl className="invite-summary" data-testid="invite-summary">
        <dt>{t('invite.workspace')}</dt>
        <dd data-testid="invite-workspace">{invitation.workspace_name}</dd>
        <dt>{t('invite.role')}</dt>
        <dd data-testid="invite-role">{t(`header.role.${invitation.role}`)}</dd>
        <dt>{t('login.email')}</dt>
        <dd data-testid="invite-email">{invitation.email}</dd>
      </dl>
      {me !== null && !signedInAsInvitee && (
        <p className="muted">{t('invite.otherAccount', { email: me.user.email })}</p>
      )}
      {needs === 'nameAndPassword' && (
        <>
          <p className="muted">{t('invite.newAccount')}</p>
          <TextField label={t('signup.fullName')} name="full_name" autoComplete="name" required autoFocus error={fieldError('full_name')} />
        </>
      )}
      {needs !== 'nothing' && (
        <TextField
          label={t('login.password')}
          name="password"
          type="password"
          autoComplete={needs === 'password' ? 'current-password' : 'new-password'}
          required
          error={fieldError('password')}
          hint={needs === 'password' ? t('invite.existingAccount') : t('validation.passwordHint', { min: minPasswordLength })}
        />
      )}
      <FormError message={error} testId="invite-error" />
      <button type="submit" className="button button--primary button--block" disabled={busy} data-testid="invite-accept">
        {busy ? t('invite.accepting') : t('invite.accept')}
      </button>
    </AuthCard>
  )
}
