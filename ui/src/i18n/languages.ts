import { en, type MessageKey } from './en'
import { ptBR } from './pt-BR'

export const languages = ['en', 'pt-BR'] as const
export type Language = (typeof languages)[number]

export const languageNames: Record<Language, string> = { en: 'English', 'pt-BR': 'Português (Brasil)' }

export const dictionaries: Record<Language, Record<MessageKey, string>> = { en, 'pt-BR': ptBR }

const storageKey = 'fluxo.language'

function isLanguage(value: string | null): value is Language {
  return languages.some((language) => language === value)
}

export function initialLanguage(): Language {
  const stored = readStorage()
  if (isLanguage(stored)) return stored
  return navigator.language.toLowerCase().startsWith('pt') ? 'pt-BR' : 'en'
}

export function storeLanguage(language: Language): void {
  try {
    localStorage.setItem(storageKey, language)
  } catch {
    // Storage can be unavailable (private mode); the choice then lasts for this page only.
  }
}

function readStorage(): string | null {
  try {
    return localStorage.getItem(storageKey)
  } catch {
    return null
  }
}

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string

/** A translate function over one language's dictionary. */
export function translator(language: Language): Translate {
  const dictionary = dictionaries[language]
  return (key, values) => format(dictionary[key], values)
}

/** Replaces `{name}` placeholders with the given values. */
export function format(template: string, values?: Record<string, string | number>): string {
  if (!values) return template
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole))
}
