import { type FormEvent } from 'react'
import { api } from '../client'
import type { Me } from '../client/types'
import { useT } from '../i18n/useT'
import { FormError } from '../shared/FormError'
import { Link } from '../shared/Link'
import { useAction } from '../shared/useAction'
import { AuthCard } from './AuthCard'

export function LoginPage({ onLoggedIn }: { onLoggedIn: (me: Me) => void }) {
  const t = useT()
  const { busy, error, run } = useAction()

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const email = String(form.get('email') ?? '')
    const password = String(form.get('password') ?? '')
    const result = await run(() => api.POST('/api/auth/login', { body: { email, password } }), 'login.invalidInput')
    if (result?.data) onLoggedIn(result.data)
  }

  return (
    <AuthCard
      title={t('login.title')}
      subtitle={t('login.subtitle')}
      onSubmit={(event) => void onSubmit(event)}
      footer={
        <>
          <Link href="/forgot-password">{t('login.forgotPassword')}</Link>
          <Link href="/signup">{t('login.createAccount')}</Link>
        </>
      }
    >
      <label className="field">
        <span>{t('login.email')}</span>
        <input name="email" type="email" autoComplete="username" required autoFocus />
      </label>
      <label className="field">
        <span>{t('login.password')}</span>
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      <FormError message={error} testId="login-error" />
      <button type="submit" className="button button--primary button--block" disabled={busy}>
        {busy ? t('login.submitting') : t('login.submit')}
      </button>
    </AuthCard>
  )
}
