import { describe, expect, it } from 'vitest'
import { translator } from '../i18n/languages'
import { failureMessage } from './failure'

const t = translator('en')

describe('failureMessage', () => {
  it('shows the server detail, including rate limits and refusals', () => {
    expect(failureMessage(429, { detail: 'Too many attempts; try again in 30 seconds.' }, t)).toBe(
      'Too many attempts; try again in 30 seconds.',
    )
    expect(failureMessage(403, { detail: 'Admins cannot change owners.' }, t)).toBe('Admins cannot change owners.')
  })

  it('replaces validation lists with a sentence', () => {
    const validation = { detail: [{ loc: ['body', 'email'], msg: 'bad', type: 'value_error' }] }
    expect(failureMessage(422, validation, t)).toBe(t('error.invalidInput'))
    expect(failureMessage(422, validation, t, 'login.invalidInput')).toBe(t('login.invalidInput'))
  })

  it('falls back to a generic message', () => {
    expect(failureMessage(500, 'Internal Server Error', t)).toBe(t('error.generic'))
  })
})
