import { createContext, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react'
import { initialLanguage, storeLanguage, translator, type Language, type Translate } from './languages'

export type { Translate }

export interface I18n {
  language: Language
  setLanguage: (language: Language) => void
  t: Translate
}

export const I18nContext = createContext<I18n | null>(null)

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage)

  const setLanguage = useCallback((next: Language) => {
    storeLanguage(next)
    setLanguageState(next)
  }, [])

  useEffect(() => {
    document.documentElement.lang = language
  }, [language])

  const value = useMemo<I18n>(() => {
    return { language, setLanguage, t: translator(language) }
  }, [language, setLanguage])

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>
}
