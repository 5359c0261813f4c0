import { useState, type FormEvent } from 'react'
import { api, errorDetail } from '../client'
import type { Me } from '../client/types'
import { useT } from '../i18n/useT'
import { LanguageSelect } from '../layout/LanguageSelect'

export function LoginPage({ onLoggedIn }: { onLoggedIn: (me: Me) => void }) {
  const t = useT()
  const [error, setError] = useState<string | null>(null)
  const [submitting, setSubmitting] = useState(false)

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const email = String(form.get('email') ?? '')
    const password = String(form.get('password') ?? '')
    setSubmitting(true)
    setError(null)
    try {
      const { data, error: failure, response } = await api.POST('/api/auth/login', { body: { email, password } })
      if (data) {
        onLoggedIn(data)
        return
      }
      // 422 carries a list of validation errors, not a sentence to show.
      setError(response.status === 422 ? t('login.invalidInput') : (errorDetail(failure) ?? t('error.generic')))
    } catch {
      setError(t('error.network'))
    } finally {
      setSubmitting(false)
    }
  }

  return (
    <div className="login">
      <form className="login__card" onSubmit={(event) => void onSubmit(event)}>
        <div className="login__brand">
          <span className="logo" aria-hidden="true">
            F
          </span>
          <div>
            <h1>{t('login.title')}</h1>
            <p className="muted">{t('login.subtitle')}</p>
          </div>
        </div>
        <label className="field">
          <span>{t('login.email')}</span>
          <input name="email" type="email" autoComplete="username" required autoFocus />
        </label>
        <label className="field">
          <span>{t('login.password')}</span>
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        {error && (
          <p className="form-error" role="alert" data-testid="login-error">
            {error}
          </p>
        )}
        <button type="submit" className="button button--primary button--block" disabled={submitting}>
          {submitting ? t('login.submitting') : t('login.submit')}
        </button>
        <LanguageSelect />
      </form>
    </div>
  )
}
