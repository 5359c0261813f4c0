import { describe, expect, it } from 'vitest'
import { languages, translator } from '../../i18n/languages'
import { applyPreset, draftErrors, draftFrom, formatDay, presetOf, saveBody, testErrorKey, usageTotals, type AiDraft } from './aiDraft'
import type { AiErrorKind } from './api'

const draft = (changes: Partial<AiDraft> = {}): AiDraft => ({
  baseUrl: 'http://localhost:11434/v1',
  model: 'llama3.2',
  apiKey: '',
  removeKey: false,
  ...changes,
})

describe('presets', () => {
  it('recognizes the usual servers by their base URL, trailing slash or not', () => {
    expect(presetOf('https://api.openai.com/v1').id).toBe('openai')
    expect(presetOf(' http://localhost:11434/v1/ ').id).toBe('ollama')
    expect(presetOf('http://localhost:1234/v1').id).toBe('lmstudio')
    expect(presetOf('http://localhost:8000/v1').id).toBe('vllm')
    expect(presetOf('https://my-resource.openai.azure.com/openai/v1').id).toBe('custom')
  })

  it('fills in the address, and the model only when none is typed', () => {
    expect(applyPreset(draft({ model: '' }), 'openai')).toEqual(draft({ baseUrl: 'https://api.openai.com/v1', model: 'gpt-4o-mini' }))
    expect(applyPreset(draft({ model: 'qwen3' }), 'ollama').model).toBe('qwen3')
    expect(applyPreset(draft(), 'custom')).toEqual(draft())
  })

  it('starts an unconfigured workspace on OpenAI, with no key typed', () => {
    expect(draftFrom({ configured: false, base_url: null, model: null, api_key_hint: null })).toEqual({
      baseUrl: 'https://api.openai.com/v1',
      model: '',
      apiKey: '',
      removeKey: false,
    })
  })
})

describe('draftErrors', () => {
  it('accepts http and https addresses with a host', () => {
    expect(draftErrors(draft())).toEqual({})
    expect(draftErrors(draft({ baseUrl: 'https://api.openai.com/v1', apiKey: ' sk-abc ' }))).toEqual({})
  })

  it('says what to fix, as the server would', () => {
    expect(draftErrors(draft({ baseUrl: ' ' })).baseUrl).toBe('ai.error.baseUrlRequired')
    expect(draftErrors(draft({ baseUrl: 'localhost:11434/v1' })).baseUrl).toBe('ai.error.baseUrlScheme')
    expect(draftErrors(draft({ baseUrl: 'ftp://example.com' })).baseUrl).toBe('ai.error.baseUrlScheme')
    expect(draftErrors(draft({ baseUrl: 'http://example.com:99999/v1' })).baseUrl).toBe('ai.error.baseUrlInvalid')
    expect(draftErrors(draft({ baseUrl: 'http://me:pw@example.com/v1' })).baseUrl).toBe('ai.error.baseUrlCredentials')
    expect(draftErrors(draft({ baseUrl: 'http://example.com/v1?x=1' })).baseUrl).toBe('ai.error.baseUrlQuery')
    expect(draftErrors(draft({ model: '  ' })).model).toBe('ai.error.modelRequired')
    expect(draftErrors(draft({ apiKey: 'sk a' })).apiKey).toBe('ai.error.apiKeySpaces')
  })
})

describe('saveBody', () => {
  it('keeps the stored key when none is typed, replaces it when one is, removes it on request', () => {
    expect(saveBody(draft({ baseUrl: ' http://localhost:11434/v1/ ', model: ' llama3.2 ' }))).toEqual({
      base_url: 'http://localhost:11434/v1',
      model: 'llama3.2',
    })
    expect(saveBody(draft({ apiKey: ' sk-new ' })).api_key).toBe('sk-new')
    expect(saveBody(draft({ removeKey: true })).api_key).toBe('')
    expect('api_key' in saveBody(draft())).toBe(false)
  })
})

describe('test results and usage', () => {
  const kinds: AiErrorKind[] = [
    'not_configured',
    'refused',
    'quota_exceeded',
    'model_not_found',
    'endpoint_not_found',
    'rejected',
    'incompatible',
    'unavailable',
  ]

  it('names every failure in every language', () => {
    for (const language of languages) {
      const t = translator(language)
      const texts = kinds.map((kind) => t(testErrorKey(kind)))
      expect(new Set(texts).size, language).toBe(kinds.length)
    }
  })

  it('adds up the period', () => {
    const rows = [
      { day: '2026-03-02', model: 'a', requests: 2, prompt_tokens: 10, completion_tokens: 3 },
      { day: '2026-03-01', model: 'b', requests: 1, prompt_tokens: 5, completion_tokens: 1 },
    ]
    expect(usageTotals(rows)).toEqual({ requests: 3, promptTokens: 15, completionTokens: 4 })
    expect(usageTotals([])).toEqual({ requests: 0, promptTokens: 0, completionTokens: 0 })
  })

  it('writes a UTC day without moving it to the local time zone', () => {
    expect(formatDay('2026-03-01', 'en')).toBe('Mar 1, 2026')
    expect(formatDay('2026-03-01', 'pt-BR')).toBe('1 de mar. de 2026')
    expect(formatDay('not a day', 'en')).toBe('not a day')
  })
})
