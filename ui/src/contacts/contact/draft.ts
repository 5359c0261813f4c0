import type { ContactDetail, ContactPatch, CustomField } from '../types'

/** The editable standard fields, in the order the contact page shows them. */
export const editableFields = ['name', 'phone', 'email', 'language', 'timezone', 'country', 'source'] as const
export type EditableField = (typeof editableFields)[number]

/** What the form holds: every field as the text of its input. */
export interface ContactDraft {
  standard: Record<EditableField, string>
  custom: Record<string, string | boolean | string[]>
  /** The owner's user id; empty for none. */
  owner: string
}

function customInput(field: CustomField, value: unknown): string | boolean | string[] {
  if (field.type === 'boolean') return value === true
  if (field.type === 'multi_select') return Array.isArray(value) ? value.map(String) : []
  if (value === null || value === undefined) return ''
  if (field.type === 'datetime' && typeof value === 'string') return value.slice(0, 16)
  return String(value)
}

export function draftOf(contact: ContactDetail, fields: readonly CustomField[]): ContactDraft {
  const standard = Object.fromEntries(editableFields.map((name) => [name, contact[name] ?? ''])) as Record<EditableField, string>
  const custom = Object.fromEntries(fields.map((field) => [field.key, customInput(field, contact.custom_fields[field.key])]))
  return { standard, custom, owner: contact.owner_user_id ?? '' }
}

function customValue(field: CustomField, input: string | boolean | string[]): unknown {
  if (field.type === 'boolean' || Array.isArray(input)) return input
  if (typeof input === 'boolean') return input
  if (input.trim() === '') return null
  if (field.type === 'number') {
    const value = Number(input.replace(',', '.'))
    return Number.isFinite(value) ? value : input
  }
  return input
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null)
}

/**
 * The PATCH body for what changed between the loaded contact and the form: only changed fields,
 * so two people editing different fields do not undo each other. An emptied field is sent as
 * null (cleared); the server validates and normalises the rest.
 */
export function patchOf(before: ContactDraft, after: ContactDraft, fields: readonly CustomField[]): ContactPatch {
  const patch: Record<string, unknown> = {}
  for (const name of editableFields) {
    if (before.standard[name] !== after.standard[name]) {
      const value = after.standard[name].trim()
      patch[name] = value === '' && name !== 'name' ? null : value
    }
  }
  if (before.owner !== after.owner) patch.owner_user_id = after.owner === '' ? null : after.owner
  const custom: Record<string, unknown> = {}
  for (const field of fields) {
    const was = before.custom[field.key]
    const now = after.custom[field.key]
    if (now !== undefined && !same(was, now)) custom[field.key] = customValue(field, now)
  }
  if (Object.keys(custom).length > 0) patch.custom_fields = custom
  return patch as ContactPatch
}

export function isEmptyPatch(patch: ContactPatch): boolean {
  return Object.keys(patch).length === 0
}

/** The words a person types to confirm erasure: what they see as the contact's name. */
export function erasureConfirmed(typed: string, expected: string): boolean {
  return typed.trim() !== '' && typed.trim() === expected.trim()
}
