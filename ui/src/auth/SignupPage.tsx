import { useState, type FormEvent } from 'react'
import { api } from '../client'
import type { Me } from '../client/types'
import { useT } from '../i18n/useT'
import { FormError } from '../shared/FormError'
import { Link } from '../shared/Link'
import { TextField } from '../shared/TextField'
import { useAction } from '../shared/useAction'
import { AuthCard } from './AuthCard'
import { fieldValue } from './formFields'
import { hasErrors, minPasswordLength, validateSignup, type FieldErrors, type SignupFields } from './validation'

export function SignupPage({ onSignedUp }: { onSignedUp: (me: Me) => void }) {
  const t = useT()
  const { busy, error, run } = useAction()
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<keyof SignupFields>>({})
  const fieldError = (field: keyof SignupFields) => {
    const key = fieldErrors[field]
    return key ? t(key, { min: minPasswordLength }) : null
  }

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const fields: SignupFields = {
      email: fieldValue(form, 'email').trim(),
      password: fieldValue(form, 'password'),
      full_name: fieldValue(form, 'full_name').trim(),
      workspace_name: fieldValue(form, 'workspace_name').trim(),
    }
    const errors = validateSignup(fields)
    setFieldErrors(errors)
    if (hasErrors(errors)) return
    const result = await run(() => api.POST('/api/auth/signup', { body: fields }))
    if (result?.data) onSignedUp(result.data)
  }

  return (
    <AuthCard
      title={t('signup.title')}
      subtitle={t('signup.subtitle')}
      onSubmit={(event) => void onSubmit(event)}
      footer={
        <span>
          {t('signup.haveAccount')} <Link href="/login">{t('signup.login')}</Link>
        </span>
      }
    >
      <TextField label={t('signup.fullName')} name="full_name" autoComplete="name" required autoFocus error={fieldError('full_name')} />
      <TextField label={t('login.email')} name="email" type="email" autoComplete="email" required error={fieldError('email')} />
      <TextField
        label={t('login.password')}
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={minPasswordLength}
        error={fieldError('password')}
        hint={t('validation.passwordHint', { min: minPasswordLength })}
      />
      <TextField label={t('signup.workspaceName')} name="workspace_name" autoComplete="organization" required error={fieldError('workspace_name')} />
      <FormError message={error} testId="signup-error" />
      <button type="submit" className="button button--primary button--block" disabled={busy}>
        {busy ? t('signup.submitting') : t('signup.submit')}
      </button>
    </AuthCard>
  )
}
