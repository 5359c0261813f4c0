import { describe, expect, it } from 'vitest'
import type { Channel } from '../client/types'
import { createBody, emptyForm, fieldErrors, formFromChannel, isSecret, storedHint, updateBody } from './credentialForms'

const smsChannel: Channel = {
  id: '7d1c1b2e-0000-4000-8000-000000000001',
  kind: 'sms',
  name: 'Support SMS',
  public_key: 'pk',
  widget_snippet: null,
  demo_url: null,
  allowed_origins: [],
  credentials: {
    account_sid: 'AC0123',
    auth_token: '…f00d',
    api_key_sid: null,
    api_key_secret: null,
    from_number: '+5511987654321',
    messaging_service_sid: null,
  },
  secret_fields: ['api_key_secret', 'auth_token'],
  setup: [],
  created_at: '2026-11-30T00:00:00Z',
  updated_at: '2026-11-30T00:00:00Z',
}

describe('credential forms', () => {
  it('knows which fields are secrets', () => {
    expect(isSecret('whatsapp', 'access_token')).toBe(true)
    expect(isSecret('whatsapp', 'app_secret')).toBe(true)
    expect(isSecret('whatsapp', 'phone_number_id')).toBe(false)
    expect(isSecret('email', 'api_key')).toBe(true)
    expect(isSecret('email', 'event_webhook_public_key')).toBe(false)
    expect(isSecret('sms', 'auth_token')).toBe(true)
    expect(isSecret('sms', 'api_key_secret')).toBe(true)
  })

  it('builds a create body with trimmed values and null for blank optionals', () => {
    const state = emptyForm('email')
    state.name = '  Newsletter '
    state.values = { ...state.values, api_key: ' SG.key ', from_email: 'a@example.com', from_name: 'A', event_webhook_public_key: 'MFk' }
    expect(createBody(state)).toEqual({
      kind: 'email',
      name: 'Newsletter',
      credentials: {
        api_key: 'SG.key',
        from_email: 'a@example.com',
        from_name: 'A',
        reply_to: null,
        event_webhook_public_key: 'MFk',
        inbound_domain: null,
      },
    })
  })

  it('starts WhatsApp at the default API version', () => {
    expect(emptyForm('whatsapp').values.api_version).toBe('v23.0')
  })

  it('edits without secrets: blank secrets are left out so the server keeps them', () => {
    const state = formFromChannel(smsChannel)
    expect(state).not.toBeNull()
    if (!state) return
    expect(state.values.auth_token).toBe('')
    expect(state.values.from_number).toBe('+5511987654321')
    const body = updateBody(state)
    expect(body.credentials).not.toHaveProperty('auth_token')
    expect(body.credentials).not.toHaveProperty('api_key_secret')
    expect(body.credentials).toMatchObject({ account_sid: 'AC0123', from_number: '+5511987654321', messaging_service_sid: null })
    state.values.auth_token = 'new-token'
    expect(updateBody(state).credentials).toHaveProperty('auth_token', 'new-token')
  })

  it('shows the hint of stored secrets only', () => {
    expect(storedHint(smsChannel, 'auth_token')).toBe('…f00d')
    expect(storedHint(smsChannel, 'account_sid')).toBeNull()
  })

  it('has no form for web chat', () => {
    expect(formFromChannel({ ...smsChannel, kind: 'webchat' })).toBeNull()
  })

  it('reads field errors from a 422', () => {
    const error = {
      detail: [
        { loc: ['body', 'credentials', 'from_email'], msg: 'not valid', type: 'value_error' },
        { loc: ['body', 'name'], msg: 'too short', type: 'string_too_short' },
        { loc: ['body', 'credentials'], msg: 'whole', type: 'value_error' },
      ],
    }
    expect(fieldErrors(error)).toEqual({ from_email: 'not valid', name: 'too short' })
    expect(fieldErrors({ detail: 'Forbidden' })).toEqual({})
    expect(fieldErrors(null)).toEqual({})
  })
})
