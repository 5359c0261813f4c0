import type { MessageKey } from '../i18n/en'
import type { Translate } from '../i18n/languages'
import type { Message } from './api'

export type NoticeTone = 'failed' | 'skipped' | 'unconfirmed' | 'retrying'

/** What the agent reads under an outbound message that has not simply gone out. */
export interface DeliveryNotice {
  tone: NoticeTone
  text: string
  /** The server's own wording (provider detail, consent source), in English: a tooltip. */
  detail?: string
}

// The consent gate's codes (domain/send_consent.py `SkipCode`).
const skipKeys: Partial<Record<string, MessageKey>> = {
  opted_out: 'message.skipped.optedOut',
  suppressed: 'message.skipped.suppressed',
  no_opt_in: 'message.skipped.noOptIn',
}

type Shown = Pick<Message, 'direction' | 'status' | 'error_code' | 'error_message'>

export function deliveryNotice(message: Shown, t: Translate): DeliveryNotice | null {
  if (message.direction !== 'outbound') return null
  const detail = message.error_message ?? undefined
  switch (message.status) {
    case 'failed':
      return { tone: 'failed', text: message.error_message || t('message.failedGeneric') }
    case 'skipped': {
      const key = message.error_code ? skipKeys[message.error_code] : undefined
      return { tone: 'skipped', text: t(key ?? 'message.skippedGeneric'), detail }
    }
    case 'unconfirmed':
      return { tone: 'unconfirmed', text: t('message.unconfirmed'), detail }
    case 'queued':
      // Still queued with a reason: a transient failure, and the retries go on.
      return detail ? { tone: 'retrying', text: t('message.retrying'), detail } : null
    default:
      return null
  }
}
