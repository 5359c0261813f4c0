import { useState, type FormEvent } from 'react'
import { api } from '../client'
import { useT } from '../i18n/useT'
import { FormError } from '../shared/FormError'
import { Link } from '../shared/Link'
import { TextField } from '../shared/TextField'
import { useAction } from '../shared/useAction'
import { AuthCard } from './AuthCard'
import { fieldValue } from './formFields'
import { minPasswordLength, passwordError } from './validation'

export function ResetPasswordPage({ token }: { token: string }) {
  const t = useT()
  const { busy, error, run } = useAction()
  const [fieldError, setFieldError] = useState<string | null>(null)
  const [done, setDone] = useState(false)

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const newPassword = fieldValue(new FormData(event.currentTarget), 'new_password')
    const invalid = passwordError(newPassword)
    setFieldError(invalid ? t(invalid, { min: minPasswordLength }) : null)
    if (invalid) return
    const result = await run(() =>
      api.POST('/api/auth/password-reset/{token}', { params: { path: { token } }, body: { new_password: newPassword } }),
    )
    if (result) setDone(true)
  }

  if (done) {
    return (
      <AuthCard title={t('reset.title')} footer={<Link href="/login">{t('reset.goToLogin')}</Link>}>
        <p role="status" data-testid="reset-done">
          {t('reset.done')}
        </p>
      </AuthCard>
    )
  }

  return (
    <AuthCard
      title={t('reset.title')}
      subtitle={t('reset.subtitle')}
      onSubmit={(event) => void onSubmit(event)}
      footer={<Link href="/forgot-password">{t('reset.requestNew')}</Link>}
    >
      <TextField
        label={t('reset.newPassword')}
        name="new_password"
        type="password"
        autoComplete="new-password"
        required
        autoFocus
        minLength={minPasswordLength}
        error={fieldError}
        hint={t('validation.passwordHint', { min: minPasswordLength })}
      />
      <FormError message={error} testId="reset-error" />
      <button type="submit" className="button button--primary button--block" disabled={busy}>
        {busy ? t('reset.submitting') : t('reset.submit')}
      </button>
    </AuthCard>
  )
}
