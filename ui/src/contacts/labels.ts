import type { Translate } from '../i18n/languages'
import { isMessageKey } from '../i18n/keys'
import type { ChannelKind, ConsentFilterStatus, CustomFieldType, ImportStatus, Operator, StandardField } from './types'

// The words for the API's enums. Template keys are checked by the compiler: a new enum value
// without a translation fails the type check.
export const operatorLabel = (operator: Operator, t: Translate) => t(`operator.${operator}`)
export const fieldLabel = (field: StandardField, t: Translate) => t(`field.${field}`)
export const channelLabel = (channel: ChannelKind, t: Translate) => t(`channel.${channel}`)
export const consentLabel = (status: ConsentFilterStatus, t: Translate) => t(`consent.${status}`)
export const fieldTypeLabel = (type: CustomFieldType, t: Translate) => t(`customFields.type.${type}`)
export const importStatusLabel = (status: ImportStatus, t: Translate) => t(`import.status.${status}`)

/** A timeline entry's kind in words; kinds this UI does not know yet show as sent. */
export function timelineKindLabel(kind: string, t: Translate): string {
  const key = `timeline.kind.${kind}`
  return isMessageKey(key) ? t(key) : kind.replaceAll('_', ' ')
}

export const channels = ['whatsapp', 'email', 'sms', 'webchat'] as const satisfies readonly ChannelKind[]
export const customFieldTypes = [
  'text',
  'number',
  'boolean',
  'date',
  'datetime',
  'single_select',
  'multi_select',
  'url',
] as const satisfies readonly CustomFieldType[]
