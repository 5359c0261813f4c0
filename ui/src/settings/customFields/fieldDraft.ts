import type { MessageKey } from '../../i18n/en'
import type { CustomFieldType } from '../../contacts/types'

const keyPattern = /^[a-z][a-z0-9_]{0,63}$/

/** A key suggested from the label: "Cidade natal" → "cidade_natal" (accents dropped). */
export function keyFromLabel(label: string): string {
  const key = label
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+/, '')
    .replace(/_+$/, '')
  return key.slice(0, 64)
}

/** Options typed one per line, blank lines and repeats dropped. */
export function parseOptions(text: string): string[] {
  const seen = new Set<string>()
  const options: string[] = []
  for (const line of text.split('\n')) {
    const option = line.trim()
    if (option === '' || seen.has(option.toLowerCase())) continue
    seen.add(option.toLowerCase())
    options.push(option)
  }
  return options
}

export function takesOptions(type: CustomFieldType): boolean {
  return type === 'single_select' || type === 'multi_select'
}

export interface FieldDraft {
  label: string
  key: string
  type: CustomFieldType
  options: string[]
}

export type FieldDraftErrors = Partial<Record<'label' | 'key' | 'options', MessageKey>>

/** The same rules as domain/custom_fields.py, checked before sending. */
export function fieldDraftErrors(draft: FieldDraft): FieldDraftErrors {
  const errors: FieldDraftErrors = {}
  if (draft.label.trim() === '') errors.label = 'customFields.labelRequired'
  if (!keyPattern.test(draft.key)) errors.key = 'customFields.keyInvalid'
  if (takesOptions(draft.type) && draft.options.length === 0) errors.options = 'customFields.optionsRequired'
  return errors
}
