import type { MessageKey } from '../../i18n/en'
import type { AiErrorKind, AiSettings, AiSettingsUpdate, AiUsageRow } from './api'

export type PresetId = 'openai' | 'ollama' | 'lmstudio' | 'vllm' | 'custom'

export interface Preset {
  id: PresetId
  baseUrl: string
  /** A model name to suggest (and to fill in when the field is empty). */
  model: string
}

/** Where the common OpenAI-compatible servers listen by default. */
export const PRESETS: readonly Preset[] = [
  { id: 'openai', baseUrl: 'https://api.openai.com/v1', model: 'gpt-4o-mini' },
  { id: 'ollama', baseUrl: 'http://localhost:11434/v1', model: 'llama3.2' },
  { id: 'lmstudio', baseUrl: 'http://localhost:1234/v1', model: 'qwen2.5-7b-instruct' },
  { id: 'vllm', baseUrl: 'http://localhost:8000/v1', model: 'meta-llama/Llama-3.1-8B-Instruct' },
  { id: 'custom', baseUrl: '', model: 'gpt-4o-mini' },
]

export interface AiDraft {
  baseUrl: string
  model: string
  /** Blank keeps the stored key. */
  apiKey: string
  removeKey: boolean
}

export type DraftErrors = Partial<Record<'baseUrl' | 'model' | 'apiKey', MessageKey>>

const normalizeUrl = (url: string) => url.trim().replace(/\/+$/, '')

/** The preset whose base URL this is; anything else is a custom server. */
export function presetOf(baseUrl: string): Preset {
  const url = normalizeUrl(baseUrl)
  return PRESETS.find((preset) => preset.id !== 'custom' && preset.baseUrl === url) ?? presetById('custom')
}

export function presetById(id: PresetId): Preset {
  const found = PRESETS.find((preset) => preset.id === id)
  if (!found) throw new Error(`unknown preset ${id}`)
  return found
}

/** Choosing a provider fills in its address, and its model when none is typed yet. */
export function applyPreset(draft: AiDraft, id: PresetId): AiDraft {
  const preset = presetById(id)
  if (id === 'custom') return draft
  return { ...draft, baseUrl: preset.baseUrl, model: draft.model.trim() === '' ? preset.model : draft.model }
}

export function draftFrom(settings: AiSettings): AiDraft {
  return { baseUrl: settings.base_url ?? PRESETS[0]?.baseUrl ?? '', model: settings.model ?? '', apiKey: '', removeKey: false }
}

function baseUrlError(raw: string): MessageKey | undefined {
  const value = raw.trim()
  if (value === '') return 'ai.error.baseUrlRequired'
  if (!/^https?:\/\//i.test(value)) return 'ai.error.baseUrlScheme'
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return 'ai.error.baseUrlInvalid'
  }
  if (url.hostname === '') return 'ai.error.baseUrlInvalid'
  if (url.username !== '' || url.password !== '') return 'ai.error.baseUrlCredentials'
  if (url.search !== '' || url.hash !== '') return 'ai.error.baseUrlQuery'
  return undefined
}

/** The server's rules, said before the request goes out. */
export function draftErrors(draft: AiDraft): DraftErrors {
  const errors: DraftErrors = {}
  const baseUrl = baseUrlError(draft.baseUrl)
  if (baseUrl) errors.baseUrl = baseUrl
  if (draft.model.trim() === '') errors.model = 'ai.error.modelRequired'
  if (/\s/.test(draft.apiKey.trim())) errors.apiKey = 'ai.error.apiKeySpaces'
  return errors
}

/** What PUT /api/ai-settings gets: a typed key replaces the stored one, "" removes it, and
 * leaving the key out keeps it. */
export function saveBody(draft: AiDraft): AiSettingsUpdate {
  const body: AiSettingsUpdate = { base_url: normalizeUrl(draft.baseUrl), model: draft.model.trim() }
  const key = draft.apiKey.trim()
  if (key !== '') body.api_key = key
  else if (draft.removeKey) body.api_key = ''
  return body
}

/** The headline of a failed test, in the reader's language; the server's detail follows it. */
export function testErrorKey(kind: AiErrorKind): MessageKey {
  return `ai.test.error.${kind}`
}

export interface UsageTotals {
  requests: number
  promptTokens: number
  completionTokens: number
}

export function usageTotals(rows: readonly AiUsageRow[]): UsageTotals {
  return rows.reduce(
    (sum, row) => ({
      requests: sum.requests + row.requests,
      promptTokens: sum.promptTokens + row.prompt_tokens,
      completionTokens: sum.completionTokens + row.completion_tokens,
    }),
    { requests: 0, promptTokens: 0, completionTokens: 0 },
  )
}

/** A UTC day (YYYY-MM-DD) written the reader's way, without shifting it to their time zone. */
export function formatDay(day: string, locale: string): string {
  const time = Date.parse(`${day}T00:00:00Z`)
  if (Number.isNaN(time)) return day
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(time)
}
