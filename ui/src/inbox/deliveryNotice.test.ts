import { describe, expect, it } from 'vitest'
import { translator } from '../i18n/languages'
import { deliveryNotice } from './deliveryNotice'

const en = translator('en')
const pt = translator('pt-BR')
const outbound = { direction: 'outbound' as const, error_code: null, error_message: null }

describe('deliveryNotice', () => {
  it('says nothing for messages that went out or are simply waiting', () => {
    expect(deliveryNotice({ ...outbound, status: 'sent' }, en)).toBeNull()
    expect(deliveryNotice({ ...outbound, status: 'queued' }, en)).toBeNull()
    expect(deliveryNotice({ ...outbound, direction: 'inbound', status: 'received' }, en)).toBeNull()
  })

  it('shows a transient failure as retrying, with the provider reason as detail', () => {
    const busy = { ...outbound, status: 'queued' as const, error_code: '130429', error_message: 'WhatsApp is busy or unreachable; retrying.' }
    expect(deliveryNotice(busy, en)).toEqual({ tone: 'retrying', text: en('message.retrying'), detail: busy.error_message })
    expect(deliveryNotice(busy, pt)?.text).toMatch(/tentando de novo/)
  })

  it('words each consent skip in the reader language', () => {
    for (const [code, words] of [['opted_out', /descadastrou/], ['suppressed', /supress/], ['no_opt_in', /opt-in/]] as const) {
      const skipped = { ...outbound, status: 'skipped' as const, error_code: code, error_message: 'Not sent: …' }
      expect(deliveryNotice(skipped, pt)?.tone).toBe('skipped')
      expect(deliveryNotice(skipped, pt)?.text).toMatch(words)
      expect(deliveryNotice(skipped, en)?.text).not.toBe(en('message.skippedGeneric'))
    }
    expect(deliveryNotice({ ...outbound, status: 'skipped', error_code: 'new_rule' }, en)?.text).toBe(en('message.skippedGeneric'))
  })

  it('asks the agent to check an unconfirmed send, and keeps a failure reason', () => {
    expect(deliveryNotice({ ...outbound, status: 'unconfirmed', error_code: 'unconfirmed' }, pt)?.text).toMatch(/confirmar/)
    expect(deliveryNotice({ ...outbound, status: 'failed', error_message: 'Number not on WhatsApp.' }, en)?.text).toBe('Number not on WhatsApp.')
  })
})
