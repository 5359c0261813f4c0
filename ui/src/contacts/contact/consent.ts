import { isMessageKey } from '../../i18n/keys'
import type { Translate } from '../../i18n/languages'
import type { ContactDetail } from '../types'

/** "Phone +55…": which of the contact's addresses the suppression list holds. */
export function suppressedText(contact: Pick<ContactDetail, 'suppressed' | 'phone' | 'email'>, t: Translate): string {
  return contact.suppressed
    .map((kind) => {
      const key = `suppressions.kind.${kind}`
      const address = kind === 'phone' ? contact.phone : kind === 'email' ? contact.email : null
      return [isMessageKey(key) ? t(key) : kind, address].filter(Boolean).join(' ')
    })
    .join(', ')
}
