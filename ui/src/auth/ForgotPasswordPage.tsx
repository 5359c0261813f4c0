import { useState, type FormEvent } from 'react'
import { api } from '../client'
import { useT } from '../i18n/useT'
import { FormError } from '../shared/FormError'
import { Link } from '../shared/Link'
import { TextField } from '../shared/TextField'
import { useAction } from '../shared/useAction'
import { AuthCard } from './AuthCard'
import { fieldValue } from './formFields'
import { emailError } from './validation'

export function ForgotPasswordPage() {
  const t = useT()
  const { busy, error, run } = useAction()
  const [fieldError, setFieldError] = useState<string | null>(null)
  const [sent, setSent] = useState(false)

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const email = fieldValue(new FormData(event.currentTarget), 'email').trim()
    const invalid = emailError(email)
    setFieldError(invalid ? t(invalid) : null)
    if (invalid) return
    // The answer is the same whether or not the account exists, so it says nothing to show.
    const result = await run(() => api.POST('/api/auth/password-reset', { body: { email } }))
    if (result) setSent(true)
  }

  const footer = <Link href="/login">{t('forgot.backToLogin')}</Link>

  if (sent) {
    return (
      <AuthCard title={t('forgot.title')} footer={footer}>
        <p role="status" data-testid="forgot-sent">
          {t('forgot.sent')}
        </p>
      </AuthCard>
    )
  }

  return (
    <AuthCard title={t('forgot.title')} subtitle={t('forgot.subtitle')} onSubmit={(event) => void onSubmit(event)} footer={footer}>
      <TextField label={t('login.email')} name="email" type="email" autoComplete="email" required autoFocus error={fieldError} />
      <FormError message={error} />
      <button type="submit" className="button button--primary button--block" disabled={busy}>
        {busy ? t('forgot.submitting') : t('forgot.submit')}
      </button>
    </AuthCard>
  )
}
