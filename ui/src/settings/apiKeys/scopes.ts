import type { Translate } from '../../i18n/languages'
import { isMessageKey } from '../../i18n/keys'

/** The readable name of a permission used as an API key scope; unknown ones show as sent. */
export function scopeLabel(scope: string, t: Translate): string {
  const key = `permission.${scope}`
  return isMessageKey(key) ? t(key) : scope
}

export interface ApiKeyDraft {
  name: string
  scopes: string[]
}

export type ApiKeyDraftError = 'apiKeys.nameRequired' | 'apiKeys.scopesRequired'

export function validateApiKeyDraft(draft: ApiKeyDraft): ApiKeyDraftError | null {
  if (draft.name.trim() === '') return 'apiKeys.nameRequired'
  return draft.scopes.length === 0 ? 'apiKeys.scopesRequired' : null
}
