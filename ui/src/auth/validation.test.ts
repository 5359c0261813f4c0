import { describe, expect, it } from 'vitest'
import {
  emailError,
  hasErrors,
  invitationNeeds,
  passwordError,
  sameEmail,
  validateInvitation,
  validatePasswordChange,
  validateSignup,
} from './validation'

describe('field checks', () => {
  it('asks for ten characters of password', () => {
    expect(passwordError('')).toBe('validation.required')
    expect(passwordError('123456789')).toBe('validation.passwordTooShort')
    expect(passwordError('1234567890')).toBeNull()
  })

  it('checks the shape of e-mail addresses', () => {
    expect(emailError('')).toBe('validation.required')
    expect(emailError('ana')).toBe('validation.email')
    expect(emailError('ana@example')).toBe('validation.email')
    expect(emailError(' ana@example.com ')).toBeNull()
  })

  it('compares e-mails without case or spaces', () => {
    expect(sameEmail('Ana@Example.com ', 'ana@example.com')).toBe(true)
    expect(sameEmail('ana@example.com', 'bia@example.com')).toBe(false)
  })
})

describe('validateSignup', () => {
  it('reports every failing field and nothing else', () => {
    const errors = validateSignup({ email: 'x', password: 'short', full_name: ' ', workspace_name: 'Acme' })
    expect(errors).toEqual({
      email: 'validation.email',
      password: 'validation.passwordTooShort',
      full_name: 'validation.required',
    })
    expect(hasErrors(errors)).toBe(true)
  })

  it('accepts a complete form', () => {
    const errors = validateSignup({
      email: 'ana@example.com',
      password: 'long enough password',
      full_name: 'Ana',
      workspace_name: 'Acme',
    })
    expect(hasErrors(errors)).toBe(false)
  })
})

describe('invitation acceptance', () => {
  it('needs a name and password for a new account, a password for another session, nothing for the invitee', () => {
    expect(invitationNeeds(false, false)).toBe('nameAndPassword')
    expect(invitationNeeds(true, false)).toBe('password')
    expect(invitationNeeds(true, true)).toBe('nothing')
  })

  it('validates only what is asked', () => {
    expect(validateInvitation('nothing', { full_name: '', password: '' })).toEqual({})
    expect(validateInvitation('password', { full_name: '', password: '' })).toEqual({ password: 'validation.required' })
    expect(validateInvitation('nameAndPassword', { full_name: '', password: 'short' })).toEqual({
      full_name: 'validation.required',
      password: 'validation.passwordTooShort',
    })
  })
})

describe('validatePasswordChange', () => {
  it('needs the current password and a different, long enough new one', () => {
    expect(validatePasswordChange({ current_password: '', new_password: 'short' })).toEqual({
      current_password: 'validation.required',
      new_password: 'validation.passwordTooShort',
    })
    expect(validatePasswordChange({ current_password: 'same password', new_password: 'same password' })).toEqual({
      new_password: 'validation.passwordUnchanged',
    })
    expect(validatePasswordChange({ current_password: 'old', new_password: 'a new long password' })).toEqual({})
  })
})
