import { describe, expect, it } from 'vitest'
import { translator } from '../../i18n/languages'
import { suppressedText } from './consent'

describe('suppressedText', () => {
  it('names the suppressed addresses, and kinds it does not know as sent', () => {
    const contact = { suppressed: ['phone', 'email'], phone: '+5581990000001', email: 'a@b.c' }
    expect(suppressedText(contact, translator('en'))).toBe('Phone +5581990000001, E-mail a@b.c')
    expect(suppressedText({ ...contact, suppressed: ['fax'] }, translator('pt-BR'))).toBe('fax')
  })
})
