import { describe, expect, it } from 'vitest'
import type { ContactDetail, CustomField } from '../types'
import { draftOf, erasureConfirmed, isEmptyPatch, patchOf } from './draft'

const fields = [
  { id: '1', key: 'city', label: 'City', type: 'text', options: [] },
  { id: '2', key: 'score', label: 'Score', type: 'number', options: [] },
  { id: '3', key: 'vip', label: 'VIP', type: 'boolean', options: [] },
  { id: '4', key: 'likes', label: 'Likes', type: 'multi_select', options: ['a', 'b'] },
] as unknown as CustomField[]

const contact = {
  id: 'c1',
  name: 'Ana',
  phone: '+5511999990000',
  email: null,
  language: 'pt',
  timezone: null,
  country: 'BR',
  source: 'import',
  custom_fields: { city: 'Recife', score: 3, vip: true, likes: ['a'] },
} as unknown as ContactDetail

describe('contact draft', () => {
  it('reads every field as input text', () => {
    const draft = draftOf(contact, fields)
    expect(draft.standard.email).toBe('')
    expect(draft.custom).toEqual({ city: 'Recife', score: '3', vip: true, likes: ['a'] })
  })

  it('patches only what changed, clearing emptied fields', () => {
    const before = draftOf(contact, fields)
    expect(isEmptyPatch(patchOf(before, before, fields))).toBe(true)
    const after = {
      standard: { ...before.standard, email: ' ana@example.com ', country: '' },
      custom: { ...before.custom, score: '4,5', city: '', likes: ['a', 'b'] },
      owner: before.owner,
    }
    expect(patchOf(before, after, fields)).toEqual({
      email: 'ana@example.com',
      country: null,
      custom_fields: { city: null, score: 4.5, likes: ['a', 'b'] },
    })
  })

  it('sets and clears the owner', () => {
    const before = draftOf(contact, fields)
    expect(before.owner).toBe('')
    const owned = { ...before, owner: 'user-1' }
    expect(patchOf(before, owned, fields)).toEqual({ owner_user_id: 'user-1' })
    expect(patchOf(owned, before, fields)).toEqual({ owner_user_id: null })
  })

  it('confirms erasure with the exact name only', () => {
    expect(erasureConfirmed('Ana', 'Ana')).toBe(true)
    expect(erasureConfirmed(' Ana ', 'Ana')).toBe(true)
    expect(erasureConfirmed('ana', 'Ana')).toBe(false)
    expect(erasureConfirmed('', '')).toBe(false)
  })
})
