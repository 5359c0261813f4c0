import { useState, type FormEvent } from 'react'
import { fieldValue } from '../../auth/formFields'
import { minPasswordLength, validatePasswordChange, type FieldErrors } from '../../auth/validation'
import { api } from '../../client'
import { useT } from '../../i18n/useT'
import { FormError } from '../../shared/FormError'
import { TextField } from '../../shared/TextField'
import { useAction } from '../../shared/useAction'

type Field = 'current_password' | 'new_password'

export function PasswordForm() {
  const t = useT()
  const { busy, error, run } = useAction()
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<Field>>({})
  const [changed, setChanged] = useState(false)
  const fieldError = (field: Field) => {
    const key = fieldErrors[field]
    return key ? t(key, { min: minPasswordLength }) : null
  }

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const formElement = event.currentTarget
    const form = new FormData(formElement)
    const body = { current_password: fieldValue(form, 'current_password'), new_password: fieldValue(form, 'new_password') }
    setChanged(false)
    const errors = validatePasswordChange(body)
    setFieldErrors(errors)
    if (Object.keys(errors).length > 0) return
    const result = await run(() => api.POST('/api/account/password', { body }))
    if (!result) return
    formElement.reset()
    setChanged(true)
  }

  return (
    <form className="stack-form" noValidate onSubmit={(event) => void onSubmit(event)} data-testid="password-form">
      <TextField
        label={t('profile.currentPassword')}
        name="current_password"
        type="password"
        autoComplete="current-password"
        required
        error={fieldError('current_password')}
      />
      <TextField
        label={t('reset.newPassword')}
        name="new_password"
        type="password"
        autoComplete="new-password"
        required
        minLength={minPasswordLength}
        error={fieldError('new_password')}
        hint={t('validation.passwordHint', { min: minPasswordLength })}
      />
      <FormError message={error} testId="password-error" />
      {changed && (
        <p className="form-success" role="status" data-testid="password-changed">
          {t('profile.passwordChanged')}
        </p>
      )}
      <div>
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('profile.changingPassword') : t('profile.changePassword')}
        </button>
      </div>
    </form>
  )
}
