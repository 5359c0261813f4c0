import { describe, expect, it } from 'vitest'
import { consentOption, noConsent } from './ConsentOption'

describe('consentOption', () => {
  it('records nothing unless a status is chosen', () => {
    expect(consentOption(noConsent)).toBeNull()
  })

  it('sends the channel, status and a source', () => {
    expect(consentOption({ ...noConsent, status: 'opted_in', channel: 'email', source: ' ', proof: ' form 12 ' })).toEqual({
      channel: 'email',
      status: 'opted_in',
      source: 'import',
      proof: 'form 12',
    })
  })
})
