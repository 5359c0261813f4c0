import { describe, expect, it } from 'vitest'
import { languages, translator } from '../../i18n/languages'
import { auditActionLabel, auditActions, auditActorLabel, auditDetailLines, shortId } from './actions'

describe('auditActionLabel', () => {
  it('names every recorded action in every language', () => {
    for (const language of languages) {
      const t = translator(language)
      const labels = auditActions.map((action) => auditActionLabel(action, t))
      for (const [index, label] of labels.entries()) expect(label, auditActions[index]).not.toBe(auditActions[index])
      expect(new Set(labels).size, language).toBe(auditActions.length)
    }
  })

  it('uses the language of the reader', () => {
    expect(auditActionLabel('login.failed', translator('en'))).toBe('Failed sign-in')
    expect(auditActionLabel('login.failed', translator('pt-BR'))).toBe('Falha ao entrar')
    expect(auditActionLabel('api_key.created', translator('en'))).toBe('API key created')
    expect(auditActionLabel('api_key.created', translator('pt-BR'))).toBe('Chave de API criada')
  })

  it('shows an action it does not know as recorded', () => {
    expect(auditActionLabel('flow.published', translator('en'))).toBe('flow.published')
  })
})

describe('auditActorLabel', () => {
  const t = translator('en')
  it('prefers the person, then the API key', () => {
    expect(auditActorLabel({ actor_email: 'ana@example.com', actor_api_key_name: null }, t)).toBe('ana@example.com')
    expect(auditActorLabel({ actor_email: null, actor_api_key_name: 'Zapier' }, t)).toBe('API key “Zapier”')
    expect(auditActorLabel({ actor_email: null, actor_api_key_name: null }, t)).toBe('—')
  })
})

describe('auditDetailLines', () => {
  it('lists details sorted by key', () => {
    expect(auditDetailLines({ to: 'admin', from: 'agent' })).toEqual(['from: agent', 'to: admin'])
  })
})

describe('shortId', () => {
  it('shortens UUIDs only', () => {
    expect(shortId('7eea75c2-2445-42aa-8159-83cb546e271c')).toBe('7eea75c2…')
    expect(shortId('42')).toBe('42')
  })
})
