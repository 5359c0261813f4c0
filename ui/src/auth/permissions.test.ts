import { describe, expect, it } from 'vitest'
import { assignableRoles, canManageMember } from './permissions'

describe('assignableRoles', () => {
  it('offers the owner role to owners only', () => {
    expect(assignableRoles('owner')).toEqual(['owner', 'admin', 'marketer', 'agent'])
    expect(assignableRoles('admin')).toEqual(['admin', 'marketer', 'agent'])
  })
})

describe('canManageMember', () => {
  it('needs team:manage, and admins cannot touch owners', () => {
    expect(canManageMember(['team:manage'], 'owner', 'owner')).toBe(true)
    expect(canManageMember(['team:manage'], 'admin', 'owner')).toBe(false)
    expect(canManageMember(['team:manage'], 'admin', 'agent')).toBe(true)
    expect(canManageMember(['team:read'], 'agent', 'agent')).toBe(false)
  })
})
