import type { MessageKey } from '../i18n/en'

/** The API's minimum (SignupRequest, password reset, invitation acceptance, password change). */
export const minPasswordLength = 10

export type FieldErrors<F extends string> = Partial<Record<F, MessageKey>>

export function passwordError(password: string): MessageKey | null {
  if (password.length === 0) return 'validation.required'
  return password.length < minPasswordLength ? 'validation.passwordTooShort' : null
}

/** A light shape check; the server decides whether the address is really valid. */
export function emailError(email: string): MessageKey | null {
  const trimmed = email.trim()
  if (trimmed === '') return 'validation.required'
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(trimmed) ? null : 'validation.email'
}

export function requiredError(value: string): MessageKey | null {
  return value.trim() === '' ? 'validation.required' : null
}

/** Keeps only the fields that failed; an empty object means the form may be sent. */
export function collectErrors<F extends string>(checks: Record<F, MessageKey | null>): FieldErrors<F> {
  const errors: FieldErrors<F> = {}
  for (const field of Object.keys(checks) as F[]) {
    const error = checks[field]
    if (error !== null) errors[field] = error
  }
  return errors
}

export function hasErrors<F extends string>(errors: FieldErrors<F>): boolean {
  return Object.keys(errors).length > 0
}

export interface SignupFields {
  email: string
  password: string
  full_name: string
  workspace_name: string
}

export function validateSignup(fields: SignupFields): FieldErrors<keyof SignupFields> {
  return collectErrors({
    email: emailError(fields.email),
    password: passwordError(fields.password),
    full_name: requiredError(fields.full_name),
    workspace_name: requiredError(fields.workspace_name),
  })
}

/** What accepting an invitation asks for: a new account needs a name and a password. */
export type InvitationNeeds = 'nameAndPassword' | 'password' | 'nothing'

export function invitationNeeds(accountExists: boolean, signedInAsInvitee: boolean): InvitationNeeds {
  if (!accountExists) return 'nameAndPassword'
  return signedInAsInvitee ? 'nothing' : 'password'
}

export function validateInvitation(
  needs: InvitationNeeds,
  fields: { full_name: string; password: string },
): FieldErrors<'full_name' | 'password'> {
  if (needs === 'nothing') return {}
  if (needs === 'password') return collectErrors({ full_name: null, password: requiredError(fields.password) })
  return collectErrors({ full_name: requiredError(fields.full_name), password: passwordError(fields.password) })
}

export function sameEmail(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase()
}

export function validatePasswordChange(fields: {
  current_password: string
  new_password: string
}): FieldErrors<'current_password' | 'new_password'> {
  const sameAsCurrent = fields.new_password !== '' && fields.new_password === fields.current_password
  return collectErrors({
    current_password: requiredError(fields.current_password),
    new_password: sameAsCurrent ? 'validation.passwordUnchanged' : passwordError(fields.new_password),
  })
}
