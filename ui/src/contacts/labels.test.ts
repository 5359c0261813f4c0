import { describe, expect, it } from 'vitest'
import { languages, translator } from '../i18n/languages'
import { channelLabel, channels, customFieldTypes, fieldLabel, fieldTypeLabel, operatorLabel, timelineKindLabel } from './labels'
import { operatorsByKind, standardFields } from './filter/operators'

describe('labels', () => {
  it('names every operator, field, channel and type in every language, each differently', () => {
    const operators = [...new Set(Object.values(operatorsByKind).flat())]
    for (const language of languages) {
      const t = translator(language)
      expect(new Set(operators.map((operator) => operatorLabel(operator, t))).size).toBe(operators.length)
      expect(new Set(standardFields.map((field) => fieldLabel(field, t))).size).toBe(standardFields.length)
      expect(new Set(channels.map((channel) => channelLabel(channel, t))).size).toBe(channels.length)
      expect(new Set(customFieldTypes.map((type) => fieldTypeLabel(type, t))).size).toBe(customFieldTypes.length)
    }
  })

  it('shows a timeline kind it does not know as sent', () => {
    expect(timelineKindLabel('tag_added', translator('pt-BR'))).toBe('Etiqueta adicionada')
    expect(timelineKindLabel('flow_entered', translator('en'))).toBe('flow entered')
  })
})
