import { describe, expect, it } from 'vitest'
import { fieldDraftErrors, keyFromLabel, parseOptions } from './fieldDraft'

describe('custom field drafts', () => {
  it('suggests a valid key from the label', () => {
    expect(keyFromLabel('Cidade natal')).toBe('cidade_natal')
    expect(keyFromLabel('  Ação / Preço (R$) ')).toBe('acao_preco_r')
    expect(keyFromLabel('2025 Plan')).toBe('plan')
    expect(keyFromLabel('x'.repeat(80))).toHaveLength(64)
  })

  it('reads options one per line', () => {
    expect(parseOptions('free\n\n Pro \nfree\nFREE')).toEqual(['free', 'Pro'])
  })

  it('checks what the API would refuse', () => {
    expect(fieldDraftErrors({ label: 'City', key: 'city', type: 'text', options: [] })).toEqual({})
    expect(fieldDraftErrors({ label: ' ', key: '1x', type: 'single_select', options: [] })).toEqual({
      label: 'customFields.labelRequired',
      key: 'customFields.keyInvalid',
      options: 'customFields.optionsRequired',
    })
  })
})
