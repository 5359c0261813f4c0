import { languageNames, languages, type Language } from '../i18n/languages'
import { useI18n } from '../i18n/useT'
import { GlobeIcon } from './icons'

export function LanguageSelect() {
  const { language, setLanguage, t } = useI18n()
  return (
    <label className="language-select">
      <span className="visually-hidden">{t('header.language')}</span>
      <GlobeIcon />
      <select
        value={language}
        data-testid="language-select"
        onChange={(event) => {
          const next = languages.find((candidate) => candidate === event.target.value)
          if (next) setLanguage(next)
        }}
      >
        {languages.map((option: Language) => (
          <option key={option} value={option}>
            {languageNames[option]}
          </option>
        ))}
      </select>
    </label>
  )
}
