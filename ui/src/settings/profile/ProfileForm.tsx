import { useState, type FormEvent } from 'react'
import { useSession } from '../../auth/session'
import { requiredError } from '../../auth/validation'
import { api } from '../../client'
import { useT } from '../../i18n/useT'
import { FormError } from '../../shared/FormError'
import { TextField } from '../../shared/TextField'
import { useAction } from '../../shared/useAction'

export function ProfileForm() {
  const t = useT()
  const { me, setMe } = useSession()
  const { busy, error, setError, run } = useAction()
  const [fullName, setFullName] = useState(me.user.full_name)
  const [saved, setSaved] = useState(false)

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    setSaved(false)
    const invalid = requiredError(fullName)
    if (invalid) {
      setError(t(invalid))
      return
    }
    const result = await run(() => api.PATCH('/api/account/profile', { body: { full_name: fullName.trim() } }))
    if (!result?.data) return
    setMe({ ...me, user: result.data })
    setFullName(result.data.full_name)
    setSaved(true)
  }

  return (
    <form className="stack-form" noValidate onSubmit={(event) => void onSubmit(event)} data-testid="profile-form">
      <TextField label={t('login.email')} name="email" value={me.user.email} readOnly disabled />
      <TextField
        label={t('signup.fullName')}
        name="full_name"
        autoComplete="name"
        value={fullName}
        onChange={(event) => {
          setFullName(event.target.value)
          setSaved(false)
        }}
        required
        maxLength={200}
      />
      <FormError message={error} />
      {saved && (
        <p className="form-success" role="status">
          {t('profile.saved')}
        </p>
      )}
      <div>
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('profile.saving') : t('profile.save')}
        </button>
      </div>
    </form>
  )
}
