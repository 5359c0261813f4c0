import { describe, expect, it } from 'vitest'
import { translator } from '../../i18n/languages'
import { scopeLabel, validateApiKeyDraft } from './scopes'

describe('scopeLabel', () => {
  it('names known permissions in each language and shows unknown ones as sent', () => {
    expect(scopeLabel('inbox:read', translator('en'))).toBe('Read the inbox')
    expect(scopeLabel('inbox:read', translator('pt-BR'))).toBe('Ler a caixa de entrada')
    expect(scopeLabel('future:thing', translator('en'))).toBe('future:thing')
  })
})

describe('validateApiKeyDraft', () => {
  it('needs a name and at least one scope', () => {
    expect(validateApiKeyDraft({ name: ' ', scopes: ['inbox:read'] })).toBe('apiKeys.nameRequired')
    expect(validateApiKeyDraft({ name: 'Zapier', scopes: [] })).toBe('apiKeys.scopesRequired')
    expect(validateApiKeyDraft({ name: 'Zapier', scopes: ['inbox:read'] })).toBeNull()
  })
})
