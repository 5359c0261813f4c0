import type { MessageKey } from '../i18n/en'
import type { Translate } from '../i18n/languages'
import { errorDetail } from '.'

/**
 * What to tell the user about a refused request. The server's `detail` says what to fix
 * (403 permission, 409 conflict, 429 rate limit...); a 422 carries a list of validation
 * errors instead, so it gets the caller's own sentence.
 */
export function failureMessage(status: number, error: unknown, t: Translate, invalidInput: MessageKey = 'error.invalidInput'): string {
  if (status === 422) return t(invalidInput)
  return errorDetail(error) ?? t('error.generic')
}
